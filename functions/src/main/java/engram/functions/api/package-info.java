/**
 * The JSON contract between workflow states: request and result records and {@link engram.functions.api.ArtifactRef}.
 * Results carry S3 pointers and small summaries only (Step Functions passes at most 256 KiB). Records here
 * never throw from their constructors (Jackson builds them); each request's {@code validate} is the check.
 * What does not belong here: anything that reads or writes artifacts.
 */
package engram.functions.api;
