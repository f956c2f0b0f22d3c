package io.manometer.bench.limits;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link HandshakeCryptoBenchmarks} through JMH's API with short warm-up and measurement, one thread, and
 * turns the CPU time per operation ({@link WorkerCpuProfiler}) into {@link CryptoCosts}. One fork is the default:
 * a fresh JVM keeps the suite's own warm JIT and garbage out of the numbers; with 0 forks (the smoke run) it
 * measures in this JVM, which is faster to start.
 */
public final class CryptoBound {

    /** JMH's settings for one run; durations apply per iteration. */
    public record Settings(int forks, int warmupIterations, Duration warmup, int iterations, Duration measurement) {
    }

    private CryptoBound() {
    }

    public static CryptoCosts measure(Settings settings, int cores, Consumer<String> progress) {
        String prefix = HandshakeCryptoBenchmarks.class.getName() + ".";
        Options options = new OptionsBuilder()
                .include("^" + prefix.replace(".", "\\.") + "(keygen|ecdh|sign|verify)$")
                .forks(settings.forks())
                .threads(1)
                .warmupIterations(settings.warmupIterations())
                .warmupTime(TimeValue.milliseconds(settings.warmup().toMillis()))
                .measurementIterations(settings.iterations())
                .measurementTime(TimeValue.milliseconds(settings.measurement().toMillis()))
                .timeUnit(TimeUnit.MICROSECONDS)
                // JMH's own console report would go to stdout; the suite prints one line per benchmark instead
                .verbosity(VerboseMode.SILENT)
                .addProfiler(WorkerCpuProfiler.class)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("the JMH crypto benchmarks failed: " + e.getMessage(), e);
        }
        Map<String, Double> micros = new HashMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String name = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            double wall = result.getPrimaryResult().getScore();
            // CPU time when the JVM measures it (see WorkerCpuProfiler), else JMH's wall-clock score
            double cpu = result.getSecondaryResults().entrySet().stream()
                    .filter(entry -> entry.getKey().endsWith(WorkerCpuProfiler.LABEL))
                    .mapToDouble(entry -> entry.getValue().getScore()).findFirst().orElse(wall);
            micros.put(name, cpu);
            progress.accept(String.format(Locale.ROOT, "crypto: %-7s %8.1f µs/op CPU, %8.1f µs/op wall", name, cpu,
                    wall));
        }
        for (String name : new String[] {"keygen", "ecdh", "sign", "verify"}) {
            if (!micros.containsKey(name)) {
                throw new IllegalStateException("JMH did not report the " + name + " benchmark; is"
                        + " META-INF/BenchmarkList in the jar?");
            }
        }
        return new CryptoCosts(micros.get("keygen"), micros.get("ecdh"), micros.get("sign"), micros.get("verify"),
                cores);
    }
}
