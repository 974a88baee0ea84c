package dev.manor;

/**
 * A failure Manor can explain in one line to the person running it: bad input, a refused
 * operation, an unreachable database. The CLI prints the message alone; the cause is for --verbose.
 */
public class ManorException extends RuntimeException {
    public ManorException(String message) {
        super(message);
    }

    public ManorException(String message, Throwable cause) {
        super(message, cause);
    }
}
