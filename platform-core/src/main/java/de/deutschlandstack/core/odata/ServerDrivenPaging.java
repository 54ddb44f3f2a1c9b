package de.deutschlandstack.core.odata;

import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.prefer.Preferences;
import org.apache.olingo.server.api.uri.UriInfo;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-driven paging: how many rows a page holds ({@code odata.maxpagesize}, capped by the platform's limit),
 * where the next page starts, and the nextLink. The {@code $skiptoken} holds the rows delivered so far and the key
 * of the page's last row (typed, base64url). The next page reads that row's sort values and starts right after
 * them (a keyset): no rows are skipped or repeated when other rows are written between pages, and a deep page costs
 * no more than the first. (Should that very row change its sort values meanwhile, the next page starts from where
 * it now sorts; should it be deleted, from its former position.) Only the key travels in the URL, never row data (which could be personal, and long); a
 * forged key only ever becomes a parameter of the caller's own tenant-restricted query.
 */
final class ServerDrivenPaging {

    /**
     * One page of a request: the offset of its first row, how many rows it may hold at most, the rows delivered
     * before it, and the key of the row it follows (null on the first page). Should that row be gone, the page
     * starts at {@code fallbackOffset} instead.
     */
    record Page(long offset, int size, int delivered, Integer top, Object afterKey, long fallbackOffset, Long trackedFrom) {

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
        int pageSize = pageSize(preferences);
        if (uriInfo.getSkipTokenOption() == null) {
            int size = top == null ? pageSize : Math.min(pageSize, top);
            return new Page(skip, size, 0, top, null, skip, null);
        }
        // $skip was applied by the first page; the keyset continues from there.
        Token token = Token.parse(uriInfo.getSkipTokenOption().getValue());
        int size = top == null ? pageSize : (int) Math.max(0, Math.min(pageSize, (long) top - token.delivered()));
        if (token.after().size() != 1) {
            throw Token.invalid();
        }
        // Should the row be deleted meanwhile, the rows after it have moved up by one.
        return new Page(0, size, token.delivered(), top, token.after().get(0), Math.max(skip, (long) skip + token.delivered() - 1),
                token.trackedFrom());
    }

    /**
     * The request's own URL with {@code $skiptoken} set to continue after the last row of this page. When the client
     * tracks changes, the token also carries the change log position the first page was read at, so that the last
     * page's delta link starts there.
     */
    static URI nextLink(ODataRequest request, int delivered, List<Object> lastRowSortValues, Long trackedFrom) {
        return nextLink(request, new Token(delivered, lastRowSortValues, trackedFrom).text());
    }

    /**
     * How many results earlier pages delivered, from a {@code $skiptoken} that counts them (the pages of
     * {@code $apply} and {@code $ref}, whose rows have no key to continue after); 0 on the first page.
     */
    static long deliveredCount(UriInfo uriInfo) throws ODataApplicationException {
        if (uriInfo.getSkipTokenOption() == null) {
            return 0;
        }
        String token = uriInfo.getSkipTokenOption().getValue();
        if (token == null || !token.matches("[0-9]{1,9}")) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Invalid $skiptoken; follow the @odata.nextLink as given");
        }
        return Long.parseLong(token);
    }

    /** The request's own URL with this {@code $skiptoken}. */
    static URI nextLink(ODataRequest request, String skipToken) {
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
        parameters.add("$skiptoken=" + skipToken);
        return URI.create(request.getRawBaseUri() + request.getRawODataPath() + "?" + String.join("&", parameters));
    }

    /**
     * The keyset of a nextLink: rows delivered, then each sort value as a type letter and its base64url text, then,
     * when changes are tracked, {@code .p} and the change log position.
     */
    record Token(int delivered, List<Object> after, Long trackedFrom) {

        /** Rows delivered, then exactly one value: the key of the page's last row; perhaps a tracked position. */
        private static final Pattern FORMAT = Pattern.compile("[0-9]{1,9}\\.[snbdtu][A-Za-z0-9_-]{0,1400}(\\.p[0-9]{1,18})?");
        private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

        String text() {
            StringBuilder text = new StringBuilder(Integer.toString(delivered));
            for (Object value : after) {
                text.append('.').append(tag(value));
                if (value != null) {
                    String plain = value instanceof Number number ? new BigDecimal(number.toString()).toPlainString()
                            : value instanceof Enum<?> constant ? constant.name() : value.toString();
                    text.append(ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
                }
            }
            if (trackedFrom != null) {
                text.append(".p").append(trackedFrom);
            }
            return text.toString();
        }

        private static char tag(Object value) {
            if (value == null) {
                return 'z';
            }
            if (value instanceof Number) {
                return 'n';
            }
            if (value instanceof Boolean) {
                return 'b';
            }
            if (value instanceof LocalDate) {
                return 'd';
            }
            if (value instanceof Instant) {
                return 't';
            }
            if (value instanceof UUID) {
                return 'u';
            }
            return 's';
        }

        static Token parse(String text) throws ODataApplicationException {
            if (text == null || !FORMAT.matcher(text).matches()) {
                throw invalid();
            }
            String[] parts = text.split("\\.");
            List<Object> values = new ArrayList<>();
            Long tracked = null;
            int valueParts = parts.length;
            if (parts[parts.length - 1].startsWith("p")) {
                tracked = Long.parseLong(parts[parts.length - 1].substring(1));
                valueParts--;
            }
            try {
                for (int i = 1; i < valueParts; i++) {
                    char tag = parts[i].charAt(0);
                    String plain = new String(Base64.getUrlDecoder().decode(parts[i].substring(1)), StandardCharsets.UTF_8);
                    values.add(switch (tag) {
                        case 'z' -> null;
                        case 'n' -> number(plain);
                        case 'b' -> Boolean.valueOf(plain);
                        case 'd' -> LocalDate.parse(plain);
                        case 't' -> Instant.parse(plain);
                        case 'u' -> UUID.fromString(plain);
                        default -> plain;
                    });
                }
            } catch (RuntimeException e) {
                throw invalid();
            }
            return new Token(Integer.parseInt(parts[0]), values, tracked);
        }

        /** A number as a sort value can be: no exponent games that the database would choke on. */
        private static BigDecimal number(String plain) {
            BigDecimal number = new BigDecimal(plain);
            if (plain.length() > 48 || number.precision() > 38 || Math.abs(number.scale()) > 38) {
                throw new IllegalArgumentException("out of range");
            }
            return number;
        }

        static ODataApplicationException invalid() {
            return ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Invalid $skiptoken; follow the @odata.nextLink as given");
        }
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
