package dev.manor.history;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Properties;

/** Who runs Manor, as recorded beside every migration and event (the database user is read in SQL). */
public record Actor(String osUser, String host, String manorVersion) {
    private static final Actor CURRENT = new Actor(System.getProperty("user.name", "unknown"), hostName(), version());

    public static Actor current() {
        return CURRENT;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String version() {
        try (InputStream in = Actor.class.getResourceAsStream("/manor-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
