/**
 * What a function runs on: the deployment's configuration ({@link engram.functions.runtime.EngramConfig}), the
 * model cache, adapter binding, and the exceptions that are the workflow's error names
 * ({@link engram.functions.runtime.EngramErrors}).
 */
package engram.functions.runtime;
