/**
 * Low-rank adapters (LoRA, arXiv 2106.09685) in PEFT's exact file format, merge and unmerge, and the
 * attention-only views TAIA needs. The adapter formula follows huggingface/peft
 * {@code tuners/lora/layer.py}.
 */
package engram.lora;
