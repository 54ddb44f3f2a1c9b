package de.deutschlandstack.core.odata;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Bounds the work a request can cause before anything parses it: the URL's length, and per query option the
 * nesting of parentheses, the number of logical and arithmetic operators (each nests the expression one level
 * deeper for Olingo, Hibernate and the database) and of list items. Olingo's parser and Hibernate recurse
 * over expressions, so a request past these bounds would cost stack and time for everyone; it gets a 400 or 414
 * naming the limit instead. Also reads {@code +} in the query as a space, as HTML forms, Python's requests and
 * Java's URLEncoder write it (a plus sign itself is {@code %2B}).
 */
final class RequestGuard {

    /** The limits, all configurable ({@code PlatformSettings}). */
    record Limits(int maxUrlLength, int maxExpressionDepth, int maxExpressionOperators, int maxListItems) {
    }

    /** A request refused, with the HTTP status and the message naming the limit. */
    static final class Refusal extends Exception {
        private final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** Operators that nest the expression tree one level each (comparisons do not chain). */
    private static final Set<String> OPERATORS = Set.of("and", "or", "not", "add", "sub", "mul", "div", "divby", "mod");
    private static final Set<String> COUNTS = Set.of("$top", "$skip");
    // Compiled once: String.matches and replaceFirst compile their pattern on every call, for every request.
    private static final java.util.regex.Pattern COUNT = java.util.regex.Pattern.compile("[0-9]{1,10}");
    /** The system query options by their name without "$", in lower case. */
    private static final java.util.Map<String, String> SYSTEM_OPTIONS = java.util.stream.Stream.of("$filter", "$select", "$expand",
                    "$orderby", "$top", "$skip", "$count", "$search", "$apply", "$skiptoken", "$deltatoken", "$format", "$levels",
                    "$compute", "$index", "$schemaversion", "$id")
            .collect(java.util.stream.Collectors.toMap(o -> o.substring(1), o -> o));

    private final Limits limits;

    RequestGuard(Limits limits) {
        this.limits = limits;
    }

    /** Checks the URL and answers its query as Olingo should read it ({@code +} as {@code %20}); null stays null. */
    String check(String path, String rawQuery) throws Refusal {
        int length = (path == null ? 0 : path.length()) + (rawQuery == null ? 0 : rawQuery.length() + 1);
        if (length > limits.maxUrlLength()) {
            throw new Refusal(414, "The URL is " + length + " characters long; the limit is " + limits.maxUrlLength()
                    + " (PLATFORM_ODATA_MAX_URL_LENGTH); narrow the query.");
        }
        if (rawQuery == null) {
            return null;
        }
        List<String> parameters = new java.util.ArrayList<>();
        for (String parameter : rawQuery.replace("+", "%20").split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
            // OData 4.01: system query options are named case-insensitively, with or without "$".
            String lowerCase = name.toLowerCase(java.util.Locale.ROOT);
            String system = SYSTEM_OPTIONS.get(lowerCase.startsWith("$") ? lowerCase.substring(1) : lowerCase);
            if (system != null && !system.equals(name)) {
                if (parameters.stream().anyMatch(p -> p.startsWith(system + "=") || p.equals(system))) {
                    throw new Refusal(400, "The query option " + system + " is given twice");
                }
                parameter = system + (equals < 0 ? "" : parameter.substring(equals));
                name = system;
                equals = parameter.indexOf('=');
            }
            parameters.add(parameter);
            if (name.isBlank() || !name.strip().equals(name) || name.chars().anyMatch(Character::isWhitespace)) {
                throw new Refusal(400, "Invalid query option name '" + name.strip() + "': names contain no spaces, as in $filter=...");
            }
            if (equals >= 0) {
                String value = decode(parameter.substring(equals + 1));
                if (COUNTS.contains(name) && !COUNT.matcher(value).matches()) {
                    // Java would also read "+1" and full-width digits; the ABNF allows ASCII digits only.
                    throw new Refusal(400, name + " must be a whole number written with the digits 0-9");
                }
                scan(name, value);
            }
        }
        return String.join("&", parameters);
    }

    /**
     * The query as Olingo should read it: checked, names in the model's spelling ({@link CaseInsensitiveNames}),
     * {@code $compute} rewritten ({@link ComputedProperties}). When the rewrites changed it, the limits are checked
     * once more, for what Olingo reads: a computed value used in {@code $filter} several times is there several times.
     */
    String prepare(String path, String rawQuery, CaseInsensitiveNames names) throws Refusal {
        String checked = check(path, rawQuery);
        String rewritten = ComputedProperties.rewrite(names.query(checked));
        return java.util.Objects.equals(rewritten, checked) ? checked : check(path, rewritten);
    }

    /** Percent-decodes strictly: a bad escape or bytes that are not UTF-8 are the client's error, never replaced. */
    private static String decode(String raw) throws Refusal {
        if (isPlainAscii(raw)) {
            return raw; // nothing to decode, and ASCII is valid UTF-8: the loop below would answer the same string
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new Refusal(400, "The URL holds an invalid percent-encoding; encode '%' as %25");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new Refusal(400, "The URL holds percent-encoded bytes that are not UTF-8");
        }
    }

    private static boolean isPlainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Counts, outside string literals, how deep parentheses nest, the operators and the list items. */
    private void scan(String option, String value) throws Refusal {
        int depth = 0;
        int deepest = 0;
        int operators = 0;
        int items = 0;
        boolean inString = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (inString) {
                if (c == '\'') {
                    if (i + 1 < value.length() && value.charAt(i + 1) == '\'') {
                        i++;
                    } else {
                        inString = false;
                    }
                }
                continue;
            }
            switch (c) {
                case '\'' -> inString = true;
                case '(' -> deepest = Math.max(deepest, ++depth);
                case ')' -> depth--;
                case ',' -> items++;
                default -> {
                    if (Character.isLetter(c) && (i == 0 || !isWordPart(value.charAt(i - 1)))) {
                        int end = i;
                        while (end < value.length() && isWordPart(value.charAt(end))) {
                            end++;
                        }
                        if (OPERATORS.contains(value.substring(i, end))) {
                            operators++;
                        }
                        i = end - 1;
                    }
                }
            }
        }
        if (deepest > limits.maxExpressionDepth()) {
            throw new Refusal(400, option + " nests parentheses " + deepest + " deep; the limit is "
                    + limits.maxExpressionDepth() + " (PLATFORM_ODATA_MAX_EXPRESSION_DEPTH)");
        }
        if (operators > limits.maxExpressionOperators()) {
            throw new Refusal(400, option + " holds " + operators + " logical or arithmetic operators; the limit is "
                    + limits.maxExpressionOperators() + " (PLATFORM_ODATA_MAX_EXPRESSION_OPERATORS); use 'in' for lists of values");
        }
        if (items + 1 > limits.maxListItems()) {
            throw new Refusal(400, option + " lists " + (items + 1) + " items; the limit is " + limits.maxListItems()
                    + " (PLATFORM_ODATA_MAX_LIST_ITEMS)");
        }
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '/' || c == '$' || c == '@';
    }
}
