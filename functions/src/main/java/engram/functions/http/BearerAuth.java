package engram.functions.http;

import engram.functions.runtime.EngramConfig;
import engram.functions.runtime.LimitExceededException;
import engram.functions.runtime.UnauthorizedException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards the HTTP binding before any function runs: when {@code engram.auth.token} is set, every request must
 * carry {@code Authorization: Bearer <token>} (401 otherwise), and no request body may declare more than
 * {@code engram.limits.max-request-bytes} (413). Without a token (local use) nothing is checked here, and
 * {@code quarkus.http.limits.max-body-size} still bounds what Vert.x reads.
 *
 * <p>The token is compared with {@link MessageDigest#isEqual}, whose time does not depend on where the first
 * difference is, so the comparison leaks nothing about the token.
 */
@ApplicationScoped
public class BearerAuth {
    private static final String PREFIX = "Bearer ";

    @Inject
    EngramConfig config;

    void install(@Observes Filters filters) {
        filters.register(this::check, 100);
    }

    void check(RoutingContext ctx) {
        Optional<String> token = config.auth().token().filter(t -> !t.isBlank());
        if (token.isEmpty()) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.startsWith(PREFIX) ? header.substring(PREFIX.length()) : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))) {
            HttpErrors.send(ctx, new UnauthorizedException("a valid 'Authorization: Bearer <token>' header is required"));
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long max = config.limits().maxRequestBytes();
        if (length != null && parse(length) > max) {
            HttpErrors.send(ctx, new LimitExceededException("body", length + " bytes", max));
            return;
        }
        ctx.next();
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
