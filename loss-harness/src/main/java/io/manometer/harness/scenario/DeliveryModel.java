package io.manometer.harness.scenario;

import io.manometer.harness.link.GilbertElliott;
import io.manometer.harness.link.Impairment;

/**
 * What delivery to expect from CoAP's retransmission alone, so a measured run can be told apart from a broken one.
 * A confirmable exchange over an established session succeeds on one transmission when the request arrives and its
 * piggybacked response comes back, {@code (1-p_up)(1-p_down)}; it is tried {@code MAX_RETRANSMIT + 1} times
 * (RFC 7252 §4.2, §4.8), so it is delivered with {@code 1 - (1 - (1-p_up)(1-p_down))^(MAX_RETRANSMIT+1)}. The
 * model assumes independent losses; bursts break that assumption, which is what a miss then shows.
 */
public final class DeliveryModel {

    /** The 97.5 % quantile of the standard normal distribution: a two-sided 95 % interval. */
    public static final double Z_95 = 1.959963984540054;

    /** A closed interval of proportions. */
    public record Interval(double low, double high) {
        public boolean contains(double value) {
            return value >= low && value <= high;
        }
    }

    private DeliveryModel() {
    }

    /** The chance that one transmission of a request is answered: request up and response down both survive. */
    public static double perAttempt(double lossUp, double lossDown) {
        checkProbability("loss up", lossUp);
        checkProbability("loss down", lossDown);
        return (1 - lossUp) * (1 - lossDown);
    }

    /**
     * The expected delivery of one CON exchange: {@code 1 - (1 - (1-p_up)(1-p_down))^(MAX_RETRANSMIT+1)}.
     *
     * @param lossUp loss device→server, 0..1
     * @param lossDown loss server→device, 0..1
     * @param maxRetransmit CoAP MAX_RETRANSMIT (RFC 7252 §4.8: 4)
     */
    public static double expected(double lossUp, double lossDown, int maxRetransmit) {
        if (maxRetransmit < 0) {
            throw new IllegalArgumentException("MAX_RETRANSMIT must not be negative, got " + maxRetransmit);
        }
        return 1 - Math.pow(1 - perAttempt(lossUp, lossDown), maxRetransmit + 1);
    }

    /**
     * The Wilson score interval (95 %) of a measured proportion: unlike the normal approximation it stays inside
     * [0, 1] and is honest near 0 and 1, where delivery lives. No trials give [0, 1].
     */
    public static Interval wilson(long successes, long trials) {
        if (successes < 0 || trials < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + " of " + trials);
        }
        if (trials == 0) {
            return new Interval(0, 1);
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z_95 * Z_95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = Z_95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // the bounds are exactly 0 and 1 at the extremes; rounding must not move them
        double low = successes == 0 ? 0 : Math.max(0, centre - half);
        double high = successes == trials ? 1 : Math.min(1, centre + half);
        return new Interval(low, high);
    }

    /** True when the model's value lies outside the measured interval: the run and the model disagree. */
    public static boolean miss(double expected, Interval measured) {
        return !measured.contains(expected);
    }

    /**
     * The long-run share of datagrams one direction loses, 0..1. Under Gilbert–Elliott burst loss (p = good→bad,
     * r = bad→good) the chain is in its bad state {@code p/(p+r)} of the time, so the loss is
     * {@code p/(p+r)·lossBad + r/(p+r)·loss}. Scripted drops and the MTU are not modelled.
     */
    public static double effectiveLoss(Impairment impairment) {
        double loss = impairment.lossPercent() / 100;
        GilbertElliott burst = impairment.burst();
        if (!burst.enabled()) {
            return loss;
        }
        double p = burst.goodToBadPercent();
        double r = burst.badToGoodPercent();
        double bad = p / (p + r);
        return bad * burst.lossInBadPercent() / 100 + (1 - bad) * loss;
    }

    private static void checkProbability(String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(what + " must be 0..1, got " + value);
        }
    }
}
