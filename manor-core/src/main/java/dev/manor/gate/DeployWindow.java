package dev.manor.gate;

import dev.manor.ManorException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Low-traffic hours from manor.toml's {@code deploy_window}: {@code "22:00-06:00"} (UTC) or
 * {@code "22:00-06:00 Europe/Berlin"}. A window whose end is before its start spans midnight; the end is exclusive.
 */
public record DeployWindow(LocalTime start, LocalTime end, ZoneId zone) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})(?:\\s+(\\S+))?");

    public static DeployWindow parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new ManorException("deploy_window: '" + text + "' is not a window (write e.g. \"22:00-06:00\" or "
                    + "\"22:00-06:00 Europe/Berlin\")");
        }
        try {
            ZoneId zone = m.group(3) == null ? ZoneOffset.UTC : ZoneId.of(m.group(3));
            return new DeployWindow(time(m.group(1)), time(m.group(2)), zone);
        } catch (DateTimeException e) {
            throw new ManorException("deploy_window: '" + text + "': " + e.getMessage());
        }
    }

    private static LocalTime time(String hhmm) {
        return LocalTime.parse(hhmm.length() == 4 ? "0" + hhmm : hhmm);
    }

    public boolean contains(Instant instant) {
        LocalTime t = instant.atZone(zone).toLocalTime();
        if (start.equals(end)) {
            return true;
        }
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    public String describe() {
        return start + "-" + end + " " + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId());
    }
}
