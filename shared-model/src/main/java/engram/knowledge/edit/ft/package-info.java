/**
 * FT-L and FT-M (docs/methods.md §2.9): fine-tune one MLP down-projection weight. FT-L reads every target token's
 * loss at the last prompt position ({@link engram.knowledge.edit.ft.PromptLast}) and may clamp the delta
 * (ROME's norm constraint); FT-M is teacher-forced on the target tokens. The change is the weight's delta.
 */
package engram.knowledge.edit.ft;
