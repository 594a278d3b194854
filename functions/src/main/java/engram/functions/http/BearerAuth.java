package engram.functions.http;

import engram.functions.config.EngramConfig;
import engram.functions.errors.LimitExceededException;
import engram.functions.errors.UnauthorizedException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Guards the HTTP binding before any function runs: no request body may declare more than
 * {@code engram.limits.max-request-bytes} (413), and when {@code engram.auth.token} is set every request must carry
 * {@code Authorization: Bearer <token>} (401 otherwise, checked first, so that a caller without the token learns
 * nothing else). Without a token (local use) nobody is authenticated; {@code quarkus.http.limits.max-body-size}
 * still bounds what Vert.x reads of a body that declares no length.
 *
 * <p>The comparison takes the same time wherever the presented token differs: both sides are hashed with SHA-256
 * and the digests compared with {@link MessageDigest#isEqual}, so neither the position of the first difference
 * nor the token's length shows in the timing. Neither token is ever logged.
 */
@ApplicationScoped
public class BearerAuth {
    private static final String SCHEME = "bearer ";

    @Inject
    EngramConfig config;

    void install(@Observes Filters filters) {
        filters.register(this::check, 100);
    }

    void check(RoutingContext ctx) {
        Optional<String> token = config.auth().token().filter(t -> !t.isBlank());
        if (token.isPresent() && !authorized(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), token.get())) {
            HttpErrors.send(ctx, new UnauthorizedException("a valid 'Authorization: Bearer <token>' header is required"));
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long max = config.limits().maxRequestBytes();
        if (length != null && parse(length) > max) {
            HttpErrors.send(ctx, new LimitExceededException("body", length.strip() + " bytes", max));
            return;
        }
        ctx.next();
    }

    /** Whether {@code header} is {@code Bearer <token>} (the scheme in any case, RFC 7235). */
    static boolean authorized(String header, String token) {
        boolean bearer = header != null && header.length() >= SCHEME.length()
                && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
        String presented = bearer ? header.substring(SCHEME.length()) : "";
        return MessageDigest.isEqual(sha256(presented), sha256(token)) & bearer;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
