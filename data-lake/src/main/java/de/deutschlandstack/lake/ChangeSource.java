package de.deutschlandstack.lake;

import java.util.List;

/**
 * Where the lake reads the platform's change log from: the entries after a sequence number, in sequence order. The log's
 * numbers increase in commit order without gaps to wait for, so a reader that asks for what follows the last number it
 * applied misses nothing.
 */
public interface ChangeSource {

    /** At most {@code max} entries with a sequence number above {@code after}, in sequence order. */
    List<ChangeEvent> after(long after, int max) throws java.io.IOException;
}
