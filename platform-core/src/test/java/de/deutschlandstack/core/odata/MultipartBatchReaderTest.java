package de.deutschlandstack.core.odata;

import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.deserializer.batch.BatchRequestPart;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The multipart {@code $batch} reader: what a client sends becomes the requests Olingo runs, or a 400 that says why. */
class MultipartBatchReaderTest {

    private static final String BASE = "http://localhost:8080/odata/v4/erp";

    private static List<BatchRequestPart> read(String body) throws ODataApplicationException {
        return MultipartBatchReader.read(body.getBytes(StandardCharsets.UTF_8), "b", BASE, null);
    }

    private static String text(ODataRequest request) throws java.io.IOException {
        return new String(request.getBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aChangeSetAndAReadBecomeTheirRequests() throws Exception {
        String body = "preamble is ignored\r\n"
                + "--b\r\nContent-Type: multipart/mixed; boundary=\"cs\"\r\n\r\n"
                + "--cs\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n"
                + "POST CostCenters HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"Name\":\"Größe\"}\r\n"
                + "--cs\r\nContent-Type: application/http\r\nContent-ID: 2\r\n\r\n"
                + "PATCH $1 HTTP/1.1\r\nIf-Match: W/\"1\", W/\"2\"\r\nContent-Type: application/json\r\n\r\n{\"Name\":\"x\"}\r\n"
                + "--cs--\r\n"
                + "--b\r\nContent-Type: application/http\r\n\r\n"
                + "GET /odata/v4/erp/CostCenters?$filter=Name%20eq%20'a'&$top=2 HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n"
                + "--b--\r\nepilogue too";
        List<BatchRequestPart> parts = read(body);

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).isChangeSet()).isTrue();
        ODataRequest create = parts.get(0).getRequests().get(0);
        assertThat(create.getMethod()).isEqualTo(HttpMethod.POST);
        assertThat(create.getRawODataPath()).isEqualTo("/CostCenters");
        assertThat(create.getRawRequestUri()).isEqualTo(BASE + "/CostCenters");
        assertThat(create.getHeader("Content-ID")).isEqualTo("1");
        // The body is the bytes sent, without the line break that belongs to the next delimiter.
        assertThat(text(create)).isEqualTo("{\"Name\":\"Größe\"}");
        ODataRequest patch = parts.get(0).getRequests().get(1);
        assertThat(patch.getRawODataPath()).isEqualTo("/$1");
        assertThat(patch.getHeaders("If-Match")).containsExactly("W/\"1\"", "W/\"2\"");

        ODataRequest read = parts.get(1).getRequests().get(0);
        assertThat(parts.get(1).isChangeSet()).isFalse();
        assertThat(read.getRawODataPath()).isEqualTo("/CostCenters");
        assertThat(read.getRawQueryPath()).isEqualTo("$filter=Name%20eq%20'a'&$top=2");
        assertThat(read.getRawRequestUri()).isEqualTo(BASE + "/CostCenters?$filter=Name%20eq%20'a'&$top=2");
        assertThat(text(read)).isEmpty();
    }

    @Test
    void lineFeedsAloneAbsoluteUrlsAndContentLengthAreRead() throws Exception {
        String body = "--b\nContent-Type: application/http\n\n"
                + "POST " + BASE + "/CostCenters HTTP/1.1\nContent-Length: 2\nHost: localhost:8080\n\n{}ignored\n"
                + "--b--";
        ODataRequest request = read(body).get(0).getRequests().get(0);
        assertThat(request.getRawODataPath()).isEqualTo("/CostCenters");
        assertThat(text(request)).isEqualTo("{}");
    }

    @Test
    void aBoundaryInsideABodyIsNotADelimiter() throws Exception {
        String body = "--b\r\nContent-Type: application/http\r\n\r\nPOST CostCenters HTTP/1.1\r\n\r\n{\"Name\":\"--b--\"}\r\n--b--\r\n";
        assertThat(text(read(body).get(0).getRequests().get(0))).isEqualTo("{\"Name\":\"--b--\"}");
    }

    @Test
    void malformedBatchesAreTheClientsErrorAndSayWhy() {
        String request = "Content-Type: application/http\r\n\r\nPOST CostCenters HTTP/1.1\r\n\r\n{}\r\n";
        String changeSet = "Content-Type: multipart/mixed; boundary=cs\r\n\r\n--cs\r\n";
        assertRefused("--b\r\n" + request, "closing delimiter --b-- is missing");
        assertRefused("--b--\r\n", "no part between");
        assertRefused("--b\r\nContent-Type: text/plain\r\n\r\nPOST CostCenters HTTP/1.1\r\n\r\n--b--", "Content-Type: application/http");
        assertRefused("--b\r\nContent-Type: application/http\r\n\r\nPOST CostCenters\r\n\r\n--b--", "METHOD URL HTTP/1.1");
        assertRefused("--b\r\nContent-Type: application/http\r\n\r\nFETCH CostCenters HTTP/1.1\r\n\r\n--b--", "unknown method FETCH");
        assertRefused("--b\r\n" + changeSet + "Content-Type: application/http\r\nContent-ID: 1\r\n\r\nGET CostCenters HTTP/1.1\r\n\r\n--cs--\r\n--b--",
                "only POST, PUT, PATCH and DELETE");
        assertRefused("--b\r\n" + changeSet + request + "--cs--\r\n--b--", "needs a Content-ID");
        assertRefused("--b\r\n" + changeSet + "Content-Type: multipart/mixed; boundary=in\r\n\r\n--in\r\n" + request + "--in--\r\n--cs--\r\n--b--",
                "cannot hold another change set");
        assertRefused("--b\r\nContent-Type: application/http\r\n\r\nGET CostCenters HTTP/1.1\r\nAuthorization: Basic eDp5\r\n\r\n--b--",
                "authorization is not allowed");
        assertRefused("--b\r\nContent-Type: application/http\r\n\r\nGET CostCenters HTTP/1.1\r\nHost: elsewhere.example\r\n\r\n--b--",
                "does not name this service");
        assertRefused("--b\r\nContent-Type: application/http\r\n\r\nGET https://elsewhere.example/CostCenters HTTP/1.1\r\n\r\n--b--",
                "is not in this service");
        assertRefused("--b\r\nContent-Type: application/http\r\n\r\nGET CostCenters HTTP/1.1\r\n\r\nbody\r\n--b--", "a GET request has no body");
        assertRefused("--b\r\nContent-Type: application/http\r\n\r\nPOST CostCenters HTTP/1.1\r\nContent-Length: 99\r\n\r\n{}\r\n--b--",
                "Content-Length 99");
        assertRefused("--b\r\nContent-Type: application/http\r\nnot a header\r\n\r\n--b--", "is not a header line");
        assertRefused("--b\r\nContent-Type: application/http\r\n\r\nGET $batch HTTP/1.1\r\n\r\n--b--", "cannot hold another batch");
        assertRefused("--b\r\n" + changeSet + "Content-Type: application/http\r\nContent-ID: 1\r\n\r\nPOST CostCenters HTTP/1.1\r\n\r\n{}\r\n"
                + "--cs\r\nContent-Type: application/http\r\nContent-ID: 1\r\n\r\nPOST CostCenters HTTP/1.1\r\n\r\n{}\r\n--cs--\r\n--b--",
                "Content-ID 1 is given to two requests");
    }

    @Test
    void headersAreBoundedAndErrorsDoNotRepeatWhatTheyRefuse() {
        // Olingo's request headers cost time per header already stored: 60,000 of them took 20 s before this limit.
        String many = "X-H: v\r\n".repeat(MultipartBatchReader.MAX_HEADERS + 1);
        assertRefused("--b\r\nContent-Type: application/http\r\n\r\nGET CostCenters HTTP/1.1\r\n" + many + "\r\n--b--",
                "at most 100 header lines");
        assertRefused("--b\r\nContent-Type: application/http\r\n\r\nGET CostCenters HTTP/1.1\r\nX-H: " + "v".repeat(9000) + "\r\n\r\n--b--",
                "of at most 8192 characters");
        assertThatThrownBy(() -> read("--b\r\nContent-Type: application/http\r\n\r\nGET " + "x".repeat(5000) + "\r\n\r\n--b--"))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    private static void assertRefused(String body, String message) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOfSatisfying(ODataApplicationException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400))
                .hasMessageStartingWith("Malformed batch: ")
                .hasMessageContaining(message);
    }
}
