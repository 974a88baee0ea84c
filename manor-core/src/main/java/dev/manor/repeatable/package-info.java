/**
 * Internal: repeatable scripts ({@code repeatable/}: views, functions, re-applied when their file changes) and SQL
 * callbacks ({@code callbacks/}: GRANTs and the like around a deploy), read from the folders beside
 * {@code migrations/}, applied by the deploy and recorded in the history.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice.
 */
package dev.manor.repeatable;
