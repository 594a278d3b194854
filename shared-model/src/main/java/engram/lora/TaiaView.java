package engram.lora;

import engram.model.CausalLm;

/**
 * Switches a trained model between its fine-tuned weights and TAIA inference (Train All parameters, Infer with
 * only Attention; arXiv 2405.20192, docs/methods.md §5.2), exactly and reversibly, so one evaluation can run in both
 * modes. Per pre-norm decoder layer in TAIA mode:
 * <pre>
 *   h'    = h  + Attn_{W_q+ΔW_q, W_k+ΔW_k, W_v+ΔW_v, W_o+ΔW_o}(Norm_1(h))
 *   h_out = h' + FFN_{W_gate^0, W_up^0, W_down^0}(Norm_2(h'))
 * </pre>
 * Two variants, as in pixas/TAIA_LLM: {@link TaiaLora} (LoRA on all linear maps; only the attention adapters
 * act) and {@link TaiaFullFineTune} (all parameters trained; FFN matrices revert to the base, everything else,
 * embeddings, norms and head included, stays fine-tuned). Closing a view returns the model to {@link TaiaMode#TUNED}.
 */
public sealed interface TaiaView extends AutoCloseable permits TaiaLora, TaiaFullFineTune {

    /** The mode the model is in now. */
    TaiaMode mode();

    /** Shows only the attention deltas; a no-op when already in TAIA mode. */
    void useTaia();

    /** Shows every trained delta again, bit-identical to before {@link #useTaia()}; a no-op when already tuned. */
    void useTuned();

    /** Switches to {@code mode}. */
    default void use(TaiaMode mode) {
        if (mode == TaiaMode.TAIA) {
            useTaia();
        } else {
            useTuned();
        }
    }

    /** Returns the model to the tuned weights and frees what the view holds. */
    @Override
    void close();

    /** The LoRA variant over an adapter trained on every linear map ({@code LoraConfig.ALL_LINEAR}). */
    static TaiaLora lora(LoraAdapter adapter) {
        return new TaiaLora(adapter);
    }

    /**
     * The full fine-tune variant; call it before training: it copies the base FFN weights of {@code model}
     * now, and the model is then fine-tuned in place.
     */
    static TaiaFullFineTune beforeFullFineTune(CausalLm model) {
        return TaiaFullFineTune.capture(model);
    }
}
