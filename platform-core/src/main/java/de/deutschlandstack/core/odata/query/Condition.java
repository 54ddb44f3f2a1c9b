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
 * A function of null (a {@link Predicate} such as {@code contains(Note,'M')} on a null Note) is null, as in SQL;
 * comparing it with {@code true}, {@code false} or {@code null} makes it two-valued again ({@link TwoValued},
 * {@link Unknown}), for which every condition can also say where it is not true and where it is not false.
 */
sealed interface Condition {

    /** The HQL of this condition, or of its negation (where either is unknown, SQL leaves the row out). */
    String render(boolean negated);

    /** HQL that holds where this condition is false or unknown. */
    default String notTrue() {
        return render(true);
    }

    /** HQL that holds where this condition is true or unknown. */
    default String notFalse() {
        return render(false);
    }

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

        @Override
        public String notTrue() {
            return condition.notFalse();
        }

        @Override
        public String notFalse() {
            return condition.notTrue();
        }
    }

    record Junction(boolean and, List<Condition> parts) implements Condition {
        @Override
        public String render(boolean negated) {
            // De Morgan: not (a and b) is (not a or not b).
            return join(and != negated, parts.stream().map(part -> part.render(negated)).toList());
        }

        @Override
        public String notTrue() {
            return join(!and, parts.stream().map(Condition::notTrue).toList());
        }

        @Override
        public String notFalse() {
            return join(and, parts.stream().map(Condition::notFalse).toList());
        }

        private static String join(boolean and, List<String> parts) {
            return "(" + String.join(and ? " and " : " or ", parts) + ")";
        }
    }

    /** {@code condition eq true}: true where the condition is, false where it is false or unknown. */
    record TwoValued(Condition condition) implements Condition {
        @Override
        public String render(boolean negated) {
            return negated ? condition.notTrue() : condition.render(false);
        }
    }

    /** {@code condition eq null}: true exactly where the condition is unknown. */
    record Unknown(Condition condition) implements Condition {
        @Override
        public String render(boolean negated) {
            return negated ? "(" + condition.render(false) + " or " + condition.render(true) + ")"
                    : "(" + condition.notTrue() + " and " + condition.notFalse() + ")";
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
     * where an operand is null both are unknown, as OData's functions of null are null. {@code unknown} is the HQL
     * that holds exactly there, or null when the operands cannot be null.
     */
    record Predicate(String positive, String negative, String unknown) implements Condition {
        @Override
        public String render(boolean negated) {
            return negated ? negative : positive;
        }

        @Override
        public String notTrue() {
            return unknown == null ? negative : "(" + negative + " or " + unknown + ")";
        }

        @Override
        public String notFalse() {
            return unknown == null ? positive : "(" + positive + " or " + unknown + ")";
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
    /** {@code joins}: what paths inside the condition joined to the lambda variable, empty or starting with a blank. */
    record Lambda(String range, String alias, String joins, String tenant, Condition condition, boolean all) implements Condition {
        @Override
        public String render(boolean negated) {
            // all: no member for which the condition is not true (false or unknown).
            // tenant is null for complex values: their entity is restricted already.
            List<String> conditions = new ArrayList<>();
            if (tenant != null) {
                conditions.add(tenant);
            }
            if (condition != null) {
                conditions.add(all ? condition.notTrue() : condition.render(false));
            }
            String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
            String exists = "exists (select 1 from " + range + " " + alias + joins + where + ")";
            return (all != negated) ? "not " + exists : exists;
        }
    }
}
