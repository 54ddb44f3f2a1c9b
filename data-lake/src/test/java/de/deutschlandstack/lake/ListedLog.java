package de.deutschlandstack.lake;

import java.util.ArrayList;
import java.util.List;

/**
 * A change log as a list, served as the platform's feed serves it: pages of entries after a sequence number, and the open
 * erasures with every page that reaches their changes, until they are reported applied. For tests of the lake's steps
 * without a platform; the tests against the platform itself use {@link PlatformChangeFeed}.
 */
final class ListedLog implements ChangeSource {

    private final List<ChangeEvent> entries = new ArrayList<>();
    private final List<Erasure> erasures = new ArrayList<>();
    private final java.util.Map<String, List<Column>> schema;
    /** The most entries a page holds, however many are asked for (the platform's feed answers 10,000 at most). */
    private int pageLimit = Integer.MAX_VALUE;
    /** How many pages were asked for. */
    int pagesRead;

    ListedLog(List<ChangeEvent> entries) {
        this(entries, java.util.Map.of());
    }

    /** A log whose states follow {@code schema} (columns per entity set). */
    ListedLog(List<ChangeEvent> entries, java.util.Map<String, List<Column>> schema) {
        this.entries.addAll(entries);
        this.schema = schema;
    }

    @Override
    public java.util.Map<String, List<Column>> schema() {
        return schema;
    }

    /** Answers at most {@code limit} entries per page from now on. */
    ListedLog pagesOf(int limit) {
        pageLimit = limit;
        return this;
    }

    /** A column of silver as the platform's schema describes it: decimals as amounts (15, 2), ID the key. */
    static Column column(String name, String attribute, String type) {
        return new Column(name, attribute, type, type.equals("Decimal") ? 15 : null, type.equals("Decimal") ? 2 : null,
                name.equals("ID"));
    }

    synchronized void append(ChangeEvent entry) {
        entries.add(entry);
    }

    synchronized void erase(Erasure erasure) {
        erasures.add(erasure);
    }

    synchronized List<Erasure> openErasures() {
        return List.copyOf(erasures);
    }

    @Override
    public synchronized Page after(long after, int asked) {
        pagesRead++;
        int max = Math.min(asked, pageLimit);
        long position = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        List<ChangeEvent> page = entries.stream().filter(entry -> entry.seq() > after).limit(max).toList();
        long upTo = page.size() < max ? position : page.get(page.size() - 1).seq();
        long reached = Math.max(after, upTo);
        return new Page(after, reached, position, schema.isEmpty() ? null : "test", page,
                erasures.stream().filter(erasure -> erasure.upToSeq() <= reached).toList());
    }

    @Override
    public synchronized void erasuresApplied(List<Long> ids) {
        erasures.removeIf(erasure -> ids.contains(erasure.id()));
    }
}
