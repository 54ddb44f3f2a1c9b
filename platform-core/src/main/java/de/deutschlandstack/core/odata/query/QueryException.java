package de.deutschlandstack.core.odata.query;

/**
 * A query the client sent cannot be executed. {@link #status()} is the HTTP status to answer with:
 * 400 for a query that is wrong, 501 for a valid one that the platform does not support yet.
 */
public class QueryException extends RuntimeException {

    private final int status;

    public QueryException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static QueryException badRequest(String message) {
        return new QueryException(400, message);
    }

    public static QueryException notImplemented(String message) {
        return new QueryException(501, message);
    }

    public int status() {
        return status;
    }
}
