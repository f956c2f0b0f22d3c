package io.manometer.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a percentage as people write it, {@code 20} or {@code 20%}, for the harness and comparison options that
 * describe a lossy link. Only the number is read while parsing; the range is checked when the command runs, under
 * the option's name ({@link #checked}), because not every option allows all of {@code 0..100}.
 */
public final class PercentConverter implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        String number = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
        try {
            return Double.valueOf(number);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a percentage");
        }
    }

    /**
     * Returns {@code value} if it is a percentage of something, {@code 0..100}.
     *
     * @throws CliException (usage) naming {@code option}, e.g. {@code --loss must be 0..100, got 120.0}
     */
    public static double checked(String option, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw new CliException(Cli.USAGE, option + " must be 0..100, got " + value);
        }
        return value;
    }
}
