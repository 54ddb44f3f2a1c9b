package de.deutschlandstack.core.odata;

import org.apache.olingo.server.api.uri.UriInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsed options written back in URL syntax read back to the same options. */
class ODataSyntaxTest {

    private static QueryFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new QueryFixture();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    private static String roundTrip(String filter) {
        String written = ODataSyntax.filter(fixture.parse("Orders", "$filter=" + filter).getFilterOption().getExpression());
        String again = ODataSyntax.filter(fixture.parse("Orders", "$filter=" + written).getFilterOption().getExpression());
        assertThat(again).as(filter).isEqualTo(written);
        return written;
    }

    @Test
    void filtersSurviveBeingWrittenBack() {
        assertThat(roundTrip("Amount sub -(-Amount) eq 0")).isEqualTo("((Amount sub -(-(Amount))) eq 0)");
        roundTrip("not (Customer/City eq 'it''s') and Number in ('A-1','A-2')");
        roundTrip("Lines/any(l:l/Quantity gt 1) or Lines/all(m:m/Quantity lt 9) or Lines/any()");
        roundTrip("contains(tolower(Number),'a') eq true and year(OrderDate) ge 2026 and Amount mod 2 eq 0.5");
    }

    @Test
    void nestedExpandOptionsSurviveBeingWrittenBack() {
        UriInfo uri = fixture.parse("Orders", "$expand=Lines($filter=Quantity gt 1;$orderby=Quantity desc;$select=Quantity;"
                + "$top=5;$skip=1;$count=true;$expand=Order($select=Number)),Customer");
        String written = ODataSyntax.expand(uri.getExpandOption());
        assertThat(written).isEqualTo("Lines($filter=(Quantity gt 1);$orderby=Quantity desc;$select=Quantity;$skip=1;$top=5;"
                + "$count=true;$expand=Order($select=Number)),Customer");
        assertThat(ODataSyntax.expand(fixture.parse("Orders", "$expand=" + written).getExpandOption())).isEqualTo(written);
    }
}
