package de.deutschlandstack.core.odata;

import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.prefer.Preferences;
import org.apache.olingo.server.api.uri.UriInfo;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-driven paging: how many rows a page holds ({@code odata.maxpagesize}, capped by the platform's limit),
 * which rows the {@code $skiptoken} of a nextLink skips, and the nextLink itself. The token counts the rows
 * already delivered; it only ever appears in links the server wrote.
 */
final class ServerDrivenPaging {

    /** One page of a request: the offset of its first row and how many rows it may hold at most. */
    record Page(long offset, int size, int delivered, Integer top) {

        /** Whether a page of this size, after a query found more rows than it holds, leaves rows for another page. */
        boolean continuesAfter(int rowsOnPage) {
            return top == null || delivered + rowsOnPage < top;
        }
    }

    private final int defaultPageSize;
    private final int maxPageSize;

    ServerDrivenPaging(int defaultPageSize, int maxPageSize) {
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    /** The page size the client asked for with {@code Prefer: odata.maxpagesize}, within the platform's limit. */
    int pageSize(Preferences preferences) {
        Integer asked = preferences.getMaxPageSize();
        return Math.min(maxPageSize, asked != null && asked > 0 ? asked : defaultPageSize);
    }

    Page page(UriInfo uriInfo, Preferences preferences) throws ODataApplicationException {
        int skip = uriInfo.getSkipOption() == null ? 0 : uriInfo.getSkipOption().getValue();
        Integer top = uriInfo.getTopOption() == null ? null : uriInfo.getTopOption().getValue();
        int delivered = skipToken(uriInfo);
        int pageSize = pageSize(preferences);
        int size = top == null ? pageSize : (int) Math.max(0, Math.min(pageSize, (long) top - delivered));
        return new Page((long) skip + delivered, size, delivered, top);
    }

    private static int skipToken(UriInfo uriInfo) throws ODataApplicationException {
        if (uriInfo.getSkipTokenOption() == null) {
            return 0;
        }
        String token = uriInfo.getSkipTokenOption().getValue();
        if (token == null || !token.matches("[0-9]{1,9}")) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Invalid $skiptoken; follow the @odata.nextLink as given");
        }
        return Integer.parseInt(token);
    }

    /** The request's own URL with {@code $skiptoken} set to the rows delivered so far. */
    static URI nextLink(ODataRequest request, int delivered) {
        List<String> parameters = new ArrayList<>();
        String query = request.getRawQueryPath();
        if (query != null && !query.isEmpty()) {
            for (String parameter : query.split("&")) {
                String name = parameter.split("=", 2)[0];
                if (parameter.isEmpty() || decode(name).equals("$skiptoken")) {
                    continue;
                }
                // Re-encoded from the decoded value: the raw query may hold characters a URI may not (a client's '{').
                int equals = parameter.indexOf('=');
                parameters.add(equals < 0 ? encode(decode(parameter))
                        : encode(decode(parameter.substring(0, equals))) + "=" + encode(decode(parameter.substring(equals + 1))));
            }
        }
        parameters.add("$skiptoken=" + delivered);
        return URI.create(request.getRawBaseUri() + request.getRawODataPath() + "?" + String.join("&", parameters));
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    /** Percent-encodes all but the characters OData URLs use unencoded, so the link reads like the request. */
    static String encode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~$'(),;:@/!*".indexOf(c) >= 0)) {
                out.write(c);
            } else {
                out.writeBytes(String.format("%%%02X", b & 0xff).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
