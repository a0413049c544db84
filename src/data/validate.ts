import { DataError, UsageError } from '../core/index.js';
import type { Issue } from '../core/index.js';
import { describeJson, excerpt, labelProblem } from './excerpt.js';
import type { Dataset, Example, ExampleInput, ValidateOptions } from './types.js';

/** Longest text accepted by default: far beyond what a backbone reads, short of abuse. */
export const DEFAULT_MAX_TEXT_CHARS = 100_000;

export type Validation =
  | { ok: true; examples: Example[]; labels: string[]; duplicates: number }
  | { ok: false; issues: Issue[] };

/**
 * Checks examples (from a file or in memory, e.g. an HTTP upload) and reports *every*
 * problem as an Issue with path `<source>:<line>(:<column>)`. Pure: reads nothing, writes nothing.
 *
 * @example
 * const v = validateExamples([{ text: 'hi', label: 'a' }, { text: 'yo', label: 'b' }], { source: 'upload' });
 * if (!v.ok) console.error(v.issues);
 */
export function validateExamples(inputs: readonly ExampleInput[], opts: ValidateOptions): Validation {
  if (!Array.isArray(inputs as unknown)) {
    throw new UsageError(`examples must be an array of { text, label } objects, got ${describeJson(inputs)}.`);
  }
  const { source } = opts;
  const requireLabels = opts.requireLabels ?? true;
  const maxChars = opts.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
  const multi = opts.multiLabel === true;
  if (opts.folds !== undefined && (!Number.isInteger(opts.folds) || opts.folds < 2)) {
    throw new UsageError(`folds must be an integer of at least 2, got ${opts.folds}.`);
  }
  if (!(maxChars > 0)) throw new UsageError(`maxTextChars must be a positive number, got ${maxChars}.`);
  const issues: Issue[] = [];
  const examples: Example[] = [];
  const firstByText = new Map<string, Example>();
  const ids = new Map<string, number>();
  let duplicates = 0;

  if (inputs.length === 0) {
    issues.push({ code: 'no_examples', path: source, message: 'has no examples; give at least one text with its label.' });
  }
  inputs.forEach((input, i) => {
    if (!isExampleShaped(input)) {
      issues.push({
        code: 'not_an_example', path: `${source}:${i + 1}`,
        message: `expected an object { text: string, label: string }, got ${describeJson(input)}; give the text and the label as strings.`,
      });
      return;
    }
    const line = input.line ?? i + 1;
    const at = `${source}:${line}`;
    const textAt = input.column === undefined ? at : `${at}:${input.column}`;
    const text = input.text ?? '';
    const labelAt = input.labelColumn === undefined ? at : `${at}:${input.labelColumn}`;
    const set = multi ? labelList(input, labelAt, issues) : undefined;
    const label = set ? set.join('|') : (input.label ?? '').trim();
    const id = input.id ?? `${source}:${line}`;
    let ok = true;
    if (text.trim() === '') {
      issues.push({ code: 'empty_text', path: textAt, message: 'the text is empty; fill it in or remove this record.' });
      ok = false;
    } else if (text.length > maxChars) {
      issues.push({
        code: 'text_too_long', path: textAt,
        message: `the text is ${text.length.toLocaleString('en-US')} characters, over the limit of ${maxChars.toLocaleString('en-US')}; ` +
          'shorten it or split it into several records.',
      });
      ok = false;
    }
    if (multi && set === null) {
      ok = false;
    } else if (requireLabels && label === '') {
      issues.push({ code: 'missing_label', path: at, message: 'the label is missing; give every example a label (or drop the record).' });
      ok = false;
    } else if (!set && labelProblem(label)) {
      issues.push({ code: 'bad_label', path: labelAt, message: `the label ${labelProblem(label)}, which would act on a terminal that prints it; remove it.` });
      ok = false;
    }
    const idLine = ids.get(id);
    if (idLine !== undefined) {
      issues.push({ code: 'duplicate_id', path: at, message: `id ${excerpt(id)} is already used at ${source}:${idLine}; ids must be unique.` });
      ok = false;
    } else {
      ids.set(id, line);
    }
    if (!ok) return;
    const ex: Example = { id, text, label, line };
    if (set) ex.labels = set;
    if (input.group !== undefined) ex.group = input.group;
    const key = text.trim();
    const first = firstByText.get(key);
    if (first === undefined) {
      firstByText.set(key, ex);
    } else if (first.label === label) {
      duplicates++;
    } else {
      issues.push({
        code: 'conflicting_duplicate', path: at,
        message: multi
          ? `has the same text as ${source}:${first.line} but labels ${set!.map(excerpt).join(', ')} instead of ${(first.labels ?? []).map(excerpt).join(', ')}; ` +
            'give the text once with all its labels.'
          : `has the same text as ${source}:${first.line} but label ${excerpt(label)} instead of ${excerpt(first.label)}; ` +
            'correct one of the two labels or remove one record.',
      });
    }
    examples.push(ex);
  });

  // classes are counted over every labelled input, so a bad text does not also fake a class problem
  const given = inputs.flatMap((x, i) => {
    if (!isExampleShaped(x)) return [];
    const line = x.line ?? i + 1;
    return multi
      ? [...new Set((x.labels ?? []).map((l) => (typeof l === 'string' ? l.trim() : '')))].map((label) => ({ label, line }))
      : [{ label: (x.label ?? '').trim(), line }];
  });
  const labelled = given.filter((g) => g.label !== '');
  const labels = requireLabels ? classChecks(labelled, opts, issues) : [...new Set(labelled.map((g) => g.label))].sort();
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, examples, labels, duplicates };
}

/** An object whose text and label, where given, are strings (what a JavaScript caller may get wrong). */
function isExampleShaped(input: ExampleInput): boolean {
  return input !== null && typeof input === 'object' && (input.text == null || typeof input.text === 'string') &&
    (input.label == null || typeof input.label === 'string') && (input.labels == null || Array.isArray(input.labels as unknown));
}

/**
 * A multi-label input's labels, trimmed, unique and sorted; null (with issues added) when the
 * list is missing, empty or holds an empty or non-text label.
 */
function labelList(input: ExampleInput, at: string, issues: Issue[]): string[] | null {
  const raw = input.labels;
  if (raw === undefined || raw === null || raw.length === 0) {
    issues.push({
      code: 'empty_label_list', path: at,
      message: 'the label list is empty; give every text at least one label (when "none of these" is a real answer, ' +
        'name it as a label, e.g. ["none"]), or remove the record.',
    });
    return null;
  }
  const out = new Set<string>();
  let ok = true;
  raw.forEach((l, i) => {
    if (typeof l !== 'string') {
      issues.push({ code: 'bad_label', path: at, message: `label ${i + 1} of the list is ${describeJson(l)}, not text; write every label as a string.` });
      ok = false;
    } else if (l.trim() === '') {
      issues.push({ code: 'empty_label', path: at, message: `label ${i + 1} of the list is empty; remove it (or the stray separator) or fill it in.` });
      ok = false;
    } else if (labelProblem(l)) {
      issues.push({ code: 'bad_label', path: at, message: `label ${i + 1} of the list ${labelProblem(l)}, which would act on a terminal that prints it; remove it.` });
      ok = false;
    } else {
      out.add(l.trim());
    }
  });
  return ok ? [...out].sort() : null;
}

/**
 * Checks texts given to predict (command-line arguments, an HTTP body): the same rules as for
 * training texts, so that what `fit` refuses `predict` does not answer confidently. Throws one
 * DataError naming each bad text by position (`<source> 3`), never quoting it.
 *
 * @example
 * checkTexts(argv, { source: 'argument' }); // DataError: "argument 2: the text is empty; …"
 */
export function checkTexts(texts: readonly string[], opts: { source?: string; maxTextChars?: number } = {}): void {
  const source = opts.source ?? 'text';
  const max = opts.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
  const issues: Issue[] = [];
  if (texts.length === 0) issues.push({ code: 'no_texts', path: source, message: 'nothing to predict: give at least one text.' });
  texts.forEach((t, i) => {
    const at = `${source} ${i + 1}`;
    if (typeof t !== 'string' || t.trim() === '') {
      issues.push({ code: 'empty_text', path: at, message: 'the text is empty; give some text to predict.' });
    } else if (t.length > max) {
      issues.push({
        code: 'text_too_long', path: at,
        message: `the text is ${t.length.toLocaleString('en-US')} characters, over the limit of ${max.toLocaleString('en-US')}; shorten it or split it.`,
      });
    }
  });
  if (issues.length > 0) throw new DataError(issues);
}

/**
 * Validates in-memory examples into a Dataset, or throws one DataError listing every issue.
 *
 * @example
 * const ds = datasetFromExamples(rows, { name: 'upload', source: 'upload', folds: 5 });
 */
export function datasetFromExamples(
  inputs: readonly ExampleInput[],
  opts: Partial<ValidateOptions> & { name?: string } = {},
): Dataset {
  if (opts === null || typeof opts !== 'object') {
    throw new UsageError(`datasetFromExamples's options must be an object such as { name: 'upload', folds: 5 }, got ${describeJson(opts)}.`);
  }
  const source = opts.source ?? opts.name ?? 'examples';
  const v = validateExamples(inputs, { ...opts, source });
  if (!v.ok) throw new DataError(v.issues);
  const ds: Dataset = { name: opts.name ?? source, source, examples: v.examples, labels: v.labels, duplicates: v.duplicates, dropped: 0 };
  if (opts.multiLabel) ds.multiLabel = true;
  return ds;
}

/**
 * Whole-dataset checks on labels: at least two classes, each large enough for the folds. A
 * class is named by its label when that reads as a plain name, and by its first line always.
 */
function classChecks(given: ReadonlyArray<{ label: string; line: number }>, opts: ValidateOptions, issues: Issue[]): string[] {
  const counts = new Map<string, number>();
  const first = new Map<string, number>();
  for (const { label, line } of given) {
    counts.set(label, (counts.get(label) ?? 0) + 1);
    if (!first.has(label)) first.set(label, line);
  }
  const labels = [...counts.keys()].sort();
  if (labels.length === 1) {
    issues.push({
      code: 'single_class', path: opts.source,
      message: `every example has the label ${excerpt(labels[0]!)}; a classifier needs at least two classes — add examples of another class.`,
    });
  }
  // With folds, each class needs 2 examples (one to train on, one to hold out); evaluation uses
  // fewer folds than asked when the smallest class is smaller than that (eval's chooseFolds).
  if (opts.folds !== undefined) {
    for (const l of labels) {
      const n = counts.get(l)!;
      if (n < 2) {
        issues.push({
          code: 'class_too_small', path: `${opts.source}:${first.get(l)}`,
          message: `class ${excerpt(l)} has 1 example; cross-validation needs at least 2 of every class (one to train on, one to hold out): ` +
            'add another, merge the class into another or drop it, or skip cross-validation (--folds 0 when fitting, --test FILE when evaluating).',
        });
      }
    }
  }
  return labels;
}

