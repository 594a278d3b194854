package engram.functions.storage;

import engram.functions.config.EngramConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Picks the {@link ArtifactStore} the configuration names ({@code engram.store.kind}). */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @Singleton
    ArtifactStore store(EngramConfig config) {
        EngramConfig.Store store = config.store();
        return switch (store.kind()) {
            case LOCAL -> new LocalArtifactStore(store.localRoot(), store.bucket());
            case S3 -> S3ArtifactStore.create(store.s3(), store.bucket());
        };
    }

    void close(@Disposes ArtifactStore store) {
        if (store instanceof S3ArtifactStore s3) {
            s3.close();
        }
    }
}
