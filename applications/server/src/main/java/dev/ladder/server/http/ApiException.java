package dev.ladder.server.http;

/**
 * An HTTP error answered as JSON: {@code {"error": message}} plus {@code "parameter"} when one
 * request parameter is to blame. Thrown by route handlers and mapped by {@link LadderServer}.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String parameter;

    private ApiException(int status, String message, String parameter) {
        super(message, null, false, false);
        this.status = status;
        this.parameter = parameter;
    }

    /** 400 naming the parameter: {@code bad parameter 'price': why}. */
    static ApiException badParameter(String parameter, String why) {
        return new ApiException(400, "bad parameter '" + parameter + "': " + why, parameter);
    }

    /** 404 for an unknown book, venue or route target. */
    static ApiException notFound(String message) {
        return new ApiException(404, message, null);
    }

    /** Another status with a message (401, 403, 409, 503...). */
    static ApiException of(int status, String message) {
        return new ApiException(status, message, null);
    }

    int status() {
        return status;
    }

    /** The parameter at fault, or null. */
    String parameter() {
        return parameter;
    }
}
