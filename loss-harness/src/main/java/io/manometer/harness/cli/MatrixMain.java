package io.manometer.harness.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code manometer harness matrix}: the scenario matrix of issue #4, part 2; a placeholder until it lands. */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "Run loss scenarios against a real server and devices and write a report (not yet built).")
public final class MatrixMain implements Callable<Integer> {

    /** Whatever the future matrix will take, so that any invocation gets the same answer. */
    @Unmatched
    List<String> ignored;

    @Override
    public Integer call() {
        // TODO(#4) the scenario matrix replaces this placeholder
        throw new CliException(Cli.USAGE, "'matrix' is not part of this build yet (see issue #4)");
    }
}
