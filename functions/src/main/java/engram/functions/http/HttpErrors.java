package engram.functions.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.api.Requests;
import engram.functions.errors.EngramException;
import engram.functions.errors.InvalidRequestException;
import engram.functions.errors.LimitExceededException;
import io.quarkus.funqy.runtime.ApplicationException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Answers a failed function call over HTTP with the error's status and a JSON body
 * {@code {"error": "<Name>", "message": ..., "field": ..., "value": ...}}, the same names the workflow catches.
 *
 * <p>funqy-http hands failures to Vert.x as {@code ApplicationException(cause)}, or as a bare status when it
 * could not read the body at all (not JSON); a router-level failure handler is the one place that sees both.
 * Anything that is not an {@link EngramException} is an internal error (500) whose details go to the log, not to
 * the caller.
 */
@ApplicationScoped
public class HttpErrors {
    private static final Logger LOG = Logger.getLogger(HttpErrors.class);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(HttpErrors::handle);
    }

    static void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof ApplicationException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof EngramException e) {
            send(ctx, e);
        } else if (failure == null && ctx.statusCode() == 400) {
            send(ctx, new InvalidRequestException("body", null, "the request body is not valid JSON"));
        } else if (failure == null && ctx.statusCode() == 413) {
            // a body without a declared length that Vert.x stopped reading at quarkus.http.limits.max-body-size
            send(ctx, new LimitExceededException("body", "a body above the server's read limit",
                    ConfigProvider.getConfig().getOptionalValue("engram.limits.max-request-bytes", Long.class).orElse(-1L)));
        } else if (failure == null) {
            ctx.next(); // 404, 405, 413 from Vert.x itself: Quarkus' default answers
        } else {
            LOG.error("function failed", failure);
            ObjectNode body = Requests.json().createObjectNode().put("error", "InternalError")
                    .put("message", "the function failed; see the server log");
            write(ctx, 500, body);
        }
    }

    /** Writes {@code e} as the response. */
    static void send(RoutingContext ctx, EngramException e) {
        ObjectNode body = Requests.json().createObjectNode().put("error", e.errorName()).put("message", e.getMessage());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        if (e.value() != null) {
            body.put("value", e.value());
        }
        write(ctx, e.httpStatus(), body);
    }

    private static void write(RoutingContext ctx, int status, ObjectNode body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(Requests.json().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }
}
