/**
 * The embedded runner wired to this process: {@link engram.functions.workflow.InProcessFunctions} answers Tasks with
 * the functions, {@link engram.functions.workflow.Workflows} runs a named definition (packaged from
 * {@code infra/statemachine}) with progress callbacks, {@link engram.functions.workflow.LocalInputs} puts local
 * folders and files into the store for it.
 */
package engram.functions.workflow;
