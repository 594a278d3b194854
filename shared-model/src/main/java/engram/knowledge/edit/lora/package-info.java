/**
 * LoRA editing (docs/methods.md §2.9): train an adapter on the modules of {@link
 * engram.knowledge.edit.lora.LoraSettings}; the change is the adapter itself. The registry runs three methods
 * with this editor: LORA (every MLP down-projection), OVERTONE (the same with OVERTONE's loss, §7) and TAIA (every
 * linear map, to be evaluated through {@link engram.lora.TaiaView}, §5).
 */
package engram.knowledge.edit.lora;
