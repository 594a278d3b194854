/**
 * Text to token ids and back, through DJL's binding of Hugging Face {@code tokenizers} over a
 * {@code tokenizer.json}: no hand-written encoder or decoder. Special tokens (BOS/EOS) come from the model's
 * config. The one thing written here is {@link engram.tokenizer.BpeTrainer}, which learns a byte-level BPE
 * vocabulary and writes it as a {@code tokenizer.json}, because DJL's binding can load but not train one.
 */
package engram.tokenizer;
