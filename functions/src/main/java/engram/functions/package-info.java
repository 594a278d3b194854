/**
 * engram's operations as Quarkus Funqy functions, one class each, all listed in
 * {@link engram.functions.FunctionRegistry}:
 * <ul>
 * <li>{@code filter-shard} ({@link engram.functions.FilterShardFunction}): Semantic Beacons keep the items of a
 *     shard worth editing;</li>
 * <li>{@code score-knowledge} ({@link engram.functions.ScoreKnowledgeFunction}): what a model, with or without an
 *     edit folder, knows of each item;</li>
 * <li>{@code aggregate-shards} ({@link engram.functions.AggregateShardsFunction}): a training run's shards joined
 *     into the edit set, by knowledge bucket;</li>
 * <li>{@code apply-edit} ({@link engram.functions.ApplyEditFunction}): trains an edit and stores its edit folder
 *     (a GPU job on AWS);</li>
 * <li>{@code run-eval} ({@link engram.functions.RunEvalFunction}): evaluates a model or an edit, writes the report;</li>
 * <li>{@code decompress} ({@link engram.functions.DecompressFunction}): the model's own replay data (TG-SFT);</li>
 * <li>{@code unlearn} ({@link engram.functions.UnlearnFunction}): trains a forgetting and stores its edit folder
 *     (a GPU job on AWS);</li>
 * <li>{@code plan-run} ({@link engram.functions.PlanRunFunction}): a workflow's cost estimate before anything
 *     paid runs; free, writes nothing.</li>
 * </ul>
 * Over HTTP (funqy-http) all of them are served at {@code POST /<name>}; on AWS Lambda one artifact serves one of
 * them per deployment ({@code QUARKUS_FUNQY_EXPORT}); the embedded runner calls them in this process
 * ({@code engram.functions.workflow.InProcessFunctions}).
 *
 * <p>A function translates and holds no logic: it reads its request strictly ({@link engram.functions.api.Requests}),
 * validates it, and hands {@link engram.functions.Operations#run} a body that reads the datasets it names
 * ({@link engram.functions.Call#items}), checks the budget ({@link engram.functions.Call#charge}), calls one
 * library entry point with the model from {@link engram.functions.runtime.ModelCache}, writes its outputs and
 * ends with {@link engram.functions.Call#commit}, which writes the manifest last.
 *
 * <p><b>Adding a function</b> {@code foo-bar}: every file one touches, in this order.
 * <ol>
 * <li>{@code functions/src/main/java/engram/functions/api/FooBarRequest.java}: a record with {@code runId}, an
 *     optional {@code budgetUsd}, its references ({@link engram.functions.api.ArtifactRef}) and parameters, and a
 *     {@code validate(EngramConfig)} that returns the validated request and names the field of every bad value
 *     (never throw from the constructor: Jackson builds it).</li>
 * <li>{@code functions/src/main/java/engram/functions/api/FooBarResult.java}: a record of pointers, small counts
 *     and the call's {@link engram.functions.api.Cost}.</li>
 * <li>{@code functions/src/main/java/engram/functions/FooBarFunction.java}, at most 60 lines, shaped like
 *     {@link engram.functions.ScoreKnowledgeFunction}: {@code @Funq("foo-bar")} on its one public method taking
 *     the body as {@code JsonNode}; {@code Requests.read(body, FooBarRequest.class).validate(config)};
 *     {@code operations.run("foo-bar", ...)} around {@code call.items(...)}, {@code call.charge(...)}, the library
 *     call and {@code call.commit(...)}. A function that trains runs inside {@code Trainer.exclusively} (the one
 *     training lock) with an exclusive lease, and binds the change it saves to the model
 *     ({@code change.bindTo("sha256:" + lease.sha256())}); one that only reads the model takes a shared lease.</li>
 * <li>{@code functions/src/main/java/engram/functions/FunctionRegistry.java}: one line in {@code ALL},
 *     {@code lambda(FooBarFunction.class, FooBarRequest.class, memoryMiB, reads...)} or
 *     {@code gpu(FooBarFunction.class, FooBarRequest.class, reads...)}. The HTTP binding, the embedded runner,
 *     the Lambda export check and infra read it from there.</li>
 * <li>{@code infra/src/main/resources/engram/infra/functions.json}, regenerated, not edited:
 *     {@code ./mvnw -o -B -pl functions -am test -Dtest=FunctionRegistryTest -Dengram.write-deployment=true
 *     -Dsurefire.failIfNoSpecifiedTests=false}. Infra then deploys a Lambda (or a Batch job definition) named
 *     {@code engram-foo-bar} with the ASL placeholder {@code ${FooBarFunction}}.</li>
 * <li>{@code functions/src/main/resources/application.properties}: {@code engram.prices.foo-bar.per-call} and
 *     {@code .per-item} (without them it is free); if a workflow estimates it before running it, also
 *     {@link engram.functions.PlanRunFunction} and {@code PlanRunResult.Estimates}.</li>
 * <li>{@code functions/README.md}: its row in the Operations table (request fields, result fields).</li>
 * <li>Tests: its cases in {@code functions/src/test/java/engram/functions/FunctionsContract.java} (run on the local
 *     store and over S3) and its valid request shape in {@code HostileInputsTest.bases()}.</li>
 * <li>Only when a workflow calls it: its Task in {@code infra/statemachine/<workflow>.asl.json}
 *     ({@code "FunctionName": "${FooBarFunction}"}, called through {@code arn:aws:states:::lambda:invoke} even when
 *     it is a GPU job, which infra rewrites), and its stand-in in
 *     {@code infra/workflow-runner/src/test/java/engram/asl/FakeEngramFunctions.java} for {@code EngramDefinitionsTest}.</li>
 * <li>Only when the workflow must route on a new kind of failure: a new class in {@code engram.functions.errors}
 *     (in {@code EngramException}'s {@code permits} and a row, with its HTTP status, in
 *     {@link engram.functions.errors.EngramErrors}), and its name in the ASL files and both READMEs.</li>
 * </ol>
 * {@code FunctionRegistryTest} fails when a {@code @Funq} class is missing from the registry, when infra's copy is
 * stale, and when a price names no function; {@code ArchitectureTest} fails when a class lands in the wrong layer.
 */
package engram.functions;
