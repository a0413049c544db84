/**
 * data: load, parse and validate labelled text (CSV, TSV, JSONL, stdin, in-memory), and
 * the bundled SpamAssassin demo corpus. Pure reading: nothing here writes anywhere.
 */
export type { Example, Dataset, ExampleInput, DataFormat, ValidateOptions, LoadOptions } from './types.js';
export { loadDataset, formatOf, sniffFormat, checkSeparator, FORMAT_BY_EXTENSION } from './load.js';
export { validateExamples, datasetFromExamples, DEFAULT_MAX_TEXT_CHARS } from './validate.js';
export type { Validation } from './validate.js';
export { stratifiedSample, stratifiedQuotas } from './sample.js';
export { loadDemoCorpus, DEMO_DEFAULT_LIMIT } from './demo-corpus.js';
export type { DemoCorpusOptions } from './demo-corpus.js';
export { mailToText, MAIL_TEXT_MAX_CHARS } from './mail-text.js';
export { texts, labelsOf, labelSetsOf, countByLabel } from './views.js';
export { loadLabelSpecs } from './label-specs.js';
export type { LabelSpec } from './label-specs.js';
