package engram.functions.api;

/**
 * Result of {@code apply-edit}: where the edit folder is and how training went, never the tensors.
 *
 * @param adapter   the edit folder ({@code edit.json}; for LoRA methods PEFT's {@code adapter_config.json} +
 *                  {@code adapter_model.safetensors}, for FT {@code deltas.safetensors}), pinned to its SHA-256;
 *                  {@code base_model_name_or_path} is {@code sha256:<model hash>}
 * @param learned   the edits learned, as a dataset (the request's, or the inline edits written as engram JSONL)
 * @param report    {@code training.json}: method, steps, loss, items
 * @param manifest  what produced them
 * @param method    the method that trained it
 * @param inference how to evaluate it: {@code TUNED}, or {@code TAIA} for method TAIA
 * @param edits     items written in
 * @param steps     optimiser steps run
 * @param finalLoss the last step's loss
 * @param cost      the call's price and measured seconds
 */
public record ApplyEditResult(ArtifactRef adapter, ArtifactRef learned, ArtifactRef report, ArtifactRef manifest, String method,
                              String inference, int edits, int steps, Double finalLoss, Cost cost) {}
