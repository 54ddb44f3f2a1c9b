package de.deutschlandstack.core.odata;

import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.data.ValueType;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriInfoKind;
import org.apache.olingo.server.api.uri.queryoption.CustomQueryOption;
import org.apache.olingo.server.api.uri.queryoption.SelectItem;
import org.apache.olingo.server.api.uri.queryoption.SelectOption;
import org.apache.olingo.server.core.uri.UriInfoImpl;
import org.apache.olingo.server.core.uri.UriResourcePrimitivePropertyImpl;
import org.apache.olingo.server.core.uri.queryoption.SelectItemImpl;
import org.apache.olingo.server.core.uri.queryoption.SelectOptionImpl;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.core.uri.parser.ExpressionParser;
import org.apache.olingo.server.core.uri.parser.UriParserException;
import org.apache.olingo.server.core.uri.parser.UriTokenizer;
import org.apache.olingo.server.core.uri.validator.UriValidationException;
import org.apache.olingo.server.core.uri.queryoption.apply.DynamicProperty;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code $compute} (OData 4.01): values computed per entity ({@code $compute=NetAmount add TaxAmount as Gross}),
 * returned beside the entity's properties and usable in {@code $filter} and {@code $orderby}. The database computes
 * them, as it evaluates filters: each becomes one more column of the page's query.
 *
 * <p>Olingo 5 does not parse the option, and refuses a name it does not know in {@code $filter}, {@code $orderby}
 * and {@code $select}. So the URL is rewritten before Olingo reads it ({@link #rewrite}): each computed name in
 * {@code $filter} and {@code $orderby} is replaced by its expression in parentheses, computed names leave
 * {@code $select} (computed values are always returned), and the definitions travel to the processor as the custom
 * option {@value #CARRIED}, where Olingo's expression parser reads each against the addressed entity type
 * ({@link #of}).
 */
final class ComputedProperties {

    static final String OPTION = "$compute";
    /** The custom query option that carries the definitions past Olingo's URL parser. */
    static final String CARRIED = "platform-compute";
    /** The custom option saying that {@code $select} named computed values only. */
    static final String CARRIED_SELECT_ONLY = "platform-compute-select-only";
    static final int MAX_DEFINITIONS = 20;
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    /** One computed property: its name, its expression, and the type of its values. */
    record Column(String alias, Expression expression, EdmPrimitiveTypeKind kind) {
    }

    private ComputedProperties() {
    }

    /** The normalized query Olingo reads; unchanged without {@code $compute}. */
    static String rewrite(String query) throws RequestGuard.Refusal {
        if (query == null || !(query.startsWith(OPTION + "=") || query.contains("&" + OPTION + "="))) {
            return query;
        }
        Map<String, String> definitions = new LinkedHashMap<>();
        String compute = null;
        List<String[]> options = new ArrayList<>();
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
            if (name.equals(OPTION)) {
                if (compute != null) {
                    throw new RequestGuard.Refusal(400, "The query option $compute is given twice; list all computed values in one");
                }
                compute = value;
                definitions.putAll(definitions(value));
            } else {
                options.add(new String[]{name, value, parameter});
            }
        }
        List<String> rewritten = new ArrayList<>();
        boolean computedOnly = false;
        for (String[] option : options) {
            String value = switch (option[0]) {
                case "$filter", "$orderby" -> substitute(option[1], definitions);
                case "$select" -> String.join(",", split(option[1], ',').stream().map(String::strip)
                        .filter(item -> !definitions.containsKey(item)).toList());
                default -> null;
            };
            if (value == null) {
                rewritten.add(option[2]);
            } else if (!value.isEmpty()) {
                rewritten.add(option[0] + "=" + encode(value));
            } else {
                // $select named computed values only: the entity's key and them, not the whole entity.
                computedOnly = true;
            }
        }
        rewritten.add(CARRIED + "=" + encode(compute));
        if (computedOnly) {
            rewritten.add(CARRIED_SELECT_ONLY + "=true");
        }
        return String.join("&", rewritten);
    }

    /** The computed properties of a request, parsed against the type it addresses; empty without {@code $compute}. */
    static List<Column> of(UriInfo uriInfo, EdmEntityType type, Edm edm, OData odata, ValueTypes types)
            throws ODataApplicationException {
        String definitions = null;
        for (CustomQueryOption option : uriInfo.getCustomQueryOptions()) {
            if (option.getName().equals(CARRIED)) {
                definitions = option.getText();
            }
        }
        if (definitions == null) {
            return List.of();
        }
        Map<String, String> parsedDefinitions;
        try {
            parsedDefinitions = definitions(definitions);
        } catch (RequestGuard.Refusal refusal) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, refusal.getMessage());
        }
        List<String> aliases = new ArrayList<>(parsedDefinitions.keySet());
        List<Expression> expressions = new ArrayList<>();
        for (Map.Entry<String, String> definition : parsedDefinitions.entrySet()) {
            String alias = definition.getKey();
            if (type.getProperty(alias) != null || type.getNavigationProperty(alias) != null) {
                throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "$compute names " + alias + ", which is a property already");
            }
            try {
                UriTokenizer tokenizer = new UriTokenizer(definition.getValue());
                expressions.add(new ExpressionParser(edm, odata).parse(tokenizer, type, null, Map.of()));
                if (!tokenizer.next(UriTokenizer.TokenKind.EOF)) {
                    throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Invalid $compute expression for " + alias);
                }
            } catch (UriParserException | UriValidationException e) {
                throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Invalid $compute expression for " + alias + ": "
                        + e.getMessage());
            }
        }
        List<Class<?>> javaTypes = types.of(expressions);
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            columns.add(new Column(aliases.get(i), expressions.get(i), kind(javaTypes.get(i))));
        }
        return columns;
    }

    /** Translates computed expressions into the Java types of their values (the query layer knows them). */
    interface ValueTypes {
        List<Class<?>> of(List<Expression> expressions) throws ODataApplicationException;
    }

    /** Adds the computed values (the row's trailing columns, from {@code first} on) to the entity. */
    static void addTo(Entity entity, List<Column> columns, Object[] row, int first) {
        for (int i = 0; i < columns.size(); i++) {
            Object value = row[first + i];
            if (value instanceof Integer || value instanceof Short) {
                value = ((Number) value).longValue();
            } else if (value instanceof Enum<?> constant) {
                value = constant.name();
            }
            entity.addProperty(new Property(null, columns.get(i).alias(), ValueType.PRIMITIVE, value));
        }
    }

    /** The entity type as the serializer should see it: its own properties, then the computed ones. */
    static EdmEntityType withComputed(EdmEntityType type, List<Column> columns, OData odata) {
        if (columns.isEmpty()) {
            return type;
        }
        Map<String, EdmProperty> added = new LinkedHashMap<>();
        for (Column column : columns) {
            // Computed values may be null, and a decimal has the scale its value has (Olingo's default would be 0).
            DynamicProperty property = new DynamicProperty(column.alias(), odata.createPrimitiveTypeInstance(column.kind())) {
                @Override
                public boolean isNullable() {
                    return true;
                }
            };
            added.put(column.alias(), column.kind() == EdmPrimitiveTypeKind.Decimal ? property.setScale(38) : property);
        }
        List<String> names = new ArrayList<>(type.getPropertyNames());
        names.addAll(added.keySet());
        return (EdmEntityType) Proxy.newProxyInstance(EdmEntityType.class.getClassLoader(), new Class<?>[]{EdmEntityType.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "equals":
                            // The serializer compares the type it resolves with this one: the same type, no @odata.type.
                            return args[0] == proxy || type.equals(args[0]);
                        case "hashCode":
                            return type.hashCode();
                        case "getPropertyNames":
                            return names;
                        case "getProperty":
                        case "getStructuralProperty":
                            if (added.containsKey((String) args[0])) {
                                return added.get((String) args[0]);
                            }
                            break;
                        default:
                            break;
                    }
                    try {
                        return method.invoke(type, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * The {@code $select} the serializer applies: the client's, plus the computed values, which the rewrite took out
     * of it because Olingo's parser does not know them. Null (everything) stays null.
     */
    static SelectOption select(UriInfo uriInfo, List<Column> columns, EdmEntityType type) {
        SelectOption select = uriInfo.getSelectOption();
        boolean computedOnly = uriInfo.getCustomQueryOptions().stream().anyMatch(o -> o.getName().equals(CARRIED_SELECT_ONLY));
        if (columns.isEmpty() || select == null && !computedOnly) {
            return select;
        }
        SelectOptionImpl result = new SelectOptionImpl();
        List<SelectItem> items = new ArrayList<>(select == null ? List.of() : select.getSelectItems());
        if (computedOnly) {
            // The key, which every entity of a response carries.
            EdmProperty key = type.getKeyPropertyRefs().get(0).getProperty();
            items.add(new SelectItemImpl().setResourcePath(new UriInfoImpl().setKind(UriInfoKind.resource)
                    .addResourcePart(new UriResourcePrimitivePropertyImpl(key))));
        }
        for (Column column : columns) {
            EdmProperty property = (EdmProperty) type.getProperty(column.alias());
            items.add(new SelectItemImpl().setResourcePath(new UriInfoImpl().setKind(UriInfoKind.resource)
                    .addResourcePart(new UriResourcePrimitivePropertyImpl(property))));
        }
        return result.setSelectItems(items);
    }

    // ---- the URL rewrite ------------------------------------------------------------------------------------

    private static Map<String, String> definitions(String compute) throws RequestGuard.Refusal {
        Map<String, String> definitions = new LinkedHashMap<>();
        List<String> items = split(compute, ',');
        if (items.size() > MAX_DEFINITIONS) {
            throw new RequestGuard.Refusal(400, "$compute defines " + items.size() + " properties; the limit is " + MAX_DEFINITIONS);
        }
        for (String item : items) {
            List<String> words = split(item.strip(), ' ');
            int as = words.lastIndexOf("as");
            String alias = as < 0 || as != words.size() - 2 ? null : words.get(words.size() - 1);
            if (alias == null || as == 0 || !ALIAS.matcher(alias).matches()) {
                throw new RequestGuard.Refusal(400, "Invalid $compute item '" + item.strip() + "'; write it as expression as Name");
            }
            if (definitions.put(alias, String.join(" ", words.subList(0, as))) != null) {
                throw new RequestGuard.Refusal(400, "$compute defines " + alias + " twice");
            }
        }
        return definitions;
    }

    /** Replaces each computed name that stands alone (not a path segment, function or lambda variable) by its expression. */
    static String substitute(String value, Map<String, String> definitions) {
        StringBuilder result = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (inString || c == '\'') {
                if (c == '\'') {
                    inString = !inString;
                }
                result.append(c);
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < value.length() && (Character.isLetterOrDigit(value.charAt(end)) || value.charAt(end) == '_')) {
                    end++;
                }
                String word = value.substring(i, end);
                char before = i == 0 ? ' ' : value.charAt(i - 1);
                char after = end == value.length() ? ' ' : value.charAt(end);
                boolean standsAlone = before != '/' && before != '.' && before != '$' && before != '@'
                        && after != '(' && after != '/' && after != ':' && after != '.';
                result.append(standsAlone && definitions.containsKey(word) ? "(" + definitions.get(word) + ")" : word);
                i = end - 1;
                continue;
            }
            result.append(c);
        }
        return result.toString();
    }

    /** Splits at the separator where it stands outside parentheses and string literals. */
    private static List<String> split(String value, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'') {
                inString = !inString;
            } else if (!inString && c == '(') {
                depth++;
            } else if (!inString && c == ')') {
                depth--;
            } else if (!inString && depth == 0 && c == separator) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts.stream().filter(part -> !part.isBlank() || separator != ' ').filter(part -> !part.isEmpty()).toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The EDM type of computed values of a Java type; integers widen to Int64, as {@link #addTo} hands them over. */
    private static EdmPrimitiveTypeKind kind(Class<?> javaType) {
        String edm = javaType == null ? "String" : de.deutschlandstack.core.odata.model.ServiceModels.edmType(javaType).orElse("String");
        return edm.equals("Int32") || edm.equals("Int16") ? EdmPrimitiveTypeKind.Int64 : EdmPrimitiveTypeKind.valueOf(edm);
    }
}
