/**
 * Text to token ids and back, through DJL's binding of Hugging Face {@code tokenizers} over a
 * {@code tokenizer.json}: no hand-written encoder or decoder. Special tokens (BOS/EOS) come from the model's
 * config. Learning a byte-level BPE vocabulary (DJL's binding can load but not train one) is not here: the
 * world generator's tokenizer trainer, {@code BpeTrainer}, lives in the engram-tools module ({@code scripts/tools}).
 */
package engram.tokenizer;
