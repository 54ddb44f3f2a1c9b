package de.deutschlandstack.core.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the current request must leave in the audit trail, collected while it runs and recorded once at its end
 * ({@link #drain}): the entities with fields marked {@code @PersonalData} it read (one record per entity set, naming the
 * keys, not the values), and what it was refused for lack of a role (each part of a {@code $batch} included).
 */
public final class RequestAudit {

    /** Keys named in one record; a larger read says how many there were beyond them. */
    static final int MAX_KEYS = 100;

    private static final ThreadLocal<Map<String, Set<String>>> READ = new ThreadLocal<>();
    /** Refusals for lack of a role during the request: a {@code $batch} answers 200 around those of its parts. */
    private static final ThreadLocal<List<String>> REFUSED = new ThreadLocal<>();
    static final int MAX_REFUSALS = 20;

    private RequestAudit() {
    }

    /** Starts collecting for the current request. */
    public static void start() {
        READ.set(new LinkedHashMap<>());
        REFUSED.set(new ArrayList<>());
    }

    /** Notes that the request (or a part of its batch) was refused for lack of a role, with what was refused. */
    public static void refused(String what) {
        List<String> refused = REFUSED.get();
        if (refused != null && refused.size() < MAX_REFUSALS) {
            refused.add(what);
        }
    }

    /** Notes that the request read this entity of a set with personal data (nothing when no request collects). */
    public static void read(String entitySet, String fields, Object key) {
        Map<String, Set<String>> read = READ.get();
        if (read != null) {
            read.computeIfAbsent(entitySet + "|" + fields, s -> new LinkedHashSet<>()).add(String.valueOf(key));
        }
    }

    /** Ends collecting: the audit entries of what was read and what was refused, for the caller. */
    public static List<AuditTrail.Entry> drain(String actor) {
        Map<String, Set<String>> read = READ.get();
        List<String> refused = REFUSED.get();
        READ.remove();
        REFUSED.remove();
        List<AuditTrail.Entry> entries = new ArrayList<>();
        if (refused != null) {
            refused.forEach(what -> entries.add(new AuditTrail.Entry(actor, AuditKind.SECURITY, "ACCESS_DENIED", "OData", null, what)));
        }
        if (read == null) {
            return entries;
        }
        read.forEach((setAndFields, keys) -> {
            String[] parts = setAndFields.split("\\|", 2);
            List<String> named = keys.stream().limit(MAX_KEYS).toList();
            String more = keys.size() > MAX_KEYS ? " and " + (keys.size() - MAX_KEYS) + " more" : "";
            entries.add(new AuditTrail.Entry(actor, AuditKind.PERSONAL_DATA_READ, "READ", parts[0],
                    keys.size() == 1 ? named.get(0) : null,
                    "fields " + parts[1] + "; keys " + String.join(",", named) + more));
        });
        return entries;
    }
}
