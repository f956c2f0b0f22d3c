package io.manometer.harness.scenario;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared plumbing of the scenario ITs: one credentials folder per test class (issuing certificates is the slow
 * part), a scenario runner over it, and a check after each test that the scenario left no thread running.
 */
abstract class ScenarioTestSupport {

    /** Devices provisioned for every test class; a scenario uses the first {@code devices} of them. */
    static final int DEVICES = 6;

    private static TemporaryCredentials credentials;
    private LeftoverThreads threads;

    @BeforeAll
    static void provision() throws Exception {
        credentials = TemporaryCredentials.provision(DEVICES);
    }

    @AfterAll
    static void deleteCredentials() {
        if (credentials != null) {
            credentials.close();
        }
    }

    @BeforeEach
    void rememberThreads() {
        threads = LeftoverThreads.snapshot();
    }

    @AfterEach
    void no_thread_outlives_its_scenario() throws InterruptedException {
        threads.assertNoneLeft();
    }

    static ScenarioResult run(Scenario scenario) throws Exception {
        return new ScenarioRunner(credentials).run(scenario);
    }

    /** The result's progress line, so a failed assertion shows the whole row. */
    static String row(ScenarioResult result) {
        return result.progressLine(1, 1) + "; " + result.readings() + "; " + result.handshakes() + "; server "
                + result.server().summary() + "; link " + result.link().summary();
    }
}
