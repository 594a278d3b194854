package engram.functions.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where and within which limits this deployment runs. What to compute (models, datasets, hyper-parameters,
 * seeds) comes in requests, never from here. Every key is documented in {@code application.properties}.
 */
@ConfigMapping(prefix = "engram")
public interface EngramConfig {

    /** Where artifacts live. */
    Store store();

    /** The per-container download cache of models and edit folders. */
    Cache cache();

    /** Guard rails that keep one invocation inside the Lambda time and payload limits. */
    Limits limits();

    /**
     * Price of each operation in USD, by operation name ({@code apply-edit}, ...), used to refuse work a
     * request's budget cannot pay for. Operations missing here cost nothing.
     */
    Map<String, Price> prices();

    /** Where this deployment runs, for the cost each result reports. */
    CostSettings cost();

    /** HTTP access control (the Lambda binding relies on IAM instead). */
    Auth auth();

    /** How long trainings survive the process that runs them. */
    Training training();

    /** The artifact store. */
    interface Store {
        /** {@code local} (a folder; the embedded default) or {@code s3}. */
        @WithDefault("local")
        Kind kind();

        /** Bucket that outputs are written to and that references without a bucket point into. */
        @WithDefault("engram")
        String bucket();

        /** Root folder of the local store; bucket {@code b}, key {@code k} is {@code <root>/b/k}. */
        @WithDefault("engram-store")
        Path localRoot();

        /** S3 client settings, used when {@link #kind()} is {@code s3}. */
        S3 s3();
    }

    /** Which {@code ArtifactStore} implementation serves requests. */
    enum Kind { LOCAL, S3 }

    /** S3 client settings. */
    interface S3 {
        /** Endpoint of an S3-compatible server; absent for AWS itself. */
        Optional<URI> endpoint();

        /** Path-style addressing ({@code http://host/bucket/key}), needed by most S3-compatible servers. */
        @WithDefault("false")
        boolean pathStyle();

        /** AWS region of the bucket. */
        @WithDefault("us-east-1")
        String region();

        /** Static access key id; absent to use the default credentials chain (Lambda's role). */
        Optional<String> accessKeyId();

        /** Static secret key, with {@link #accessKeyId()}. */
        Optional<String> secretAccessKey();

        /** Files at least this large are uploaded in parts. */
        @WithDefault("16777216")
        long multipartThreshold();

        /** Size of each part of a multipart upload (S3 needs at least 5 MiB except for the last part). */
        @WithDefault("8388608")
        long partSize();

        /** Attempts per S3 call, first one included, with the SDK's back-off between them. */
        @WithDefault("5")
        int maxAttempts();
    }

    /** The cache of models and edit folders. */
    interface Cache {
        /** Folder for downloaded model checkpoints and edit folders; survives between warm invocations. */
        @WithDefault("/tmp/engram-cache")
        Path dir();

        /** Bytes the cache folder may hold; least recently used entries are deleted beyond it. */
        @WithDefault("4294967296")
        long maxBytes();

        /** Models kept loaded in memory at once (each one holds its weights in native memory). */
        @WithDefault("2")
        int maxLoadedModels();
    }

    /** Size limits of one invocation. */
    interface Limits {
        /** Largest HTTP request body in bytes (Step Functions passes at most 256 KiB). */
        @WithDefault("262144")
        long maxRequestBytes();

        /** Items one invocation reads from a dataset; larger shards are split by the workflow's Map state. */
        @WithDefault("5000")
        int maxItems();

        /** Edits a request may carry inline instead of in a dataset object. */
        @WithDefault("64")
        int maxInlineEdits();

        /** Upper bound on optimiser steps of one edit, whatever the request asks for. */
        @WithDefault("500")
        int maxTrainingSteps();

        /** Largest dataset object in bytes. */
        @WithDefault("268435456")
        long maxDatasetBytes();
    }

    /** The resource class results report their measured seconds against. */
    interface CostSettings {
        /** A name for the machine kind this deployment runs on, e.g. {@code lambda-3008mb} or {@code batch-g5}. */
        @WithDefault("local-cpu")
        String resourceClass();
    }

    /** What one call of an operation costs. */
    interface Price {
        /** USD per call. */
        @WithDefault("0")
        double perCall();

        /** USD per dataset item processed. */
        @WithDefault("0")
        double perItem();
    }

    /** Resumable training. */
    interface Training {
        /**
         * {@code apply-edit} saves a resumable snapshot of its training to the store every this many optimiser
         * steps, under its output folder; the same request run again after a crash resumes from the newest one and
         * ends with the same edit folder. 0 saves none. How often is a deployment choice (the work a crash may cost
         * against the uploads), never part of what is computed: the edit is the same either way.
         */
        @WithDefault("25")
        int checkpointEvery();
    }

    /** HTTP authentication. */
    interface Auth {
        /** Bearer token every HTTP request must present; absent means no authentication (local use). */
        Optional<String> token();
    }
}
