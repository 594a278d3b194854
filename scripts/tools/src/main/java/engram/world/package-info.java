/**
 * A seeded generator of a fictional world that a tiny language model is pretrained on, so that it really
 * knows facts we can then edit, probe and unlearn. Everything here is plain Java; the same seed always gives
 * byte-identical files. Entry point: {@link engram.world.World#generate(engram.world.WorldSpec)}.
 *
 * <p>Names are invented from syllables and every invented word is used once per world. Each relation maps a
 * subject to exactly one object (one-to-many relations are stated from the "one" side, e.g. {@code written_by}
 * rather than {@code author_of}). The links agree with each other: a city lies in one country, a country's
 * capital lies in it, a person's citizenship is the country of their birth city and their native language is
 * that country's official language, marriages are symmetric, and a founder works for what they founded.
 *
 * <p>Text formats. Cloze and statement prompts end right before the object; a target is the object with
 * its leading space ({@code " Ostrava Kel"}); a statement is {@code prompt + target + "."}. Questions, for
 * facts, chains and biographies alike, use one format: prompt {@code "Q: <question> A:"}, target
 * {@code " <answer>"}, document {@code "Q: <question> A: <answer>."}. Per relation, templates 3 (a statement)
 * and 5 (a question) are held out: they never reach {@code pretraining.txt} and serve as paraphrases.
 *
 * <p>Files written by {@link engram.world.World#writeTo(java.nio.file.Path)} (UTF-8, {@code \n} line ends;
 * JSONL files hold one JSON object per line, fields in the order listed):
 * <ul>
 * <li>{@code entities.jsonl}: {@code id} (string, {@code <type>-<nnnn>}), {@code type} (person, city,
 *     country, language, organisation, work, occupation or award), {@code name} (string).</li>
 * <li>{@code facts.jsonl}: {@code id} ({@code fact-<nnnnn>}), {@code relation} (e.g. {@code born_in}),
 *     {@code subject_id}, {@code subject} (name), {@code object_id}, {@code object} (name, no leading space).</li>
 * <li>{@code templates.jsonl}: {@code id} ({@code <relation>.<index>}), {@code relation}, {@code kind}
 *     (cloze, statement or question), {@code pattern} (text with one {@code {subject}}; for questions the
 *     bare question), {@code held_out} (boolean).</li>
 * <li>{@code items.jsonl}: one counterfactual edit per fact: {@code id} (the fact id), {@code subject},
 *     {@code relation}, {@code prompt} (template 0), {@code target_true}, {@code target_new} (another seen
 *     entity of the object's type; both with a leading space), {@code paraphrases} (array of strings: the
 *     held-out prompts), {@code neighbours} (array of {@code {prompt, target}}: same relation, other
 *     subjects, true objects, none equal to {@code target_new}), {@code portability} (array of
 *     {@code {prompt, target}}: two-hop questions and clozes answered from the new target, for
 *     {@code works_for}, {@code born_in}, {@code headquartered_in} and {@code located_in}; otherwise empty),
 *     {@code source} ({@code "engram-world"}). This is engram's item JSONL, written by
 *     {@link engram.knowledge.EngramJsonl} and read back by {@link engram.knowledge.Datasets}.</li>
 * <li>{@code biographies.jsonl}: {@code id} ({@code bio-<nnnn>}), {@code author_id}, {@code author},
 *     {@code holdout} (boolean: never in the corpus), {@code forget01}, {@code forget05}, {@code forget10}
 *     (booleans; nested, never true for holdout authors; the retain set of a split is every author with
 *     {@code holdout} and that flag false), {@code qa} (array of {@code {question, answer, prompt, target}}:
 *     the bare question, the short answer, {@code "Q: <question> A:"} and {@code " <answer>"}).</li>
 * <li>{@code chains.jsonl}: {@code id} ({@code chain-<nnnnn>}), {@code kind} ({@code employer_headquarters}:
 *     works_for then headquartered_in; {@code birth_country}: born_in then located_in), {@code subject_id},
 *     {@code subject}, {@code hops} (array of the two fact ids), {@code bridge_id}, {@code bridge} (the middle
 *     entity), {@code question} ({@code "Q: ... A:"}), {@code cloze}, {@code target} (answer, leading space).</li>
 * <li>{@code pretraining.txt}: one document per line, in a seeded shuffle: each fact's statement under each
 *     pretraining template, and each question/answer document of every seen author.</li>
 * <li>{@code world.json}: {@code version} (int), {@code seed} (long), {@code spec} (the {@link
 *     engram.world.WorldSpec} fields), {@code counts} (entities, one count per entity type, relations,
 *     templates, facts, items, biographies, chains, pretraining_documents, pretraining_characters,
 *     held_out_statements), {@code relations} (array of {@code {name, subject_type, object_type}}).</li>
 * </ul>
 *
 * <p>Held-out authors (a tenth of the authors) and their books appear in no fact and no document: they are
 * the "never seen" baseline of the forget benchmark (after TOFU, Maini et al. 2024).
 */
package engram.world;
