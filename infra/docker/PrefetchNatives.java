/*
 * Unpacks DJL's PyTorch native libraries at image build time, so that a container's cold start loads
 * them instead of copying ~450 MB out of a jar first. Run with the functions' jars on the class path
 * and ENGINE_CACHE_DIR set to the folder the image will ship read-only:
 *
 *   ENGINE_CACHE_DIR=/opt/djl/engine java -cp 'quarkus-app/lib/main/*' PrefetchNatives.java
 *
 * At run time DJL finds the libraries there and writes nothing to that folder; whatever else it
 * writes goes to DJL_CACHE_DIR (under /tmp). Prints how long loading the engine took.
 */
public class PrefetchNatives {
    public static void main(String[] args) {
        long start = System.nanoTime();
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
        try (ai.djl.ndarray.NDManager manager = engine.newBaseManager()) {
            float sum = manager.ones(new ai.djl.ndarray.types.Shape(2, 2)).sum().getFloat();
            if (sum != 4f) {
                throw new IllegalStateException("PyTorch computed " + sum + " for ones(2,2).sum()");
            }
        }
        System.out.printf("PyTorch %s (%s) ready in %.2f s; natives in %s%n", engine.getVersion(),
                System.getenv().getOrDefault("PYTORCH_FLAVOR", "bundled"), (System.nanoTime() - start) / 1e9,
                ai.djl.util.Utils.getEngineCacheDir("pytorch"));
    }
}
