package dev.manor.embedded;

/**
 * The embedded PostgreSQL could not be started, reached or stopped. The message is one line that says why and what
 * to do (this module does not depend on Manor's core, so it has its own exception).
 */
public class EmbeddedPostgresException extends RuntimeException {
    public EmbeddedPostgresException(String message) {
        super(message);
    }

    public EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
