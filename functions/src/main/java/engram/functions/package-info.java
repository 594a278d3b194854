/**
 * engram's operations as Quarkus Funqy functions, one class each: {@code filter-shard}, {@code score-knowledge},
 * {@code apply-edit}, {@code run-eval}, {@code decompress}, {@code unlearn}. Over HTTP (funqy-http) all of them are
 * served at {@code POST /<name>}; on AWS Lambda one artifact serves one of them per deployment
 * ({@code QUARKUS_FUNQY_EXPORT}).
 *
 * <p>A function translates and holds no logic: it reads its request strictly ({@link engram.functions.api.Requests}),
 * validates it, and hands {@link engram.functions.Operations#run} a body that reads the datasets it names
 * ({@link engram.functions.Call#items}), checks the budget ({@link engram.functions.Call#charge}), calls one
 * library entry point with the model from {@link engram.functions.runtime.ModelCache}, writes its outputs and
 * ends with {@link engram.functions.Call#commit}, which writes the manifest last.
 *
 * <p><b>Adding an operation</b> ({@link engram.functions.DecompressFunction} and
 * {@link engram.functions.UnlearnFunction} were added this way):
 * <ol>
 * <li>a request record with {@code runId}, its references and parameters, and a {@code validate(EngramConfig)}
 *     that names the field of every bad value; a result record of pointers and small counts
 *     ({@code engram.functions.api});</li>
 * <li>a {@code DecompressFunction}/{@code UnlearnFunction} shaped like {@link engram.functions.ApplyEditFunction}:
 *     {@code unlearn} trains, so it holds {@code models.training()} and an exclusive lease, saves its edit
 *     folder and binds it with {@link engram.functions.runtime.Adapters#bind}; {@code decompress} only reads the
 *     model, so a shared lease, and writes its replay data as JSONL like {@code filter-shard};</li>
 * <li>a line in {@code engram.prices.<name>} of {@code application.properties}, and the function's section in
 *     {@code functions/README.md}. The error vocabulary ({@link engram.functions.errors.EngramErrors}) stays
 *     as it is unless the workflow must route on a new kind of failure.</li>
 * </ol>
 */
package engram.functions;
