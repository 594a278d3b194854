/**
 * Text to token ids and back, through DJL's binding of Hugging Face {@code tokenizers} over a
 * {@code tokenizer.json}: nothing hand-written. Special tokens (BOS/EOS) come from the model's config.
 */
package engram.tokenizer;
