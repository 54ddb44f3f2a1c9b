package de.deutschlandstack.core.odata.query;

import java.util.ArrayList;
import java.util.List;

/**
 * A condition of a {@code $filter}, kept as a small tree until it is rendered, so that a negation is pushed down to
 * the comparisons instead of being written as {@code not (...)}. That serves two ends:
 * <ul>
 * <li>OData's two-valued comparisons: {@code City ne 'München'} and {@code not (City eq 'München')} are true for a
 * null City, while SQL's {@code city <> ?} and {@code not (city = ?)} are unknown there and drop the row. Each
 * comparison renders its own null cases, for the polarity it is rendered in.</li>
 * <li>Parsing cost: Hibernate's HQL parser needs time exponential in the nesting of {@code not (}; 25 levels took
 * ten seconds. Rendered conditions never contain it, and chains of {@code and}/{@code or} are flat.</li>
 * </ul>
 */
sealed interface Condition {

    /** The HQL of this condition, or of its negation. */
    String render(boolean negated);

    static Condition not(Condition condition) {
        return condition instanceof Negation negation ? negation.condition() : new Negation(condition);
    }

    /** {@code and}/{@code or} of two conditions; nested chains of the same operator become one flat list. */
    static Condition junction(boolean and, Condition left, Condition right) {
        List<Condition> parts = new ArrayList<>();
        for (Condition part : List.of(left, right)) {
            if (part instanceof Junction junction && junction.and() == and) {
                parts.addAll(junction.parts());
            } else {
                parts.add(part);
            }
        }
        return new Junction(and, List.copyOf(parts));
    }

    record Negation(Condition condition) implements Condition {
        @Override
        public String render(boolean negated) {
            return condition.render(!negated);
        }
    }

    record Junction(boolean and, List<Condition> parts) implements Condition {
        @Override
        public String render(boolean negated) {
            // De Morgan: not (a and b) is (not a or not b).
            String operator = (and != negated) ? " and " : " or ";
            StringBuilder hql = new StringBuilder("(");
            for (int i = 0; i < parts.size(); i++) {
                hql.append(i == 0 ? "" : operator).append(parts.get(i).render(negated));
            }
            return hql.append(')').toString();
        }
    }

    /** A literal {@code true} or {@code false}. */
    record Truth(boolean value) implements Condition {
        @Override
        public String render(boolean negated) {
            return value != negated ? "1 = 1" : "1 = 0";
        }
    }

    /** A value compared with {@code null}. */
    record IsNull(String value) implements Condition {
        @Override
        public String render(boolean negated) {
            return value + (negated ? " is not null" : " is null");
        }
    }

    /**
     * A predicate whose negation SQL states directly ({@code like}/{@code not like}, {@code = true}/{@code = false});
     * where the operand is null both are unknown, as OData's functions of null are null.
     */
    record Predicate(String positive, String negative) implements Condition {
        @Override
        public String render(boolean negated) {
            return negated ? negative : positive;
        }
    }

    /**
     * {@code left op right} with OData's null rules: {@code null eq null} is true, any other comparison with null is
     * false, and so its negation is true.
     */
    record Comparison(String operator, String left, boolean leftNullable, String right, boolean rightNullable)
            implements Condition {

        @Override
        public String render(boolean negated) {
            String op = negated ? inverse(operator) : operator;
            String plain = left + " " + op + " " + right;
            if (!leftNullable && !rightNullable) {
                return plain;
            }
            boolean both = leftNullable && rightNullable;
            return switch (op) {
                case "=" -> both ? "(" + plain + " or (" + left + " is null and " + right + " is null))" : plain;
                case "<>" -> both
                        ? "(" + plain + " or (" + left + " is null and " + right + " is not null) or (" + left
                        + " is not null and " + right + " is null))"
                        : "(" + plain + " or " + (leftNullable ? left : right) + " is null)";
                // An ordering comparison with null is false; under a negation it becomes true.
                default -> negated
                        ? "(" + plain + (leftNullable ? " or " + left + " is null" : "") + (rightNullable ? " or " + right + " is null" : "") + ")"
                        : plain;
            };
        }

        private static String inverse(String operator) {
            return switch (operator) {
                case "=" -> "<>";
                case "<>" -> "=";
                case ">" -> "<=";
                case ">=" -> "<";
                case "<" -> ">=";
                case "<=" -> ">";
                default -> throw new IllegalArgumentException(operator);
            };
        }
    }

    /** {@code value in (...)}: false for a null value, so its negation is true there. */
    record In(String value, boolean nullable, String values) implements Condition {
        @Override
        public String render(boolean negated) {
            if (!negated) {
                return value + " in (" + values + ")";
            }
            return nullable ? "(" + value + " not in (" + values + ") or " + value + " is null)"
                    : value + " not in (" + values + ")";
        }
    }

    /**
     * {@code exists (select 1 from range alias where tenant and condition)}: {@code any} as it is, {@code all} as
     * "no member violates the condition".
     */
    record Lambda(String range, String alias, String tenant, Condition condition, boolean all) implements Condition {
        @Override
        public String render(boolean negated) {
            String where = " where " + tenant + (condition == null ? "" : " and " + condition.render(all));
            String exists = "exists (select 1 from " + range + " " + alias + where + ")";
            return (all != negated) ? "not " + exists : exists;
        }
    }
}
