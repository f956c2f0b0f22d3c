package io.manometer.harness.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.harness.fuzz.FuzzMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code manometer harness}: the impaired link ({@code proxy}), the scenario matrix ({@code matrix}) and the fuzzer
 * ({@code fuzz}).
 */
@Command(name = "manometer harness", mixinStandardHelpOptions = true,
        subcommands = {ProxyMain.class, MatrixMain.class, FuzzMain.class},
        description = "Put a lossy, delaying, reordering, replaying link between devices and the server.")
public final class HarnessMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        int code = Cli.run("harness", new HarnessMain(), args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        throw new CliException(Cli.USAGE, "missing command: proxy or matrix (try '" + spec.qualifiedName()
                + " --help')");
    }
}
