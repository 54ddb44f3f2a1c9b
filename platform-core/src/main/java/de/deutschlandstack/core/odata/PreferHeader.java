package de.deutschlandstack.core.odata;

import java.util.Locale;
import java.util.Set;

/**
 * OData 4.01 preferences may be written without the {@code odata.} prefix ({@code Prefer: maxpagesize=10}); Olingo 5
 * reads only the prefixed names. The header is given to it with the prefix.
 */
final class PreferHeader {

    static final String NAME = "Prefer";

    private static final Set<String> ODATA_PREFERENCES = Set.of("maxpagesize", "track-changes", "continue-on-error",
            "allow-entityreferences", "callback", "include-annotations");

    private PreferHeader() {
    }

    /** The header value with each OData preference named with its prefix; other preferences as they are. */
    static String prefixed(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder result = new StringBuilder();
        for (String preference : value.split(",")) {
            if (result.length() > 0) {
                result.append(',');
            }
            String trimmed = preference.strip();
            int end = trimmed.length();
            for (char stop : new char[]{'=', ';', ' '}) {
                int at = trimmed.indexOf(stop);
                if (at >= 0) {
                    end = Math.min(end, at);
                }
            }
            String name = trimmed.substring(0, end).toLowerCase(Locale.ROOT);
            result.append(ODATA_PREFERENCES.contains(name) ? "odata." + trimmed : trimmed);
        }
        return result.toString();
    }
}
