import { readFile } from 'node:fs/promises';
import { DataError } from '../core/index.js';
import type { Issue } from '../core/index.js';
import { firstInvalidUtf8, lineColumnAt } from './utf8.js';

/** Reads a whole readable (stdin) into one Buffer. */
export async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c));
  return Buffer.concat(chunks);
}

/** Reads a file's bytes; a missing or unreadable file becomes a DataError naming it. */
export async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw one('file_not_found', path, `file not found; check the path (relative paths start at ${process.cwd()}).`);
    }
    if (code === 'EISDIR') throw one('not_a_file', path, 'is a directory; give a .csv, .tsv or .jsonl file.');
    if (code === 'EACCES' || code === 'EPERM') throw one('unreadable_file', path, 'permission denied; make the file readable.');
    throw one('unreadable_file', path, `could not be read (${code ?? String(err)}); check the file and try again.`);
  }
}

/**
 * Turns bytes into text, refusing what is not a UTF-8 text file: NUL bytes (binary or
 * UTF-16), invalid UTF-8, or nothing but whitespace. A leading BOM is removed.
 */
export function decodeText(buf: Buffer, source: string): string {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw one('not_utf8', `${source}:1:1`, 'is UTF-16 (it starts with a UTF-16 byte-order mark); re-save it as UTF-8.');
  }
  const nul = buf.indexOf(0);
  if (nul !== -1) {
    const at = lineColumnAt(buf, nul);
    throw one('binary_file', `${source}:${at.line}:${at.column}`,
      `looks binary (a NUL byte at byte offset ${nul}); give a UTF-8 text file in CSV, TSV or JSONL format.`);
  }
  const bad = firstInvalidUtf8(buf);
  if (bad !== -1) {
    const at = lineColumnAt(buf, bad);
    throw one('not_utf8', `${source}:${at.line}:${at.column}`,
      `is not valid UTF-8 (byte 0x${buf[bad]!.toString(16).padStart(2, '0')} at byte offset ${bad}); ` +
      're-save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8 in.csv > out.csv`.');
  }
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw one('empty_file', source, 'is empty; it needs at least one example.');
  return text;
}

function one(code: string, path: string, message: string): DataError {
  const issue: Issue = { code, path, message };
  return new DataError([issue]);
}
