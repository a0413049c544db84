/** One labelled text. Plain data: safe to JSON-encode, clone and send over HTTP. */
export interface Example {
  /** Stable id: the file's `id` column if it has one, else `<file name>:<line>`. */
  id: string;
  text: string;
  /** The class label; `''` only when loaded with `requireLabels: false` and none was given.
   * In a multi-label dataset: the label set's key, its labels joined with `|` (for display and grouping). */
  label: string;
  /** Multi-label datasets only: every label of the text, sorted and unique (at least one). */
  labels?: string[];
  /** Physical line (1-based) where the record starts in its source; item number for in-memory input. */
  line: number;
  /** Sub-group inside the source, when the source has one (demo corpus: `easy-ham-1`, `spam-2`, ...). */
  group?: string;
  /**
   * Set by the privacy stage: keyed digests of the private values the raw text held (never
   * the values), stored as the finding index so that a deletion request for a value finds it.
   */
  findings?: string[];
}

/** A validated set of examples. */
export interface Dataset {
  /** Short name, e.g. the file name without extension. */
  name: string;
  /** Where it came from: the path as given, `stdin`, or a description. */
  source: string;
  examples: Example[];
  /** Sorted unique labels (code-unit order, as LabelSet); empty when unlabelled. */
  labels: string[];
  /** Examples whose text and label repeat an earlier example exactly (kept, not an error). */
  duplicates: number;
  /** Records left out while loading (demo corpus: messages with no text); 0 for files. */
  dropped: number;
  /** True when a text may carry several labels (every example then has `labels`). */
  multiLabel?: boolean;
}

/** An example before validation, e.g. from an HTTP upload; fields may be missing. */
export interface ExampleInput {
  id?: string;
  text?: string | null;
  label?: string | null;
  /** Multi-label input: the text's labels (validated with `multiLabel: true`). */
  labels?: readonly string[] | null;
  /** Column (1-based) of the label field, when known. */
  labelColumn?: number;
  /** Line in the source; defaults to the 1-based position in the input array. */
  line?: number;
  /** Column (1-based) of the text field, when known, for sharper error paths. */
  column?: number;
  group?: string;
}

export type DataFormat = 'csv' | 'tsv' | 'jsonl';

export interface ValidateOptions {
  /** Names the source in issue paths (`<source>:<line>`). */
  source: string;
  /**
   * The data will be cross-validated with up to this many folds: every class then needs 2
   * examples (evaluation uses fewer folds when the smallest class has fewer than `folds`).
   */
  folds?: number;
  /** Longest text accepted, in UTF-16 code units. Default 100,000. */
  maxTextChars?: number;
  /** false for unlabelled input (e.g. `predict --file`). Default true. */
  requireLabels?: boolean;
  /** Each input carries a list of labels (`labels`), not one `label`. Default false. */
  multiLabel?: boolean;
}

export interface LoadOptions extends Omit<ValidateOptions, 'source' | 'multiLabel'> {
  /** Column (CSV/TSV) or key (JSONL) holding the text. Default `text`. */
  text?: string;
  /** Column or key holding the label. Default `label`. */
  label?: string;
  /** Overrides the format implied by the file extension; sniffed for stdin when absent. */
  format?: DataFormat;
  /**
   * Several labels per text. `false` (default): one label per text, and a list is an error
   * naming the way to fit multi-label data. `'auto'`: multi-label when the file holds JSON
   * lists (JSONL) or `labelSeparator` is given. `true`: always; a single string is a one-label list.
   */
  multiLabel?: boolean | 'auto';
  /** Splits a label cell (CSV/TSV, or a JSONL string) into several labels, e.g. `|`. Implies multi-label. */
  labelSeparator?: string;
  /** Read this instead of `process.stdin` when the path is `-` (tests, HTTP bodies). */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Most bytes read into memory (default 256 MB); a larger file is refused before reading. */
  maxBytes?: number;
}
