package engram.functions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** {@link FunctionsContract} against the local folder store, the embedded default. */
@QuarkusTest
@TestProfile(FunctionsOnLocalStoreTest.LocalStore.class)
class FunctionsOnLocalStoreTest extends FunctionsContract {

    /** A fresh store folder for this class. */
    public static class LocalStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.store.kind", "local",
                    "engram.store.local-root", "target/test-store-" + ProcessHandle.current().pid(),
                    "engram.cache.dir", "target/test-cache-local");
        }
    }
}
