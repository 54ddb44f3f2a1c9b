package de.deutschlandstack.core.odata;

import org.apache.olingo.server.api.ODataRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

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
        URI next = ServerDrivenPaging.nextLink(request("$filter=Note%20eq%20'{x}'%20or%20Note%20eq%20'a%26b'&$skiptoken=25"), 50);
        assertThat(next.toString()).isEqualTo("http://host/odata/v4/erp/SalesOrders?$filter=Note%20eq%20'%7Bx%7D'%20or%20Note%20eq%20'a%26b'&$skiptoken=50");
        assertThat(next.getQuery()).contains("Note eq '{x}' or Note eq 'a&b'");
    }

    @Test
    void anEncodedSkipTokenIsReplacedToo() {
        assertThat(ServerDrivenPaging.nextLink(request("%24skiptoken=5&$top=10"), 7).toString())
                .isEqualTo("http://host/odata/v4/erp/SalesOrders?$top=10&$skiptoken=7");
    }
}
