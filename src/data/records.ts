import type { Issue } from '../core/index.js';

/** One parsed record: its fields by column name and the physical line it starts on. */
export interface RawRecord {
  line: number;
  fields: Record<string, unknown>;
  /** Column (1-based) of each field's value on its line, where the parser knows it. */
  columns?: Record<string, number>;
}

/** What a format parser hands to the loader: column names seen, records, and problems. */
export interface ParsedRecords {
  /** Column names (CSV/TSV header, repeats kept) or keys seen (JSONL), in first-seen order. */
  columns: string[];
  records: RawRecord[];
  issues: Issue[];
}
