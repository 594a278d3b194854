/**
 * The HTTP binding's edges: bearer-token authentication, the request size limit, JSON error bodies with the
 * workflow's error names, and the on-demand edit API's routes ({@code /edits}, {@code /openapi}). Compiled only
 * with funqy-http (the default profile).
 */
package engram.functions.http;
