/**
 * The artifact store (S3 or a local folder) and the key layout of outputs; the only package that touches the
 * AWS SDK. {@link engram.functions.storage.RunOutputs} makes a request's outputs appear as a whole.
 */
package engram.functions.storage;
