/**
 * `reconsider`: a saved advice's forecast and decision made again from its own measurements (what
 * bench/advise --rescore reports), and `strategyWithChosen`, which lets advise measure its best head
 * with one fit at the hyper-parameters the curve chose instead of a new search.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAdvice, reconsider, strategyWithChosen } from '../../src/advisor/index.js';
import { advice } from './bakeoff-fixture.js';

test('reconsidering an advice made by this version changes nothing', () => {
  const a = advice();
  assert.deepEqual(reconsider(a), a);
  assert.deepEqual(reconsider(parseAdvice(JSON.parse(JSON.stringify(a)))), a, 'also from its saved JSON');
});

test('reconsidering redoes the forecast and the decision from the saved curve, keeping what was measured', () => {
  const a = advice({ targetAccuracy: 0.92, budgetUsd: 50 });
  // As if an older forecast had been saved: a flat 2× forecast far from what the curve says, and another decision.
  const stale = {
    ...a, decision: { ...a.decision, action: 'use-graft' as const, headline: 'stale' },
    curve: { ...a.curve, forecast: { ...a.curve.forecast, warnings: ['an old forecast warning'] } }, warnings: [...a.warnings, 'an old forecast warning', 'measured: kept'],
  };
  const again = reconsider(stale);
  assert.deepEqual(again.decision, a.decision);
  assert.deepEqual(again.curve.forecast, a.curve.forecast);
  assert.ok(!again.warnings.includes('an old forecast warning'), 'the old forecast\'s warnings go with it');
  assert.ok(again.warnings.includes('measured: kept'));
  assert.deepEqual([again.graft, again.alternatives, again.fineTuning, again.curve.points], [a.graft, a.alternatives, a.fineTuning, a.curve.points]);
  // A curve that has flattened well below the target: the same rules now say something else.
  const flat = { ...a, curve: { ...a.curve, points: a.curve.points.map((p) => ({ ...p, mean: 0.6 + p.n * 1e-6 })) } };
  const answer = reconsider(flat);
  assert.notEqual(answer.curve.forecast.at[0]!.mean, a.curve.forecast.at[0]!.mean);
  assert.notEqual(answer.decision.headline, a.decision.headline);
});

test('strategyWithChosen sets the values a fit chose when they are parameters of the kind, and falls back to the default otherwise', () => {
  assert.equal((strategyWithChosen('logistic', { C: 0.1 }).params as { C?: number }).C, 0.1);
  assert.equal((strategyWithChosen('knn', { k: 7 }).params as { k?: number }).k, 7);
  assert.equal((strategyWithChosen('logistic', undefined).params as { C?: number }).C, undefined, 'nothing chosen: C is searched');
  assert.equal((strategyWithChosen('centroid', { temperature: 2 }).params as { temperature?: number }).temperature, 2, 'centroid\'s temperature is one of its parameters');
  assert.deepEqual(strategyWithChosen('logistic', { k: 5 }).params, strategyWithChosen('logistic', undefined).params, 'k is not a parameter of logistic: the default');
});
