/**
 * Measuring what a model knows: teacher-forced token accuracy (EasyEdit's primitive), target
 * log-probabilities and the reports built on them. Reports are plain data.
 */
package engram.eval;
