package de.deutschlandstack.lake;

import java.io.IOException;
import java.util.List;

/**
 * Where the lake reads the platform's change log from: pages of the entries after a sequence number, in sequence order,
 * and what the lake must erase. The log's numbers increase in commit order without gaps to wait for, so a reader that
 * asks for what follows the last page it applied misses nothing. The platform's is {@link PlatformChangeFeed}.
 */
public interface ChangeSource {

    /** What a data subject's or a tenant's erasure asks of the lake: the tenant's objects of a set, or ({@code entitySet} null) all of it. */
    record Erasure(long id, String tenant, String entitySet, String key) {
    }

    /**
     * The entries with sequence numbers in ({@code after}, {@code upTo}]; {@code position} is the log's end when it was
     * read. Erasures come only with a page that reaches the position: every change before them is then applied once
     * the page is.
     */
    record Page(long after, long upTo, long position, List<ChangeEvent> changes, List<Erasure> erasures) {

        public Page {
            changes = List.copyOf(changes);
            erasures = List.copyOf(erasures);
        }

        /** Whether the page moves the lake at all. */
        boolean isEmpty() {
            return upTo <= after && changes.isEmpty() && erasures.isEmpty();
        }
    }

    /** The page after {@code after} with at most {@code max} entries. */
    Page after(long after, int max) throws IOException;

    /** Tells the source that the erasures up to {@code id} are carried out, in the tables and their history. */
    void erasuresApplied(long id) throws IOException;
}
