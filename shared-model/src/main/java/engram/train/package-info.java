/**
 * Training: AdamW with decoupled weight decay, clipping, warm-up and decay schedules, gradient
 * accumulation, losses on target tokens with per-example weights, seeded data order and dropout,
 * checkpoints that resume bit-exactly, progress reports and a typed divergence error. Three DJL
 * pitfalls are designed out here: every step owns an NDManager scope, gradients are zeroed by us after
 * each update, and constants in the graph are native scalars.
 */
package engram.train;
