package engram.functions;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link DecompressAndUnlearnContract} against a real S3 server on 127.0.0.1 (S3Proxy). */
@QuarkusTest
@WithTestResource(LocalS3Resource.class)
class DecompressAndUnlearnOverS3Test extends DecompressAndUnlearnContract {
}
