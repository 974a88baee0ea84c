package dev.manor.backup;

import dev.manor.ManorException;

/** A backup, verification or restore could not be done; the message is one line, safe to print (no passwords). */
public class BackupException extends ManorException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
