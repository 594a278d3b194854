/**
 * Self-decompression of a model's knowledge (Tree Generation, arXiv 2406.11354; docs/methods.md §8):
 * {@link engram.knowledge.decompress.TreeGenerator} grows dialogue trees with seeded sampling,
 * {@link engram.knowledge.decompress.DialogueTree} turns each root-to-leaf path into an SFT example or a knowledge
 * item, and {@link engram.knowledge.decompress.ReplayMix} mixes such replay into any learning run at an exact ratio
 * (TG-SFT). Training itself stays in {@code engram.train}.
 */
package engram.knowledge.decompress;
