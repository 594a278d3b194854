package engram.functions;

import engram.functions.config.EngramConfig;

/** The deployment's limits at their {@code application.properties} defaults, for tests that build no Quarkus config. */
public final class DefaultLimits implements EngramConfig.Limits {
    /** The one instance. */
    public static final DefaultLimits INSTANCE = new DefaultLimits();

    private DefaultLimits() {}

    @Override
    public long maxRequestBytes() {
        return 262_144;
    }

    @Override
    public int maxItems() {
        return 5_000;
    }

    @Override
    public int maxInlineEdits() {
        return 64;
    }

    @Override
    public int maxTrainingSteps() {
        return 500;
    }

    @Override
    public long maxDatasetBytes() {
        return 1L << 28;
    }
}
