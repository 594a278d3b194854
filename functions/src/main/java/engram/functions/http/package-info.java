/**
 * The HTTP binding's edges: bearer-token authentication, the request size limit, and JSON error bodies with the
 * workflow's error names. Compiled only with funqy-http (the default profile).
 */
package engram.functions.http;
