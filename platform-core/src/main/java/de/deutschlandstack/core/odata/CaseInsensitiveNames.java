package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.ComplexCollectionModel;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.OperationModel;
import de.deutschlandstack.core.odata.model.PropertyModel;
import de.deutschlandstack.core.odata.model.ServiceModel;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The OData 4.01 URL rule that names are not case-sensitive: {@code salesorders?$filter=status EQ 'OPEN'} reads as
 * {@code SalesOrders?$filter=Status eq 'OPEN'}. Olingo 5 resolves names case-sensitively, so the path and the
 * expression options are rewritten before it parses them: a word that is not a name of the model as written, but
 * is one (or an operator, a function or a keyword) when case is ignored, takes the model's spelling. A name that
 * two model elements share apart from case is left as written, and string literals, parameter aliases and
 * {@code $search} terms are never touched.
 */
final class CaseInsensitiveNames {

    /** Operators, functions and keywords of the URL syntax, spelled as Olingo expects them. */
    private static final List<String> KEYWORDS = List.of(
            "eq", "ne", "gt", "ge", "lt", "le", "has", "in", "and", "or", "not", "add", "sub", "mul", "div", "divby", "mod",
            "asc", "desc", "any", "all", "null", "true", "false",
            "contains", "startswith", "endswith", "length", "indexof", "substring", "tolower", "toupper", "trim", "concat",
            "year", "month", "day", "hour", "minute", "second", "fractionalseconds", "totalseconds", "date", "time",
            "totaloffsetminutes", "mindatetime", "maxdatetime", "now", "round", "floor", "ceiling", "isof", "cast",
            "matchesPattern", "with", "as", "from", "aggregate", "groupby", "filter", "compute", "orderby", "topcount",
            "bottomcount", "top", "skip", "identity", "sum", "average", "min", "max", "countdistinct",
            "$it", "$root", "$count", "$ref", "$value", "$this", "$levels", "max",
            "$filter", "$select", "$expand", "$orderby", "$top", "$skip", "$search", "$compute", "$apply");
    /** The query options whose values are expressions or paths of the model. */
    private static final Set<String> EXPRESSION_OPTIONS = Set.of("$filter", "$orderby", "$select", "$expand", "$apply", "$compute");

    /** A name the client gives: after {@code as} ({@code sum as Total}), or a lambda variable ({@code any(i:...)}). */
    private static final java.util.regex.Pattern GIVEN_NAME =
            java.util.regex.Pattern.compile("\\bas\\s+([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*)\\s*:");

    /** Canonical spelling by lower-case spelling; null where two spellings share it. */
    private final Map<String, String> names = new HashMap<>();

    CaseInsensitiveNames(ServiceModel model) {
        Set<String> spellings = new HashSet<>();
        for (EntitySetModel set : model.entitySets()) {
            spellings.add(set.name());
            spellings.add(set.typeName());
            spellings.add(model.namespace() + "." + set.typeName());
            set.properties().stream().map(PropertyModel::name).forEach(spellings::add);
            set.navigations().stream().map(NavigationModel::name).forEach(spellings::add);
            for (ComplexCollectionModel collection : set.complexCollections()) {
                spellings.add(collection.name());
                spellings.add(model.namespace() + "." + collection.typeName());
                collection.properties().stream().map(PropertyModel::name).forEach(spellings::add);
            }
            for (OperationModel operation : set.operations()) {
                spellings.add(operation.name());
                spellings.add(model.namespace() + "." + operation.name());
                operation.odataParameters().stream().map(OperationModel.Parameter::name).forEach(spellings::add);
            }
        }
        Stream.concat(spellings.stream(), KEYWORDS.stream()).forEach(spelling -> names.merge(spelling.toLowerCase(Locale.ROOT),
                spelling, (a, b) -> a.equals(b) ? a : null));
    }

    /** The raw path below the service root ({@code /salesorders(7)/items}), names in the model's spelling. */
    String path(String rawPath) {
        return rawPath == null ? null : normalize(rawPath, true, Set.of());
    }

    /** The normalized query, names in its expression options in the model's spelling. */
    String query(String query) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        // Names the client gives (computed values, aggregates, lambda variables) are the client's, in its spelling.
        Set<String> given = new HashSet<>();
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && EXPRESSION_OPTIONS.contains(parameter.substring(0, equals))) {
                String value = URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
                if (value.indexOf(':') < 0 && !value.contains("as")) {
                    // Neither "as Name" nor "variable:": no name of the client's (most reads; the pattern is not cheap).
                    continue;
                }
                java.util.regex.Matcher named = GIVEN_NAME.matcher(value);
                while (named.find()) {
                    given.add(named.group(1) != null ? named.group(1) : named.group(2));
                }
            }
        }
        StringBuilder result = new StringBuilder();
        for (String parameter : query.split("&")) {
            if (result.length() > 0) {
                result.append('&');
            }
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (equals < 0 || !EXPRESSION_OPTIONS.contains(name)) {
                result.append(parameter);
                continue;
            }
            String value = URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
            String normalized = normalize(value, false, given);
            result.append(normalized.equals(value) ? parameter
                    : name + "=" + URLEncoder.encode(normalized, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return result.toString();
    }

    /**
     * Each word outside string literals in the model's spelling, where it differs from it only in case. In a raw
     * path a quote may be percent-encoded ({@code %27}).
     */
    private String normalize(String text, boolean encoded, Set<String> given) {
        StringBuilder result = new StringBuilder(text.length());
        boolean inString = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int quote = c == '\'' ? 1 : encoded && text.startsWith("%27", i) ? 3 : 0;
            if (quote > 0) {
                inString = !inString;
                result.append(text, i, i + quote);
                i += quote;
                continue;
            }
            char before = i == 0 ? ' ' : text.charAt(i - 1);
            boolean starts = !inString && (Character.isLetter(c) || c == '_' || c == '$')
                    && before != '@' && before != '_' && before != '%' && !Character.isLetterOrDigit(before);
            if (!starts) {
                result.append(c);
                i++;
                continue;
            }
            int end = i + 1;
            while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'
                    || text.charAt(end) == '.' && end + 1 < text.length() && Character.isLetter(text.charAt(end + 1)))) {
                end++;
            }
            String word = text.substring(i, end);
            String canonical = given.contains(word) ? null : names.get(word.toLowerCase(Locale.ROOT));
            result.append(canonical != null ? canonical : word);
            i = end;
        }
        return result.toString();
    }
}
