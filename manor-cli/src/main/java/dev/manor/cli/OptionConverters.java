package dev.manor.cli;

import dev.manor.ManorException;
import dev.manor.config.Durations;
import picocli.CommandLine;

/**
 * Checks option values (and the MANOR_* variables behind them) while the command line is parsed, so that a
 * bad value exits 2 before any database is started. Durations keep their text: the library parses it again.
 */
final class OptionConverters {
    private OptionConverters() {
    }

    private static String check(String text, java.util.function.BiFunction<String, String, ?> parser) {
        try {
            parser.apply(text, "duration");
            return text;
        } catch (ManorException e) {
            throw new CommandLine.TypeConversionException(e.getMessage().replaceFirst("^duration: ", ""));
        }
    }

    /** A duration with a unit: 500ms, 2s, 1m (0 needs none). */
    static final class Plain implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return check(value, Durations::parse);
        }
    }

    /** As {@link Plain}, or "off" for none. */
    static final class OrOff implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return check(value, Durations::parseOrOff);
        }
    }

    /** A positive duration, or "off" (a 0 is refused: it would wait for locks without limit). */
    static final class LockTimeout implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return check(value, Durations::parseLockTimeout);
        }
    }

    /** A duration longer than 0 (a timeout of 0 would give up at once). */
    static final class Positive implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            check(value, Durations::parse);
            if (Durations.parse(value, "duration").isZero()) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be longer than 0");
            }
            return value;
        }
    }

    /** A whole number of at least 1 (log -n, rollback --steps). */
    static final class PositiveInt implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number of at least 1");
        }
    }
}
