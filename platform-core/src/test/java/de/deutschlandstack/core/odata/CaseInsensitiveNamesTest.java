package de.deutschlandstack.core.odata;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** OData 4.01: names in a URL regardless of case, literals and aliases untouched, the result parsed by Olingo. */
class CaseInsensitiveNamesTest {

    private static QueryFixture fixture;
    private static CaseInsensitiveNames names;

    @BeforeAll
    static void model() {
        fixture = new QueryFixture();
        names = new CaseInsensitiveNames(fixture.service);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    private static String query(String raw) {
        return URLDecoder.decode(names.query(raw), StandardCharsets.UTF_8);
    }

    @Test
    void pathsTakeTheModelsSpellingButNotTheirKeys() {
        assertThat(names.path("/orders(5)/LINES")).isEqualTo("/Orders(5)/Lines");
        assertThat(names.path("/CUSTOMERS(%27orders%27)/$COUNT")).isEqualTo("/Customers(%27orders%27)/$count");
        assertThat(names.path("/Orders")).isEqualTo("/Orders");
    }

    @Test
    void expressionsTakeTheModelsSpellingOutsideLiterals() {
        assertThat(query("$filter=number%20EQ%20'number'%20AND%20CONTAINS(customer/CITY,'x')%20or%20Amount%20gt%20@amount"
                + "&$orderby=AMOUNT%20DESC&$select=number,Amount&$search=NUMBER&@amount=5"))
                .isEqualTo("$filter=Number eq 'number' and contains(Customer/City,'x') or Amount gt @amount"
                        + "&$orderby=Amount desc&$select=Number,Amount&$search=NUMBER&@amount=5");
        // Names the client gives keep their spelling, even when they look like a keyword or a property.
        assertThat(query("$compute=year(orderdate)%20as%20Year&$orderby=Year%20desc&$filter=lines/any(number:number/quantity%20gt%201)"))
                .isEqualTo("$compute=year(OrderDate) as Year&$orderby=Year desc&$filter=Lines/any(number:number/Quantity gt 1)");
        assertThat(query("$filter=lines/ANY(l:L/quantity%20GT%202)"))
                .isEqualTo("$filter=Lines/any(l:L/Quantity gt 2)");
        // What Olingo then reads: the rewritten query parses against the model.
        assertThat(fixture.parse("Orders", names.query("$filter=STATUS%20eq%20'OPEN'%20AnD%20lines/$COUNT%20gt%200"))
                .getFilterOption()).isNotNull();
    }
}
