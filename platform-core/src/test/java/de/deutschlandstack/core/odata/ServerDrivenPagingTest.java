package de.deutschlandstack.core.odata;

import org.apache.olingo.server.api.ODataRequest;
import org.junit.jupiter.api.Test;

import org.apache.olingo.server.api.ODataApplicationException;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerDrivenPagingTest {

    private static ODataRequest request(String query) {
        ODataRequest request = new ODataRequest();
        request.setRawBaseUri("http://host/odata/v4/erp");
        request.setRawODataPath("/SalesOrders");
        request.setRawQueryPath(query);
        return request;
    }

    @Test
    void theNextLinkIsAValidUriEvenWhenTheClientSentCharactersAUriMayNotHold() {
        URI next = ServerDrivenPaging.nextLink(request("$filter=Note%20eq%20'{x}'%20or%20Note%20eq%20'a%26b'&$skiptoken=25.nMQ"), 50, List.of(7L), null);
        assertThat(next.toString()).isEqualTo("http://host/odata/v4/erp/SalesOrders?$filter=Note%20eq%20'%7Bx%7D'%20or%20Note%20eq%20'a%26b'&$skiptoken=50.nNw");
        assertThat(next.getQuery()).contains("Note eq '{x}' or Note eq 'a&b'");
    }

    @Test
    void anEncodedSkipTokenIsReplacedToo() {
        assertThat(ServerDrivenPaging.nextLink(request("%24skiptoken=5.nMQ&$top=10"), 7, List.of(1L), null).toString())
                .isEqualTo("http://host/odata/v4/erp/SalesOrders?$top=10&$skiptoken=7.nMQ");
    }

    @Test
    void aTokenCarriesOneTypedKeyAndSurvivesTheRoundTrip() throws Exception {
        for (Object key : List.of("SM-000001 & Söhne", new BigDecimal("42"), LocalDate.of(2026, 1, 15),
                Instant.parse("2026-11-26T17:00:49.249432Z"), true, java.util.UUID.fromString("f0b8e2c3-1c2d-4e5f-8a9b-0c1d2e3f4a5b"))) {
            ServerDrivenPaging.Token token = new ServerDrivenPaging.Token(300, List.of(key), null);
            ServerDrivenPaging.Token read = ServerDrivenPaging.Token.parse(token.text());
            assertThat(read.delivered()).isEqualTo(300);
            assertThat(read.after()).containsExactly(key);
            assertThat(token.text()).matches("[0-9A-Za-z_.-]+");
        }
        assertThat(new ServerDrivenPaging.Token(5, List.of(7L), null).text()).isEqualTo("5.nNw");
        // Tracking changes, the token also carries the change log position of the first page.
        ServerDrivenPaging.Token tracked = ServerDrivenPaging.Token.parse(new ServerDrivenPaging.Token(5, List.of("a.b"), 4711L).text());
        assertThat(tracked.trackedFrom()).isEqualTo(4711L);
        assertThat(tracked.after()).containsExactly("a.b");
    }

    @Test
    void aForgedTokenIsTheClientsError() {
        for (String forged : new String[]{"", "5", "abc", "5.x", "5.dbm90IGEgZGF0ZQ", "5.n" + "A".repeat(10), "-1.nMQ", "9999999999.nMQ",
                "5.nMQ.nMQ", "5.z", "5.s" + "A".repeat(1500), "5.nMQ.p", "5.nMQ.p-1", "5.nMQ.p1.p2", "5.p1"}) {
            assertThatThrownBy(() -> ServerDrivenPaging.Token.parse(forged)).as(forged)
                    .isInstanceOf(ODataApplicationException.class)
                    .satisfies(e -> assertThat(((ODataApplicationException) e).getStatusCode()).isEqualTo(400));
        }
    }
}
