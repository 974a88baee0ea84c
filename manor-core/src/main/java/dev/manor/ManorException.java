package dev.manor;

/**
 * A failure Manor can explain in one line to the person running it: bad input, a refused operation, an unreachable
 * database. The message is complete on its own; the cause, if any, is for diagnosis. Subtypes let a caller tell the
 * cases apart without reading the message: {@link GateRefusedException}, {@link MigrationFailedException},
 * {@link LockNotAcquiredException}, {@link TrafficGuardCancelledException} and
 * {@link dev.manor.migration.MigrationFormatException}.
 */
public class ManorException extends RuntimeException {
    /**
     * A failure described by {@code message}.
     *
     * @param message one line that says what went wrong and what to do
     */
    public ManorException(String message) {
        super(message);
    }

    /**
     * A failure described by {@code message}, caused by {@code cause}.
     *
     * @param message one line that says what went wrong and what to do
     * @param cause   the underlying error
     */
    public ManorException(String message, Throwable cause) {
        super(message, cause);
    }
}
