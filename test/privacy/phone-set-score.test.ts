import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/privacy/index.js';
import { phoneShaped } from '../../bench/pii/phone-shaped.js';
import { phoneRow, scorePhones, wilson } from '../../bench/pii/phone-set.js';

test('bench/pii wilson: the 95% score interval of k in n', () => {
  const [lo, hi] = wilson(41, 50);
  assert.ok(Math.abs(lo - 0.692) < 0.001 && Math.abs(hi - 0.902) < 0.001, `${lo} ${hi}`);
  // All successes: the upper end is 1, the lower end well below it on a small set.
  const [lo9, hi9] = wilson(9, 9);
  assert.equal(hi9, 1);
  assert.ok(Math.abs(lo9 - 0.701) < 0.001, `${lo9}`);
  assert.ok(wilson(0, 0).every(Number.isNaN));
});

test('bench/pii phoneShaped: digit runs of 7-15 digits in groups, not base64 lines', () => {
  const text = 'call 212-555-0187, v 1.2, from 10.0.0.1 on 2002-08-21\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk5999999\n';
  assert.deepEqual(phoneShaped(text).map((s) => text.slice(s.start, s.end)), ['212-555-0187', '2002-08-21']);
});

test('bench/pii scorePhones: matches, misses, false alarms and look-alikes claimed', () => {
  const items = [
    { id: 'a', text: 'Tel 212-555-0187 or build 2002-08-21-1234', spans: [{ start: 4, end: 16, type: 'PHONE' }] },
    { id: 'b', text: 'fax 415-555-2671 today', spans: [{ start: 4, end: 16, type: 'PHONE' }] },
  ];
  // A fake detector: the first number, and the build id read as a phone; nothing in b.
  const detect = (text: string): Finding[] =>
    text.startsWith('Tel')
      ? [
          { type: 'PHONE', start: 4, end: 16, confidence: 0.9, rule: 't' },
          { type: 'PHONE', start: 26, end: 41, confidence: 0.5, rule: 't' },
          { type: 'EMAIL', start: 0, end: 3, confidence: 0.9, rule: 't' },
        ]
      : [];
  const s = scorePhones(items, detect);
  assert.deepEqual({ tp: s.tp, fp: s.fp, fn: s.fn, lookalikes: s.lookalikes, claimed: s.claimed }, { tp: 1, fp: 1, fn: 1, lookalikes: 1, claimed: 1 });
  assert.deepEqual(s.misses, ['b "415-555-2671"']);
  assert.deepEqual(s.falseAlarms, ['a "2002-08-21-1234"']);
  assert.match(phoneRow('x', s), /^\| x \| 2 \| 2 \| 0\.500 \(0\.095–0\.905\) \| 0\.500 \(0\.095–0\.905\) \| 1 of 1 \|$/);
});
