package de.deutschlandstack.core.odata.query;

/**
 * One term of a statement's ORDER BY: the HQL of its value, the value's Java type, whether it can be null, and its
 * direction. OData sorts null before every value ascending and after every value descending; a term that cannot be
 * null says nothing about nulls, which leaves PostgreSQL free to read a plain index backwards.
 */
record OrderTerm(String hql, Class<?> javaType, boolean nullable, boolean descending) {

    String render() {
        String term = hql + (descending ? " desc" : " asc");
        return nullable ? term + (descending ? " nulls last" : " nulls first") : term;
    }

    /**
     * The rows that sort after {@code value} on this term: part of a keyset condition. (Descending, nothing sorts
     * after null; callers leave that case out.)
     */
    String after(String parameter, boolean valueIsNull) {
        if (!descending) {
            // Ascending, nulls first: after null comes every value; after a value, only greater ones.
            return valueIsNull ? hql + " is not null" : hql + " > " + parameter;
        }
        // Descending, nulls last: after a value come smaller ones and then the nulls.
        return nullable ? "(" + hql + " < " + parameter + " or " + hql + " is null)" : hql + " < " + parameter;
    }

    /** The rows that sort equal to {@code value} on this term. */
    String equalTo(String parameter, boolean valueIsNull) {
        return valueIsNull ? hql + " is null" : hql + " = " + parameter;
    }
}
