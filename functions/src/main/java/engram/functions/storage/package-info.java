/**
 * The artifact store (S3 or a local folder; {@link engram.functions.storage.StoreProducer} picks one), a request's
 * outputs made to appear as a whole ({@link engram.functions.storage.RunOutputs}), training snapshots in the store,
 * and deleting local scratch folders. The only package that touches the AWS SDK. It speaks in
 * {@code engram.functions.api.ArtifactRef}s and {@code engram.functions.api.Keys}; it knows nothing of models or
 * functions.
 */
package engram.functions.storage;
