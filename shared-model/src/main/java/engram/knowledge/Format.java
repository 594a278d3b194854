package engram.knowledge;

/**
 * The dataset formats {@link Datasets#open(java.nio.file.Path, Format)} reads; each constant's documentation
 * gives the file layout and how a record becomes a {@link KnowledgeItem}. Every target gets the leading space
 * that makes it the exact continuation of its prompt.
 */
public enum Format {

    /**
     * CounterFact in EasyEdit/MEND json: one JSON array of {@code {case_id, prompt, subject, target_new,
     * ground_truth, rephrase_prompt, locality_prompt, locality_ground_truth}}. Item: id
     * {@code counterfact-<case_id>}, subject, prompt, target_true {@code " " + ground_truth}, target_new
     * {@code " " + target_new}, paraphrases {@code [rephrase_prompt]}, neighbours
     * {@code [{locality_prompt, " " + locality_ground_truth}]}, source {@code counterfact}.
     */
    COUNTERFACT,

    /**
     * zsRE in MEND json (EasyEdit {@code dataset/zsre.py}): one JSON array of {@code {subject, src, rephrase,
     * alt, answers[], loc, loc_ans}}. Item: id {@code zsre-<index in file>}, subject, prompt {@code src},
     * target_true {@code " " + answers[0]}, target_new {@code " " + alt}, paraphrases {@code [rephrase]},
     * neighbours {@code [{loc, " " + loc_ans}]} (the {@code "nq question: "} prefix kept, as EasyEdit does),
     * source {@code zsre}.
     */
    ZSRE,

    /**
     * MQuAKE (princeton-nlp/MQuAKE): one JSON array of cases {@code {case_id, requested_rewrite[], questions[],
     * new_answer, ...}}. A case asks for several rewrites at once, so it yields one item per requested
     * rewrite, in order: id {@code mquake-<case_id>-<k>} (k the rewrite's index), subject, relation
     * {@code relation_id}, prompt {@code prompt} with {@code {}} replaced by the subject, target_true
     * {@code " " + target_true.str}, target_new {@code " " + target_new.str}, paraphrases
     * {@code ["Q: " + question + " A:"]}, and as portability every multi-hop question of the case,
     * {@code {"Q: " + question + " A:", " " + new_answer}}. The portability checks hold only once all
     * rewrites of the case are applied together (items sharing the {@code mquake-<case_id>-} prefix); answer
     * aliases and single hops are not carried over. Source {@code mquake}.
     */
    MQUAKE,

    /**
     * A TOFU question/answer file ({@code full}, {@code forget*}, {@code retain*}, {@code holdout*},
     * {@code real_authors}, {@code world_facts} and their {@code _perturbed} versions): one or more JSON arrays
     * (concatenated, as in {@code full.json}) of {@code {question, answer}} or, in {@code forget0x.json},
     * {@code {prompt, response}}; perturbed files add {@code paraphrased_question}, {@code paraphrased_answer}
     * and {@code perturbed_answer[]}. Item: id {@code tofu-<file stem>-<index in file>}, prompt
     * {@code "Q: " + question + " A:"}, target_true {@code " " + answer}, paraphrases
     * {@code ["Q: " + paraphrased_question + " A:"]} when present, paraphrasedTarget
     * {@code " " + paraphrased_answer}, perturbedTargets {@code " " + } each perturbed answer, source
     * {@code tofu}. The multiple-choice {@code option1..4} fields are ignored.
     */
    TOFU,

    /**
     * ParaRel: the folder holding {@code trex_lms_vocab/P*.jsonl} (facts {@code {sub_label, obj_label, uuid}})
     * and {@code graphs_json/P*.jsonl} (patterns {@code {pattern}} with {@code [X]} and {@code [Y]}). A
     * relation's usable patterns are those ending in {@code [Y]} (a final {@code "."} ignored), in file order.
     * Item per fact: id {@code pararel-<uuid>}, subject {@code sub_label}, relation the file's P-id, prompt the
     * first usable pattern up to {@code [Y]} with {@code [X]} replaced, paraphrases the other usable patterns
     * rendered the same way, target_true {@code " " + obj_label}, source {@code pararel}. Facts of a relation
     * with no usable pattern yield no item and are counted in {@link ItemReader#skipped()} by relation id.
     */
    PARAREL,

    /**
     * ROME's {@code known_1000.json}: one JSON array of {@code {known_id, subject, attribute, template,
     * prediction, prompt, relation_id, ...}}. Item: id {@code known-<known_id>}, subject, relation
     * {@code relation_id}, prompt {@code prompt}, target_true {@code " " + attribute}, source {@code known}.
     */
    KNOWN_1000,

    /**
     * engram's own JSONL, the schema of a world's {@code items.jsonl}, one item per line: {@code id, subject,
     * relation, prompt, target_true, target_new, paraphrases, neighbours[{prompt, target}],
     * portability[{prompt, target}], paraphrased_target, perturbed_targets, source}, targets stored with their
     * leading space. Read and written by {@link EngramJsonl}.
     */
    ENGRAM_JSONL
}
