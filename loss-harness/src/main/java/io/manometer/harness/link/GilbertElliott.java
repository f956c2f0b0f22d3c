package io.manometer.harness.link;

/**
 * Burst loss as a two-state Gilbert–Elliott chain, the model netem's {@code loss gemodel} uses: real radio links
 * lose datagrams in runs, which hurts DTLS flights and CoAP retransmission far more than the same average loss
 * spread evenly. Before each datagram the chain moves good→bad with {@code goodToBadPercent} or bad→good with
 * {@code badToGoodPercent}; in the bad state a datagram is lost with {@code lossInBadPercent}, in the good state
 * with the impairment's random loss. The mean burst length is {@code 100 / badToGoodPercent} datagrams and the
 * share of datagrams in the bad state is {@code p / (p + r)}.
 *
 * @param goodToBadPercent chance per datagram to enter the bad state, 0..100 (0 = burst loss off)
 * @param badToGoodPercent chance per datagram to leave the bad state, greater than 0 and at most 100
 * @param lossInBadPercent loss in the bad state, 0..100
 */
public record GilbertElliott(double goodToBadPercent, double badToGoodPercent, double lossInBadPercent) {

    /** No burst loss: the chain never leaves the good state. */
    public static final GilbertElliott OFF = new GilbertElliott(0, 100, 100);

    public GilbertElliott {
        Impairment.checkPercent("burst good->bad", goodToBadPercent);
        Impairment.checkPercent("burst bad->good", badToGoodPercent);
        Impairment.checkPercent("burst loss in bad state", lossInBadPercent);
        if (goodToBadPercent > 0 && badToGoodPercent == 0) {
            throw new IllegalArgumentException("burst bad->good must be greater than 0 %, or the link never"
                    + " recovers from its first burst");
        }
    }

    /** Burst loss with every datagram lost in the bad state. */
    public static GilbertElliott of(double goodToBadPercent, double badToGoodPercent) {
        return new GilbertElliott(goodToBadPercent, badToGoodPercent, 100);
    }

    public boolean enabled() {
        return goodToBadPercent > 0;
    }

    /** The expected mean run of bad-state datagrams, {@code 1 / r}. */
    public double meanBurstLength() {
        return 100.0 / badToGoodPercent;
    }

    @Override
    public String toString() {
        return Impairment.percent(goodToBadPercent) + "/" + Impairment.percent(badToGoodPercent) + "/"
                + Impairment.percent(lossInBadPercent);
    }
}
