/**
 * Provenance and presentation of engram's outputs: the {@link engram.report.Manifest} every output
 * carries (model and adapter hashes, parameters, seeds, software versions) and the evaluation report,
 * written as {@code report.json} plus a self-contained {@code report.html} with tables and charts.
 *
 * <p>Belongs here: the report's data types, hashing of model files, and rendering. Does not belong here:
 * computing the metrics (that is {@code engram.eval}) or storing files anywhere but a local folder (the
 * functions upload the folder). Nothing here starts the PyTorch engine except {@link
 * engram.report.Versions#detect()}.
 */
package engram.report;
