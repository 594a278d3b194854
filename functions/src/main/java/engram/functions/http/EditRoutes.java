package engram.functions.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.FunctionRegistry;
import engram.functions.api.Requests;
import engram.functions.config.EngramConfig;
import engram.functions.errors.ArtifactNotFoundException;
import engram.functions.errors.EngramErrors;
import engram.functions.errors.EngramException;
import engram.functions.errors.InvalidRequestException;
import engram.functions.ondemand.EditApiConfig;
import engram.functions.ondemand.EditJob;
import engram.functions.ondemand.EditJobs;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The on-demand edit API, the contract API Gateway fronts on AWS, served here next to the functions:
 * {@code POST /edits} starts the {@code on-demand-edit} workflow and answers 200 with the result when it ends
 * within {@code engram.api.sync-timeout}, else 202 with the job's id and a {@code Location}; {@code GET
 * /edits/{id}} answers the job's status and, once done, its result; {@code GET /openapi} is the API's OpenAPI
 * document. {@link BearerAuth} guards these routes like every other.
 */
@ApplicationScoped
public class EditRoutes {
    /**
     * After the filters ({@link BearerAuth} is order -100: Quarkus orders a filter of priority p at -p) and
     * before funqy-http's routes (order 0 and up), which would take any path as a function name.
     */
    private static final int ORDER = -3;
    private static final String OPENAPI = "/openapi/engram-edits.yaml";
    /** The first path segments these routes take from funqy-http, which serves every registered function at its name. */
    static final List<String> OWN_PATHS = List.of("edits", "openapi");

    @Inject EditJobs jobs;
    @Inject EditApiConfig api;
    @Inject EngramConfig config;

    void install(@Observes Router router) {
        requireNoFunctionHidden();
        router.post("/edits").order(ORDER).handler(BodyHandler.create().setBodyLimit(config.limits().maxRequestBytes()));
        router.post("/edits").order(ORDER + 1).blockingHandler(this::post, false);
        router.get("/edits/:id").order(ORDER).handler(this::get);
        router.get("/openapi").order(ORDER).handler(EditRoutes::openApi);
    }

    /** These routes come before funqy-http's, so a function named like one of them would be unreachable. */
    static void requireNoFunctionHidden() {
        for (String path : OWN_PATHS) {
            if (FunctionRegistry.named(path).isPresent()) {
                throw new IllegalStateException("the function '" + path + "' would be hidden by the edit API's /" + path);
            }
        }
    }

    void post(RoutingContext ctx) {
        try {
            EditJob job = jobs.submit(body(ctx));
            if (!awaitWithinSyncTimeout(job)) {
                ctx.response().putHeader(HttpHeaders.LOCATION, "/edits/" + job.id());
                write(ctx, 202, job.toJson());
                return;
            }
            ObjectNode answer = job.toJson();
            // a failed edit answers its error's status, as the functions answer the same errors
            write(ctx, job.status() == EditJob.Status.SUCCEEDED ? 200
                    : EngramErrors.httpStatus(answer.path("error").asText()), answer);
        } catch (EngramException e) {
            ctx.fail(e);
        }
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        jobs.find(id).ifPresentOrElse(job -> write(ctx, 200, job.toJson()),
                () -> ctx.fail(new ArtifactNotFoundException("id", "edit " + id + " (not known to this server)")));
    }

    static void openApi(RoutingContext ctx) {
        try (InputStream in = EditRoutes.class.getResourceAsStream(OPENAPI)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI + " is not packaged");
            }
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(new String(in.readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the job ended within the sync timeout (a failure to start counts as ended). */
    private boolean awaitWithinSyncTimeout(EditJob job) {
        long millis = api.syncTimeout().toMillis();
        try {
            if (millis > 0) {
                job.execution().get(millis, TimeUnit.MILLISECONDS);
            }
            return job.execution().isDone();
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static JsonNode body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("body", null, "the request body is missing");
        }
        try {
            return Requests.json().readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body", null, "the request body is not valid JSON");
        }
    }

    private static void write(RoutingContext ctx, int status, ObjectNode body) {
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Requests.json().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
