package engram.functions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** {@link DecompressAndUnlearnContract} against the local folder store, the embedded default. */
@QuarkusTest
@TestProfile(DecompressAndUnlearnOnLocalStoreTest.OwnStore.class)
class DecompressAndUnlearnOnLocalStoreTest extends DecompressAndUnlearnContract {

    /** A store folder of its own: the contract decides from the inputs' presence whether to upload. */
    public static class OwnStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.store.kind", "local",
                    "engram.store.local-root", "target/test-store-tg-" + ProcessHandle.current().pid(),
                    "engram.cache.dir", "target/test-cache-local");
        }
    }
}
