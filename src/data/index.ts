/**
 * data: load, parse and validate labelled text (CSV, TSV, JSONL, stdin, in-memory), and
 * the bundled SpamAssassin demo corpus. Pure reading: nothing here writes anywhere.
 */
export type { Example, Dataset, ExampleInput, DataFormat, ValidateOptions, LoadOptions } from './types.js';
export { loadDataset, formatOf, sniffFormat, checkSeparator, FORMAT_BY_EXTENSION } from './load.js';
export { validateExamples, datasetFromExamples, checkTexts, DEFAULT_MAX_TEXT_CHARS } from './validate.js';
export type { Validation } from './validate.js';
export { stratifiedSample, stratifiedQuotas } from './sample.js';
export { loadDemoCorpus, DEMO_DEFAULT_LIMIT } from './demo-corpus.js';
export type { DemoCorpusOptions } from './demo-corpus.js';
export { mailToText, MAIL_TEXT_MAX_CHARS } from './mail-text.js';
export { texts, labelsOf, labelSetsOf, countByLabel } from './views.js';
export { loadLabelSpecs } from './label-specs.js';
export type { LabelSpec } from './label-specs.js';
export { matchTexts, checkPattern } from './user-pattern.js';
export type { PatternOptions } from './user-pattern.js';
export { readTexts, checkTextFile } from './stream.js';
export type { TextRecord, ReadTextsOptions } from './stream.js';
export { readBytes, DEFAULT_MAX_BYTES } from './source.js';
export { excerpt, isPlain, describeJson, labelProblem } from './excerpt.js';
export { DelimitedTokenizer } from './delimited.js';
export type { DelimitedRecord } from './delimited.js';
