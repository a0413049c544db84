/**
 * SECRET: API keys and tokens with known prefixes, PEM private-key blocks, and
 * high-entropy values assigned to names like key/token/secret/password.
 */
import type { Detector, Finding } from '../types.js';

const KNOWN: ReadonlyArray<readonly [string, RegExp]> = [
  ['secret.pem-private-key', /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----/g],
  ['secret.aws-access-key', /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g],
  ['secret.github-token', /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g],
  ['secret.gitlab-token', /\bglpat-[A-Za-z0-9_-]{20,}\b/g],
  ['secret.slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g],
  ['secret.slack-webhook', /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g],
  ['secret.stripe-key', /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g],
  ['secret.google-api-key', /\bAIza[0-9A-Za-z_-]{35}\b/g],
  ['secret.openai-key', /\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}\b/g],
  ['secret.npm-token', /\bnpm_[A-Za-z0-9]{36}\b/g],
  ['secret.jwt', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g],
];

/** `password: hunter2`, `api_key = "..."`, `token=...`: the value after the name. */
const ASSIGNED = /(?:api[_-]?key|apikey|secret|token|passw(?:or)?d|pwd|pass|access[_-]?key|auth)(?![a-z0-9])["']?\s*(?:[:=]|=>|\bis\b)\s*["']?([^\s"',;<>]{6,200})/gi;

/**
 * Cheap tests that gate the costlier scans; each holds wherever one of its patterns can match.
 * They start at rare characters (V8 scans fastest from a rare first character) and look
 * back from there: a known prefix ends at "_" (gh?_, github_, npm_, _live_), "-" (glpat-,
 * xox?-, sk-, -----BEGIN), the "J" of eyJ, "A" (AKIA…, AIza) or ".slack"; a key-like name
 * is followed by ":", "=" or "is", the last character of which anchors the test.
 */
const KNOWN_HINT = /_(?<=gh[pousr]_|github_|npm_)|_(?:live|test)_|-(?<=glpat-|xox[abposr]-|sk-)|-----BEGIN|J(?<=eyJ)|A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA|Iza)|\.(?<=hooks\.)slack/;
const ASSIGNED_HINT = /[:=sS](?<=(?:key|secret|token|passw(?:or)?d|pwd|pass|auth)["']?\s*(?:[:=]|is))/i;
/**
 * KNOWN_HINT or ASSIGNED_HINT, in one scan: in raw mail 19 texts in 20 have neither, and a scan
 * costs about as much whatever its pattern. ASSIGNED_HINT's words are spelled out in both cases,
 * as the two cannot share the i flag (which, without u, folds ASCII letters only).
 */
const ANY_HINT = new RegExp(`${KNOWN_HINT.source}|[:=sS](?<=(?:[kK][eE][yY]|[sS][eE][cC][rR][eE][tT]|[tT][oO][kK][eE][nN]|[pP][aA][sS][sS](?:[wW](?:[oO][rR])?[dD])?|[pP][wW][dD]|[aA][uU][tT][hH])["']?\\s*(?:[:=]|[iI][sS]))`);

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export const secretDetector: Detector = {
  name: 'secret',
  types: ['SECRET'],
  detect(text) {
    const out: Finding[] = [];
    if (!ANY_HINT.test(text)) return out;
    if (KNOWN_HINT.test(text)) for (const [rule, re] of KNOWN) {
      for (const m of text.matchAll(re)) {
        out.push({ type: 'SECRET', start: m.index!, end: m.index! + m[0].length, confidence: 0.95, rule });
      }
    }
    if (ASSIGNED_HINT.test(text)) for (const m of text.matchAll(ASSIGNED)) {
      const value = m[1]!;
      const start = m.index! + m[0].length - value.length;
      const isPassword = /pass|pwd/i.test(m[0].slice(0, m[0].length - value.length));
      const h = entropy(value);
      // A password may be short and wordy; a key or token is long and random.
      let confidence: number;
      if (value.length >= 16 && h >= 3.5) confidence = 0.9;
      else if (isPassword && /\d|[^A-Za-z]/.test(value) && h >= 2.5) confidence = 0.75;
      else if (value.length >= 12 && h >= 3.0) confidence = 0.6;
      else continue;
      out.push({ type: 'SECRET', start, end: start + value.length, confidence, rule: 'secret.assigned-high-entropy' });
    }
    return out;
  },
};
