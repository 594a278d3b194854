/**
 * The on-demand edit API behind {@code POST /edits}: one edit request
 * ({@link engram.functions.ondemand.EditSubmission}) as an execution of the {@code on-demand-edit} workflow
 * ({@link engram.functions.ondemand.OnDemandEdit}), and the jobs of this process
 * ({@link engram.functions.ondemand.EditJobs}), whose id is a digest of the validated request. Shared by the HTTP
 * routes ({@code engram.functions.http}) and {@code engram edit}. Not to be confused with the library's editing
 * methods ({@code engram.knowledge.edit}), which {@code apply-edit} calls.
 */
package engram.functions.ondemand;
