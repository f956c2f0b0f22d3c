package io.manometer.cli;

import io.manometer.credentials.dtls.CredentialMode;

/**
 * Reads the value of a {@code --mode} option ({@code psk}, {@code ecdhe-psk}, {@code rpk}, {@code x509}) for the
 * commands that run one device or one kind of device, so they accept the same names and answer a wrong one with the
 * same line. Read when the command runs, not while picocli parses, so the error reads like the command's others.
 */
public final class ModeOption {

    private ModeOption() {
    }

    /**
     * The credential mode named {@code name}, ignoring case.
     *
     * @throws CliException (usage) naming the modes there are
     */
    public static CredentialMode parse(String name) {
        return CredentialMode.fromCliName(name).orElseThrow(() -> new CliException(Cli.USAGE, "unknown --mode '"
                + name + "' (use " + CredentialMode.cliNames() + ")"));
    }
}
