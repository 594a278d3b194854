/**
 * On-demand edits: one edit request ({@link engram.functions.edits.EditSubmission}) as an execution of the
 * {@code on-demand-edit} workflow ({@link engram.functions.edits.OnDemandEdit}), and the jobs behind
 * {@code POST /edits} ({@link engram.functions.edits.EditJobs}), whose id is a digest of the validated request.
 * The HTTP routes are in {@code engram.functions.http}.
 */
package engram.functions.edits;
