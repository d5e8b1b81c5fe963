package dev.ladder.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a request it refuses before any route runs: an ambiguous or malformed URI, a
 * header too large) answered as every route answers errors, {@code {"error":"..."}} in JSON, never
 * an HTML page, and never with a stack.
 */
final class JsonErrorHandler extends ErrorHandler {
    JsonErrorHandler() {
        setShowStacks(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        String text = message == null || message.isBlank() ? "HTTP " + code : message;
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            g.writeStringField("error", "request refused: " + text);
            g.writeEndObject();
        });
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, BookRoutes.JSON);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

}
