import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { DataError } from '../core/index.js';
import type { Issue } from '../core/index.js';
import { firstInvalidUtf8, lineColumnAt } from './utf8.js';

/**
 * Most bytes read whole into memory (a dataset to fit, a file to scan). A string cannot hold
 * much more than 500 MB in Node, and a fit needs several times its data in memory besides;
 * prediction files are streamed (`readTexts`) and have no such limit.
 */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** Reads a whole readable (stdin) into one Buffer, refusing more than `maxBytes`. */
export async function readAll(stream: AsyncIterable<Uint8Array | string>, maxBytes = DEFAULT_MAX_BYTES, source = 'stdin'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c);
    size += b.length;
    if (size > maxBytes) throw tooLarge(source, `more than ${mb(maxBytes)}`, maxBytes);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a file's bytes after checking what it is: a missing or unreadable file, a directory, a
 * device (`/dev/zero`, which never ends) or a file over `maxBytes` becomes a DataError naming
 * it, before anything is read. Pipes (`<(…)`, a FIFO) are read up to the limit.
 */
export async function readBytes(path: string, maxBytes = DEFAULT_MAX_BYTES): Promise<Buffer> {
  const fh = await openInput(path);
  try {
    const st = await fh.stat();
    if (st.isFile()) {
      if (st.size > maxBytes) throw tooLarge(path, mb(st.size), maxBytes);
      return await fh.readFile();
    }
    return await readAll(fh.createReadStream({ autoClose: false }), maxBytes, path);
  } finally {
    await fh.close();
  }
}

/** Opens a data file for reading, refusing what cannot be a data file (checked on the open handle, so nothing changes in between). */
export async function openInput(path: string): Promise<FileHandle> {
  let fh: FileHandle;
  try {
    // O_NONBLOCK-free open of a FIFO waits for a writer, as `cat` would; devices and sockets are refused below.
    fh = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw one('file_not_found', path, `file not found; check the path (relative paths start at ${process.cwd()}).`);
    }
    if (code === 'EISDIR') throw one('not_a_file', path, 'is a directory; give a .csv, .tsv or .jsonl file.');
    if (code === 'EACCES' || code === 'EPERM') throw one('unreadable_file', path, 'permission denied; make the file readable.');
    throw one('unreadable_file', path, `could not be read (${code ?? String(err)}); check the file and try again.`);
  }
  const st = await fh.stat();
  if (st.isFile() || st.isFIFO()) return fh;
  await fh.close();
  const kind = st.isDirectory() ? 'a directory' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device'
    : st.isSocket() ? 'a socket' : 'not a regular file';
  throw one('not_a_file', path, `is ${kind}, not a data file; give a .csv, .tsv or .jsonl file (or - for standard input).`);
}

/** A stream of a data file's bytes, after the same checks as `readBytes` (no size limit: for streaming readers). */
export async function openInputStream(path: string): Promise<NodeJS.ReadableStream & AsyncIterable<Buffer>> {
  const fh = await openInput(path);
  return createReadStream('', { fd: fh }) as NodeJS.ReadableStream & AsyncIterable<Buffer>;
}

function tooLarge(path: string, size: string, max: number): DataError {
  return one('file_too_large', path,
    `is ${size}, over the ${mb(max)} graft reads into memory at once; take a sample (e.g. \`head -n 200000\`) or split the file ` +
      '(prediction files are streamed and have no limit).');
}

function mb(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.ceil(bytes / 1024 ** 2)} MB`;
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
