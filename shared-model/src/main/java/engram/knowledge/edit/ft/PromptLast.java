package engram.knowledge.edit.ft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import engram.train.TokenLoss;

/**
 * EasyEdit's {@code prompt_last} objective (FT-L, ROME's FT baseline; docs/methods.md §2.9) around any token loss:
 * every target token is scored against the distribution of the <em>last prompt position</em>, not its own
 * teacher-forced position. In the trainer's shifted layout the last prompt position of a row is the first
 * position whose next token is a target, so the row's logits there are copied to all positions and the
 * inner loss is applied unchanged: {@code L = Σ_j w_j ℓ(z_last, y_j)}; with cross-entropy that is
 * {@code −Σ_j log p_last(y_j)}. Causal attention makes {@code z_last} the same with or without the target
 * tokens after it, so feeding {@code [prompt ; target]} is equivalent to EasyEdit's prompt-only pass.
 */
public record PromptLast(TokenLoss inner) implements TokenLoss {

    @Override
    public NDArray sum(NDArray logits, NDArray targets, NDArray tokenWeights) {
        Shape shape = logits.getShape();                                                   // (B, T-1, V)
        long rows = shape.get(0);
        NDArray first = tokenWeights.gt(0f).toType(DataType.FLOAT32, false).argMax(1);     // (B) first target slot
        NDArray index = first.reshape(rows, 1, 1).broadcast(new Shape(rows, 1, shape.get(2))); // (B, 1, V)
        NDArray last = logits.gather(index, 1);                                            // (B, 1, V)
        return inner.sum(last.broadcast(shape), targets, tokenWeights);                    // ()
    }
}
