package io.manometer.bench.suite;

import java.util.OptionalDouble;

/**
 * One row of the report's "Targets" table: the target, what was measured, the bound it is compared with
 * and whether it was met. The explanation is not the suite's to write: it comes from bench/FINDINGS.md, by
 * {@code id}, where the maintainer records what profiling showed.
 *
 * @param fraction what share of its bound the measured figure reached, when there is a bound
 */
record Target(String id, String target, String measured, String bound, OptionalDouble fraction, boolean met) {
}
