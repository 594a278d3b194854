/**
 * Checkpoints on disk: memory-mapped safetensors (files of any size, F32/F16/BF16) and Hugging Face folders
 * (single file or sharded index); the llama2.c {@code .bin} reader is a tool (engram-tools, {@code scripts/tools}).
 * Every missing, unexpected or mis-shaped tensor is an error that names the key and both shapes.
 */
package engram.model.io;
