package io.manometer.bench;

import io.manometer.bench.suite.SuiteCommand;
import io.manometer.cli.Cli;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the benchmarks behind the performance numbers, each a subcommand that runs the real server and
 * devices in one process on 127.0.0.1: {@code suite} writes bench/results.md, {@code ingest} prints a Markdown
 * section.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {SuiteCommand.class, IngestBench.class,
        HelpCommand.class},
        description = "Benchmarks of the Manometer server and devices, in one process on 127.0.0.1.")
public final class BenchMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.run("bench", new BenchMain(), args));
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command (one of: "
                + String.join(", ", spec.subcommands().keySet().stream().filter(name -> !name.equals("help"))
                        .toList()) + ")");
    }
}
