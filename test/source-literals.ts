/**
 * The string literals of TypeScript source files, for the tests that check which names the code
 * writes where (no head or backbone kind name outside its own folder and its registry).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** The .ts files under src/, in a stable order, skipping the folder `own` (relative to the root). */
export function sourceFiles(own: string): string[] {
  const skip = join(ROOT, own);
  const walk = (dir: string, out: string[]): string[] => {
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      if (p === skip) continue;
      if (statSync(p).isDirectory()) walk(p, out);
      else if (p.endsWith('.ts')) out.push(p);
    }
    return out;
  };
  return walk(join(ROOT, 'src'), []);
}

/**
 * Every literal outside `own` that is exactly one of `names`, less the allowed exceptions:
 * `found` lists the offenders, `stale` the exceptions no longer needed.
 */
export function namesOutside(own: string, names: ReadonlySet<string>, allowed: readonly { file: string; literal: string }[]): { found: string[]; stale: string[] } {
  const found: string[] = [];
  const used = new Set<string>();
  for (const f of sourceFiles(own)) {
    const file = relative(ROOT, f).split('\\').join('/');
    for (const lit of stringLiterals(readFileSync(f, 'utf8'))) {
      if (!names.has(lit)) continue;
      const ok = allowed.find((a) => a.file === file && a.literal === lit);
      if (ok) used.add(`${ok.file}:${ok.literal}`);
      else found.push(`${file}: '${lit}'`);
    }
  }
  return { found, stale: allowed.filter((a) => !used.has(`${a.file}:${a.literal}`)).map((a) => `${a.file}: '${a.literal}'`) };
}

/** The string literals of TypeScript source ('…', "…", and the text parts of `…${}…`), comments skipped. */
export function stringLiterals(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  const depth: number[] = []; // brace depth at each open template's ${
  let braces = 0;
  const readQuoted = (q: string): void => {
    let s = '';
    for (i++; i < src.length && src[i] !== q; i++) s += src[i] === '\\' ? src[++i] : src[i];
    i++;
    out.push(s);
  };
  const readTemplate = (): void => {
    let s = '';
    for (; i < src.length; i++) {
      if (src[i] === '\\') { s += src[++i]; continue; }
      if (src[i] === '`') { i++; break; }
      if (src[i] === '$' && src[i + 1] === '{') { i += 2; depth.push(braces); break; }
      s += src[i];
    }
    out.push(s);
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') { i = src.indexOf('*/', i + 2) + 2; continue; }
    if (c === '\'' || c === '"') { readQuoted(c); continue; }
    if (c === '`') { i++; readTemplate(); continue; }
    if (c === '{') braces++;
    if (c === '}') {
      if (depth.length > 0 && depth[depth.length - 1] === braces) { depth.pop(); i++; readTemplate(); continue; }
      braces--;
    }
    i++;
  }
  return out;
}
