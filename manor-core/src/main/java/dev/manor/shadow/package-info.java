/**
 * Internal: Throwaway shadow databases for analysis and proofs (a private server needs the optional manor-embedded module).
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.shadow;
