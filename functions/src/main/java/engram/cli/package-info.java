/**
 * The engram command line ({@code scripts/engram}): picocli commands run inside the Quarkus application
 * ({@link engram.cli.EngramMain}), each a thin translation of arguments into a workflow input or a function request
 * through {@link engram.cli.Engine}, with progress on stderr, {@code --json} on stdout and the exit codes of
 * {@link engram.cli.ExitCodes}. No workflow or model logic lives here. Compiled only with the HTTP binding.
 */
package engram.cli;
