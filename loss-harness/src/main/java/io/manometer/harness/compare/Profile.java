package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * A named set of {@link Knob}s applied on top of the server's and the device's own configuration: {@link #DEFAULT}
 * is Manometer as shipped, {@link #LEAN} the configuration for constrained links. Profiles exist so that a
 * comparison can say exactly which settings produced which bytes, and so that the lean settings can be handed to
 * the real CLIs as {@code --config} files ({@link #serverProperties()}, {@link #deviceProperties}).
 *
 * @param name {@code default}, {@code lean}, or a name for a single knob's measurement
 * @param knobs the knobs switched on
 */
public record Profile(String name, Set<Knob> knobs) {

    public static final Profile DEFAULT = new Profile("default", Set.of());
    public static final Profile LEAN = new Profile("lean", Knob.lean());

    public Profile {
        Objects.requireNonNull(name, "name");
        knobs = knobs.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(knobs));
    }

    /** {@code default} or {@code lean}. */
    public static Optional<Profile> byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "default" -> Optional.of(DEFAULT);
            case "lean" -> Optional.of(LEAN);
            default -> Optional.empty();
        };
    }

    /** This profile with one more knob, named after it. */
    public Profile with(Knob knob) {
        Set<Knob> more = EnumSet.of(knob);
        more.addAll(knobs);
        return new Profile(name + " + " + knob.title(), more);
    }

    /** Applies the device-side settings for {@code mode}; returns {@code config}. */
    public Configuration applyToDevice(Configuration config, CredentialMode mode) {
        knobs.forEach(knob -> Knob.apply(knob.deviceSettings(mode), config));
        return config;
    }

    /** Applies the server-side settings; returns {@code config}. */
    public Configuration applyToServer(Configuration config) {
        knobs.forEach(knob -> Knob.apply(knob.serverSettings(), config));
        return config;
    }

    /** The suite a device in {@code mode} is restricted to, if a knob restricts it. */
    public Optional<CipherSuite> cipherSuite(CredentialMode mode) {
        return knobs.stream().map(knob -> knob.cipherSuite(mode)).flatMap(Optional::stream).findFirst();
    }

    /** The server's settings as {@code .properties} lines, for {@code ./manometer server --config}. */
    public List<String> serverProperties() {
        List<String> lines = new ArrayList<>();
        knobs.forEach(knob -> knob.serverSettings().forEach(s -> lines.add(s.line())));
        return lines;
    }

    /** A device's settings as {@code .properties} lines, for {@code ./manometer device --config}. */
    public List<String> deviceProperties(CredentialMode mode) {
        List<String> lines = new ArrayList<>();
        knobs.forEach(knob -> knob.deviceSettings(mode).forEach(s -> lines.add(s.line())));
        return lines;
    }

    @Override
    public String toString() {
        return name;
    }
}
