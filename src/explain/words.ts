/** Word spans for occlusion: letters/digits runs (with inner apostrophes), with their offsets. */
export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

export function wordSpans(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)) {
    out.push({ word: m[0], start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** The text with one span removed, whitespace around it collapsed to one space. */
export function withoutSpan(text: string, s: WordSpan): string {
  return (text.slice(0, s.start).replace(/\s+$/, '') + ' ' + text.slice(s.end).replace(/^\s+/, '')).trim();
}
