/** Command lines as a reader types them, split the way sh would for the forms docs and help use. */

/** Shell words: blanks split, '…' and "…" quote (no escapes inside single quotes, as in sh). */
export function shellWords(command: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(command); m; m = re.exec(command)) out.push(m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!);
  return out;
}

/** A line without its trailing `# comment`, split at ` && ` into one argv per command. */
export function commandLines(line: string): string[][] {
  const bare = line.replace(/\s+#\s.*$/, '').trim();
  return bare === '' ? [] : bare.split(' && ').map(shellWords);
}
