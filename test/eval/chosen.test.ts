import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStrategy } from '../../src/heads/index.js';
import { strategyWithChosen } from '../../src/eval/chosen.js';

test('strategyWithChosen keeps a strategy\'s own settings beside the chosen value, and hands the strategy back when nothing can be set', () => {
  const balanced = createStrategy('logistic', { classWeight: 'balanced', maxIter: 50 });
  const fixed = strategyWithChosen(balanced, { C: 10 });
  assert.deepEqual(fixed.params, createStrategy('logistic', { classWeight: 'balanced', maxIter: 50, C: 10 }).params);
  // The default strategy of a kind gives exactly what the kind's name gives (advise's call).
  assert.deepEqual(strategyWithChosen(createStrategy('logistic'), { C: 10 }).params, strategyWithChosen('logistic', { C: 10 }).params);
  assert.deepEqual(strategyWithChosen('logistic', { C: 10 }).params, createStrategy('logistic', { C: 10 }).params);
  // A chosen value the kind has no parameter for, or nothing chosen: the strategy itself, still searching.
  assert.equal(strategyWithChosen(balanced, { k: 5 }), balanced);
  assert.equal(strategyWithChosen(balanced, undefined), balanced);
  assert.equal(strategyWithChosen(balanced, {}), balanced);
  // A chosen value that breaks the kind's rules is not set either.
  assert.equal(strategyWithChosen(balanced, { C: -1 }), balanced);
});
