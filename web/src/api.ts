/**
 * The dashboard's one door to the server: `/v1` over fetch, with the signed-in key. Errors keep
 * the server's shape (`{ code, message, issues }`) so that views show its words, its lines and
 * columns; nothing is decided here that the server has not said.
 */
import { getKey } from './session';

export interface Issue {
  code: string;
  path: string;
  message: string;
}

/** A refused or failed request, as the server answered it. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues: Issue[] = []) {
    super(message);
  }
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const key = getKey();
  return key ? { ...extra, authorization: `Bearer ${key}` } : extra;
}

async function answer<T>(res: Response): Promise<T> {
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await res.json() : await res.text();
  if (res.ok) return body as T;
  const e = (body as { error?: { code?: string; message?: string; issues?: Issue[] } }).error;
  throw new ApiError(res.status, e?.code ?? 'http_' + res.status, e?.message ?? `The server answered ${res.status}.`, e?.issues ?? []);
}

export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return answer<T>(await fetch(path, { headers: headers(), signal }));
}

export async function post<T>(path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method: 'POST', headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  return answer<T>(await fetch(path, init));
}

export async function del<T>(path: string): Promise<T> {
  return answer<T>(await fetch(path, { method: 'DELETE', headers: headers() }));
}

/** A multipart upload: the file in the field `file`, the options as fields. */
export async function upload<T>(path: string, file: File, fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, file.name);
  return answer<T>(await fetch(path, { method: 'POST', headers: headers(), body: form }));
}

/**
 * Follows a server-sent event stream (a job's progress). EventSource cannot send the key's
 * header, so the stream is read through fetch; each `data:` line is one JSON event.
 */
export async function follow<T>(path: string, onEvent: (data: T) => void, signal: AbortSignal): Promise<void> {
  const res = await fetch(path, { headers: headers({ accept: 'text/event-stream' }), signal });
  if (!res.ok || !res.body) return void (await answer(res));
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (data) onEvent(JSON.parse(data) as T);
    }
  }
}
