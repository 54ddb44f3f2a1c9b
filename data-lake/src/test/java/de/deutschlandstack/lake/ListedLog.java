package de.deutschlandstack.lake;

import java.util.ArrayList;
import java.util.List;

/**
 * A change log as a list, served as the platform's feed serves it: pages of entries after a sequence number, and the open
 * erasures with the page that reaches the log's end, until they are reported applied. For tests of the lake's steps
 * without a platform; the tests against the platform itself use {@link PlatformChangeFeed}.
 */
final class ListedLog implements ChangeSource {

    private final List<ChangeEvent> entries = new ArrayList<>();
    private final List<Erasure> erasures = new ArrayList<>();

    ListedLog(List<ChangeEvent> entries) {
        this.entries.addAll(entries);
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
    public synchronized Page after(long after, int max) {
        long position = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        List<ChangeEvent> page = entries.stream().filter(entry -> entry.seq() > after).limit(max).toList();
        long upTo = page.size() < max ? position : page.get(page.size() - 1).seq();
        return new Page(after, Math.max(after, upTo), position, page, upTo >= position ? erasures : List.of());
    }

    @Override
    public synchronized void erasuresApplied(long id) {
        erasures.removeIf(erasure -> erasure.id() <= id);
    }
}
