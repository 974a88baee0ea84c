package dev.manor.history;

import dev.manor.ManorException;

/** A deployment log whose hash chain does not verify: what it says cannot be relied on. */
public class BrokenLogException extends ManorException {
    public BrokenLogException(String message) {
        super(message);
    }
}
