package de.deutschlandstack.lake;

import java.io.IOException;
import java.util.List;

/**
 * Where the lake reads the platform's change log from: pages of the entries after a sequence number, in sequence order,
 * and what the lake must erase. The log's numbers increase in commit order without gaps to wait for, so a reader that
 * asks for what follows the last page it applied misses nothing. The platform's is {@link PlatformChangeFeed}.
 */
public interface ChangeSource {

    /**
     * What a data subject's or a tenant's erasure asks of the lake: an object of the tenant, whose states up to sequence
     * number {@code upToSeq} held what was erased, or ({@code entitySet} null) all of the tenant.
     */
    record Erasure(long id, String tenant, String entitySet, String key, long upToSeq) {
    }

    /**
     * The entries with sequence numbers in ({@code after}, {@code upTo}]; {@code position} is the log's end when it was
     * read. An erasure comes with the first page that reaches its {@code upToSeq}: every change of the erasing
     * transaction is then applied once the page is. {@code schemaVersion} names the {@link #schema()} the states follow (null: none).
     */
    record Page(long after, long upTo, long position, String schemaVersion, List<ChangeEvent> changes, List<Erasure> erasures) {

        public Page {
            changes = List.copyOf(changes);
            erasures = List.copyOf(erasures);
        }

        /** Whether the page moves the lake at all. */
        boolean isEmpty() {
            return upTo <= after && changes.isEmpty() && erasures.isEmpty();
        }
    }

    /**
     * One column of an entity set's silver table, as the platform's entity declarations give it: its name, the key of its
     * value in a change's state, its EDM type (precision and scale where it has them); the key's value is the change's key.
     */
    record Column(String name, String attribute, String type, Integer precision, Integer scale, boolean key) {
    }

    /** The columns per entity set; empty: silver keeps the states as JSON alone. */
    default java.util.Map<String, List<Column>> schema() throws IOException {
        return java.util.Map.of();
    }

    /** The page after {@code after} with at most {@code max} entries. */
    Page after(long after, int max) throws IOException;

    /** Tells the source that these erasures are carried out, in the tables and their history. */
    void erasuresApplied(List<Long> ids) throws IOException;
}
