package io.manometer.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The shared behaviour of every Manometer command line: one readable error line on stderr and a non-zero exit code
 * instead of a stack trace, {@code --help} everywhere, and durations written the way people write them
 * ({@code 500ms}, {@code 1s}, {@code 2m}).
 */
public final class Cli {

    /** Exit code for a bad command line (picocli's convention). */
    public static final int USAGE = 2;
    /** Exit code for a failure the user can fix: missing files, refused credentials, unreachable server. */
    public static final int FAILURE = 1;

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)?");

    private Cli() {
    }

    /** Runs {@code command} and returns its exit code; never throws. */
    public static int run(String name, Object command, String... args) {
        CommandLine commandLine = new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(Duration.class, new DurationConverter());
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(name + ": " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, cl, parseResult) -> {
            PrintWriter err = cl.getErr();
            if (ex instanceof CliException cli) {
                err.println(name + ": " + cli.getMessage());
                return cli.exitCode();
            }
            // a bug, not a user error: one line for the user, the trace for whoever turns on DEBUG
            LoggerFactory.getLogger(Cli.class).debug("unexpected failure", ex);
            err.println(name + ": internal error: " + ex + " (run with -Dorg.slf4j.simpleLogger.defaultLogLevel=debug"
                    + " for details)");
            return FAILURE;
        });
        return commandLine.execute(args);
    }

    /**
     * Returns what {@code parser} makes of the user's input, turning its {@link IllegalArgumentException} (a value
     * object refusing the input) into a usage error with the same message.
     */
    public static <T> T parse(Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(USAGE, e.getMessage());
        }
    }

    /** Parses {@code 250ms}, {@code 1s}, {@code 5m}, {@code 1h}; a bare number means seconds. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + text + "' is not a duration (examples: 500ms, 1s, 2m, 1h)");
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(value);
            case "s" -> Duration.ofSeconds(value);
            case "m" -> Duration.ofMinutes(value);
            default -> Duration.ofHours(value);
        };
    }

    /** Human form of a duration, the inverse of {@link #parseDuration(String)} for whole units. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        return (millis / 1000) + "s";
    }

    private static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }
}
