package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.query.QueryException;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceLambdaAll;
import org.apache.olingo.server.api.uri.UriResourceLambdaAny;
import org.apache.olingo.server.api.uri.UriResourceLambdaVariable;
import org.apache.olingo.server.api.uri.queryoption.ExpandItem;
import org.apache.olingo.server.api.uri.queryoption.ExpandOption;
import org.apache.olingo.server.api.uri.queryoption.OrderByItem;
import org.apache.olingo.server.api.uri.queryoption.OrderByOption;
import org.apache.olingo.server.api.uri.queryoption.SelectItem;
import org.apache.olingo.server.api.uri.queryoption.SelectOption;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitException;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitor;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;
import org.apache.olingo.server.api.uri.queryoption.expression.UnaryOperatorKind;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes parsed query options back in URL syntax. Olingo keeps no text for the options nested in {@code $expand},
 * and a nextLink of an inline collection must repeat them ({@code Items?$filter=...&$orderby=...&$skip=100}).
 */
final class ODataSyntax implements ExpressionVisitor<String> {

    private static final ODataSyntax INSTANCE = new ODataSyntax();

    static String filter(Expression expression) {
        try {
            return expression.accept(INSTANCE);
        } catch (ExpressionVisitException | ODataApplicationException | RuntimeException e) {
            throw QueryException.notImplemented("This nested query option cannot be repeated in a nextLink; add $top to the $expand");
        }
    }

    static String orderBy(OrderByOption option) {
        List<String> items = new ArrayList<>();
        for (OrderByItem item : option.getOrders()) {
            items.add(filter(item.getExpression()) + (item.isDescending() ? " desc" : ""));
        }
        return String.join(",", items);
    }

    /** A nested {@code $expand} with the options of each item, as the client wrote it. */
    static String expand(ExpandOption option) {
        List<String> items = new ArrayList<>();
        for (ExpandItem item : option.getExpandItems()) {
            String path = item.isStar() ? "*" : item.getResourcePath().getUriResourceParts().stream()
                    .map(UriResource::getSegmentValue).collect(Collectors.joining("/"));
            List<String> options = new ArrayList<>();
            if (item.getFilterOption() != null) {
                options.add("$filter=" + filter(item.getFilterOption().getExpression()));
            }
            if (item.getOrderByOption() != null) {
                options.add("$orderby=" + orderBy(item.getOrderByOption()));
            }
            if (item.getSelectOption() != null) {
                options.add("$select=" + select(item.getSelectOption()));
            }
            if (item.getSkipOption() != null) {
                options.add("$skip=" + item.getSkipOption().getValue());
            }
            if (item.getTopOption() != null) {
                options.add("$top=" + item.getTopOption().getValue());
            }
            if (item.getCountOption() != null && item.getCountOption().getValue()) {
                options.add("$count=true");
            }
            if (item.getExpandOption() != null) {
                options.add("$expand=" + expand(item.getExpandOption()));
            }
            items.add(options.isEmpty() ? path : path + "(" + String.join(";", options) + ")");
        }
        return String.join(",", items);
    }

    static String select(SelectOption option) {
        return option.getSelectItems().stream()
                .map(item -> item.isStar() ? "*" : path(item))
                .collect(Collectors.joining(","));
    }

    private static String path(SelectItem item) {
        return item.getResourcePath().getUriResourceParts().stream().map(UriResource::getSegmentValue)
                .collect(Collectors.joining("/"));
    }

    @Override
    public String visitBinaryOperator(BinaryOperatorKind operator, String left, String right) {
        return "(" + left + " " + operator + " " + right + ")";
    }

    @Override
    public String visitBinaryOperator(BinaryOperatorKind operator, String left, List<String> right) {
        return left + " " + operator + " (" + String.join(",", right) + ")";
    }

    @Override
    public String visitUnaryOperator(UnaryOperatorKind operator, String operand) {
        return operator == UnaryOperatorKind.NOT ? "not " + operand : "-(" + operand + ")";
    }

    @Override
    public String visitMethodCall(MethodKind method, List<String> parameters) {
        return method + "(" + String.join(",", parameters) + ")";
    }

    @Override
    public String visitLambdaExpression(String lambdaFunction, String lambdaVariable, Expression expression)
            throws ExpressionVisitException, ODataApplicationException {
        return lambdaFunction + "(" + lambdaVariable + ":" + expression.accept(this) + ")";
    }

    @Override
    public String visitLiteral(Literal literal) {
        return literal.getText();
    }

    @Override
    public String visitMember(Member member) throws ExpressionVisitException, ODataApplicationException {
        List<String> segments = new ArrayList<>();
        for (UriResource part : member.getResourcePath().getUriResourceParts()) {
            if (part instanceof UriResourceLambdaAny any) {
                segments.add(any.getExpression() == null ? "any()"
                        : "any(" + any.getLambdaVariable() + ":" + any.getExpression().accept(this) + ")");
            } else if (part instanceof UriResourceLambdaAll all) {
                segments.add("all(" + all.getLambdaVariable() + ":" + all.getExpression().accept(this) + ")");
            } else if (part instanceof UriResourceLambdaVariable variable) {
                segments.add(variable.getVariableName());
            } else {
                segments.add(part.getSegmentValue());
            }
        }
        return String.join("/", segments);
    }

    @Override
    public String visitAlias(String aliasName) {
        return aliasName;
    }

    @Override
    public String visitTypeLiteral(EdmType type) {
        return type.getFullQualifiedName().getFullQualifiedNameAsString();
    }

    @Override
    public String visitLambdaReference(String variableName) {
        return variableName;
    }

    @Override
    public String visitEnum(EdmEnumType type, List<String> enumValues) {
        return type.getFullQualifiedName().getFullQualifiedNameAsString() + "'" + String.join(",", enumValues) + "'";
    }
}
