package engram.lora;

/** Which weights a {@link TaiaView} shows the model (TAIA, arXiv 2405.20192; docs/methods.md §5). */
public enum TaiaMode {
    /** Every trained delta is in effect ("Vanilla" inference). */
    TUNED,
    /** Only the attention deltas: the FFN (MLP) computes with the base weights. */
    TAIA
}
