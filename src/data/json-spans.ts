/**
 * Where each top-level value of a JSON object line sits, and the exact text of its numbers.
 * `JSON.parse` turns `1e400` into Infinity and `12345678901234567890` into
 * 12345678901234567000, so two different labels would become one; reading number literals as
 * written keeps them exact. Runs only on lines `JSON.parse` accepted, so it assumes valid JSON.
 */

/** A top-level member's value: its span in the line and, for arrays, each element's span. */
export interface MemberSpan {
  start: number;
  end: number;
  elements?: Array<{ start: number; end: number }>;
}

/** Spans of the members of the object on `src` (valid JSON), by key; a repeated key keeps its last, as JSON.parse does. */
export function memberSpans(src: string): Map<string, MemberSpan> {
  const out = new Map<string, MemberSpan>();
  let i = ws(src, 0);
  if (src[i] !== '{') return out;
  i = ws(src, i + 1);
  while (i < src.length && src[i] !== '}') {
    const keyEnd = skipString(src, i);
    const key = JSON.parse(src.slice(i, keyEnd)) as string;
    i = ws(src, ws(src, keyEnd) + 1); // past the colon
    const start = i;
    const span: MemberSpan = { start, end: 0 };
    if (src[i] === '[') span.elements = elementSpans(src, i);
    span.end = skipValue(src, i);
    out.set(key, span);
    i = ws(src, span.end);
    if (src[i] === ',') i = ws(src, i + 1);
  }
  return out;
}

/**
 * The object's fields with every number (top level, or directly in a top-level array) as the
 * text it was written as: `{"label": 1e400}` gives `{ label: '1e400' }`.
 */
export function exactNumbers(src: string, fields: Record<string, unknown>): Record<string, unknown> {
  let spans: Map<string, MemberSpan> | undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'number') {
      spans ??= memberSpans(src);
      const s = spans.get(k);
      out[k] = s ? src.slice(s.start, s.end) : String(v);
    } else if (Array.isArray(v) && v.some((x) => typeof x === 'number')) {
      spans ??= memberSpans(src);
      const el = spans.get(k)?.elements;
      out[k] = v.map((x, j) => (typeof x === 'number' && el?.[j] ? src.slice(el[j]!.start, el[j]!.end) : x));
    } else {
      out[k] = v;
    }
  }
  return out;
}

function elementSpans(src: string, open: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let i = ws(src, open + 1);
  while (i < src.length && src[i] !== ']') {
    const end = skipValue(src, i);
    out.push({ start: i, end });
    i = ws(src, end);
    if (src[i] === ',') i = ws(src, i + 1);
  }
  return out;
}

function ws(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  return i;
}

function skipString(s: string, i: number): number {
  i++;
  while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
  return i + 1;
}

function skipValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return skipString(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (; i < s.length; i++) {
      const d = s[i];
      if (d === '"') i = skipString(s, i) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return i;
  }
  while (i < s.length && !',]} \t\r\n'.includes(s[i]!)) i++;
  return i;
}
