package engram.world;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Entry point of {@code scripts/build-world-model.sh}: builds the embedded default (the generated world,
 * its tokenizer and the base model that knows it) or the real-facts variant for benchmarks.
 *
 * <pre>
 *   world      [out=models/engram-world] [seed=1]
 *   real-facts [out=target/real-facts-model] [seed=1] [shared-data=../shared/data] [counterfact-cases=3000] [max-epochs=40]
 * </pre>
 */
public final class BuildBaseModel {
    private BuildBaseModel() {}

    /** Runs one build; arguments as in the class comment. */
    public static void main(String[] args) throws IOException {
        String which = args.length > 0 ? args[0] : "world";
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1L;
        switch (which) {
            case "world" -> {
                Path out = Path.of(args.length > 1 ? args[1] : "models/engram-world");
                World world = World.generate(WorldSpec.standard(seed));
                world.writeTo(out.resolve("world"));
                Pretraining.run(WorldCorpus.of(world), PretrainingSpec.engramWorld(seed), out, System.out);
            }
            case "real-facts" -> {
                Path out = Path.of(args.length > 1 ? args[1] : "target/real-facts-model");
                Path data = Path.of(args.length > 3 ? args[3] : "../shared/data");
                int cases = args.length > 4 ? Integer.parseInt(args[4]) : 3000; // with TOFU's 4,000 QA: ~30 min on 2 cores
                PretrainingSpec spec = PretrainingSpec.engramWorld(seed);
                if (args.length > 5) {
                    spec = spec.withMaxEpochs(Integer.parseInt(args[5]));
                }
                Pretraining.run(RealFacts.load(data, cases, seed), spec, out, System.out);
            }
            default -> throw new IllegalArgumentException("first argument must be 'world' or 'real-facts', got '" + which + "'");
        }
    }
}
