package de.deutschlandstack.core.odata.query;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.PropertyModel;
import org.apache.olingo.server.api.uri.queryoption.search.SearchBinary;
import org.apache.olingo.server.api.uri.queryoption.search.SearchBinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.search.SearchExpression;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code $search} as a condition: a term matches an entity when one of its {@code @Searchable} properties contains it,
 * ignoring case; terms combine with {@code AND}, {@code OR} and {@code NOT} as the client wrote them. Terms are
 * parameters, never HQL text; a null property contains nothing.
 */
final class SearchTranslation {

    private static final int MAX_TERMS = 20;

    private SearchTranslation() {
    }

    static String condition(HqlStatement statement, EntitySetModel set, SearchExpression search) {
        List<PropertyModel> fields = set.searchable();
        if (fields.isEmpty()) {
            throw QueryException.badRequest(set.name() + " has no searchable properties; use $filter");
        }
        return translate(statement, fields, search, new int[]{0});
    }

    private static String translate(HqlStatement statement, List<PropertyModel> fields, SearchExpression search, int[] terms) {
        if (search.isSearchBinary()) {
            SearchBinary binary = search.asSearchBinary();
            String operator = binary.getOperator() == SearchBinaryOperatorKind.AND ? " and " : " or ";
            return "(" + translate(statement, fields, binary.getLeftOperand(), terms) + operator
                    + translate(statement, fields, binary.getRightOperand(), terms) + ")";
        }
        if (search.isSearchUnary()) {
            return "not " + translate(statement, fields, search.asSearchUnary().getOperand(), terms);
        }
        if (++terms[0] > MAX_TERMS) {
            throw QueryException.badRequest("$search holds more than " + MAX_TERMS + " terms");
        }
        String term = search.asSearchTerm().getSearchTerm().toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        String parameter = statement.parameter("%" + term + "%");
        return "(" + fields.stream()
                .map(field -> "lower(coalesce(" + HqlStatement.TARGET + "." + field.attribute() + ", '')) like " + parameter + " escape '\\'")
                .collect(Collectors.joining(" or ")) + ")";
    }
}
