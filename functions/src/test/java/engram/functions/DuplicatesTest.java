package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.functions.api.ArtifactRef;
import engram.functions.storage.ArtifactStore;
import engram.functions.storage.StoredObject;
import engram.functions.workflow.LocalInputs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same request delivered twice, one after the other and at once: one result (the very same JSON for every
 * delivery), the same keys, one manifest (the run's record of the work), and the work done once in a process.
 * Across processes the conditional manifest write decides: {@code DuplicatesIT}.
 */
@QuarkusTest
@TestProfile(EditApiAsyncTest.Async.class)
class DuplicatesTest {
    private static final int DELIVERIES = 4;

    @Inject ArtifactStore store;
    @Inject LocalInputs inputs;

    @BeforeEach
    void uploadInputs() {
        inputs.model(Fixtures.modelFolder().toString());
        Fixtures.put(store, "data/dup-edits.jsonl", Fixtures.worldItems(220, 2));
    }

    private static String applyEdit(String runId) {
        return """
                {"runId": "%s", "model": {"key": "models/engram-world/"}, "edits": {"key": "data/dup-edits.jsonl"},
                 "edit": {"method": "LORA", "steps": 6, "seed": 4}}""".formatted(runId);
    }

    private static Map<String, Object> post(String function, String body) {
        return EditApiAsyncTest.authorized().contentType(ContentType.JSON).body(body).post("/" + function)
                .then().statusCode(200).extract().jsonPath().getMap("");
    }

    private List<StoredObject> under(String prefix) {
        return store.list(ArtifactRef.of(store.bucket(), prefix));
    }

    private long manifests(String prefix) {
        return under(prefix).stream().filter(o -> o.key().endsWith("/manifest.json")).count();
    }

    @Test
    void aRequestDeliveredTwiceHasOneResultAndTheSecondDeliveryWritesNothing() {
        Map<String, Object> first = post("apply-edit", applyEdit("dup-1"));
        List<StoredObject> written = under("runs/dup-1/");
        Map<String, Object> second = post("apply-edit", applyEdit("dup-1"));
        assertEquals(first, second, "the stored result, measured seconds included");
        assertEquals(written, under("runs/dup-1/"), "the same keys with the same ETags");
        assertEquals(1, manifests("runs/dup-1/"));
    }

    @Test
    void aRequestDeliveredFourTimesAtOnceIsTrainedOnceAndHasOneResult() throws Exception {
        AtomicInteger firstSteps = new AtomicInteger();
        Logger log = Logger.getLogger(ApplyEditFunction.class.getName());
        Level level = log.getLevel();
        Handler counter = new Handler() {
            @Override
            public void publish(LogRecord record) {
                // debugf: a printf pattern and its arguments
                String text = record.getParameters() == null ? record.getMessage()
                        : String.format(record.getMessage(), record.getParameters());
                if (text != null && text.startsWith("runs/dup-2/") && text.contains(" step 1/")) {
                    firstSteps.incrementAndGet();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.setLevel(Level.FINE);
        log.addHandler(counter);
        try {
            List<Map<String, Object>> results = atOnce(() -> post("apply-edit", applyEdit("dup-2")));
            for (Map<String, Object> result : results) {
                assertEquals(results.get(0), result, "every delivery gets the one result");
            }
        } finally {
            log.removeHandler(counter);
            log.setLevel(level);
        }
        assertEquals(1, firstSteps.get(), "trained once: the other deliveries waited and found the result");
        assertEquals(1, manifests("runs/dup-2/"));
        post("apply-edit", applyEdit("dup-1"));
        assertEquals(new StoredRuns(store).relativeKeys("dup-1"), new StoredRuns(store).relativeKeys("dup-2"),
                "the keys of a single delivery");
    }

    @Test
    void anEditSubmittedFourTimesAtOnceIsOneJobAndOneRun() throws Exception {
        String body = EditApiAsyncTest.BODY.formatted(31);
        List<String> ids = atOnce(() -> EditApiAsyncTest.authorized().contentType(ContentType.JSON).body(body)
                .post("/edits").then().extract().jsonPath().getString("id"));
        for (String id : ids) {
            assertEquals(ids.get(0), id, "one job");
        }
        JsonPath job = EditApiAsyncTest.poll(ids.get(0));
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals(1, manifests("runs/" + ids.get(0) + "/apply-edit/"), "one edit trained and recorded");
        assertTrue(manifests("runs/" + ids.get(0) + "/") >= 2, "and its evaluation");
    }

    /** Runs {@code call} {@value #DELIVERIES} times on as many threads released together. */
    private static <T> List<T> atOnce(Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(DELIVERIES);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < DELIVERIES; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
