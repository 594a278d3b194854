/**
 * Checkpoints on disk: memory-mapped safetensors (files of any size, F32/F16/BF16), Hugging Face folders
 * (single file or sharded index), and llama2.c {@code .bin} models and tokenizers. Every missing,
 * unexpected or mis-shaped tensor is an error that names the key and both shapes.
 */
package engram.model.io;
