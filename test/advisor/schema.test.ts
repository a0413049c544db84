/** The advice's JSON shape: one zod schema, a JSON Schema document from it, refusals of bad data. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADVICE_SCHEMA, adviceJsonSchema, parseAdvice } from '../../src/advisor/index.js';
import { advice } from './bakeoff-fixture.js';

test('an assembled advice survives JSON and validates against the schema', () => {
  const a = advice();
  const back = parseAdvice(JSON.parse(JSON.stringify(a)));
  assert.deepEqual(back, a);
  assert.equal(a.format, 1);
  assert.equal(a.fineTuning.routes.length, 5);
  assert.equal(a.curve.forecast.at.length, 3);
});

test('the schema refuses what the dashboard could not draw', () => {
  const a = JSON.parse(JSON.stringify(advice())) as Record<string, any>;
  const broken = (f: (x: any) => void): unknown => { const c = structuredClone(a); f(c); return c; };
  assert.throws(() => parseAdvice(broken((x) => { x.graft.accuracy = 1.5; })), /graft/);
  assert.throws(() => parseAdvice(broken((x) => { delete x.decision; })), /decision/);
  assert.throws(() => parseAdvice(broken((x) => { x.decision.action = 'retrain'; })), /action/);
  assert.throws(() => parseAdvice(broken((x) => { x.fineTuning.routes[0].id = 'gpt-5'; })), /id/);
  assert.throws(() => parseAdvice(broken((x) => { x.curve.forecast.at[0].mean = null; })), /mean/);
  assert.ok(ADVICE_SCHEMA.safeParse(a).success);
});

test('the JSON Schema document names every top-level part as required, with field descriptions', () => {
  const s = adviceJsonSchema() as { type: string; required: string[]; properties: Record<string, { properties?: Record<string, { description?: string }> }> };
  assert.equal(s.type, 'object');
  assert.deepEqual([...s.required].sort(), ['alternatives', 'curve', 'dataset', 'decision', 'fineTuning', 'format', 'graft', 'privacy', 'settings', 'warnings']);
  assert.match(s.properties.dataset!.properties!.tokensPerExample!.description!, /tokens per text/);
  assert.doesNotThrow(() => JSON.stringify(s));
});
