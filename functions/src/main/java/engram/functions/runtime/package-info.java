/**
 * What a function's model work runs on: the models loaded in this container ({@link engram.functions.runtime.ModelCache}),
 * the disk cache of model checkpoints and edit folders they are downloaded into
 * ({@link engram.functions.runtime.DiskCache}), refusing pickles, and binding an edit folder to its model and putting
 * it into effect ({@link engram.functions.runtime.Adapters}). Sits on {@code engram.functions.storage}; the errors
 * and the configuration are below it, the function classes above.
 */
package engram.functions.runtime;
