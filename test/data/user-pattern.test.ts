import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, UsageError } from '../../src/core/index.js';
import { matchTexts } from '../../src/data/index.js';

const EVIL = '(a+)+$';
const VICTIM = `${'a'.repeat(33)}!`;

test('matchTexts answers as RegExp(pattern, "u") does, in order', async () => {
  const texts = ['Mail jane.doe@example.com', 'nothing', 'JANE.DOE@example.com', 'ünïcode jane.doe@x'];
  assert.deepEqual(await matchTexts('jane\\.doe@', texts), [0, 3]);
  assert.deepEqual(await matchTexts('^\\p{L}+code', texts), [3], 'unicode property escapes work (u flag)');
  assert.deepEqual(await matchTexts('x', []), []);
});

test('a catastrophic pattern is stopped at the time limit with advice, and the thread stays free meanwhile', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 20);
  const t0 = performance.now();
  await assert.rejects(matchTexts(EVIL, [VICTIM], { timeoutMs: 600, name: '--match' }), (e: Error) =>
    e instanceof UsageError && e.code === 'pattern_timeout' && /--match was stopped after 0\.6 s/.test(e.message) && /nested repetition/.test(e.message));
  clearInterval(timer);
  const took = performance.now() - t0;
  assert.ok(took < 5000, `stopped in ${took.toFixed(0)} ms`);
  assert.ok(ticks >= 5, 'the event loop kept running (a Ctrl-C handler would run)');
});

test('an abort (Ctrl-C) terminates the match at once; an invalid pattern is refused without being quoted', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 150);
  const t0 = performance.now();
  await assert.rejects(matchTexts(EVIL, [VICTIM], { signal: ac.signal, timeoutMs: 60_000 }), CancelledError);
  assert.ok(performance.now() - t0 < 5000);
  await assert.rejects(matchTexts('jane.doe@example.com(', ['x']), (e: Error) => e instanceof UsageError && !e.message.includes('jane'));
});
