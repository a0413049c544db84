import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/core/index.js';
import { datasetFromExamples, validateExamples } from '../../src/data/index.js';

const pairs = (v: ReturnType<typeof validateExamples>) => (v.ok ? [] : v.issues.map((i) => [i.code, i.path]));

test('valid in-memory examples: ids, sorted labels, same-label duplicates counted not refused', () => {
  const v = validateExamples([
    { text: 'refund please', label: 'billing' },
    { text: 'printer on fire', label: 'it' },
    { text: 'refund please ', label: 'billing' },
  ], { source: 'upload' });
  assert.ok(v.ok);
  assert.deepEqual(v.labels, ['billing', 'it']);
  assert.equal(v.duplicates, 1);
  assert.deepEqual(v.examples.map((e) => [e.id, e.line]), [['upload:1', 1], ['upload:2', 2], ['upload:3', 3]]);
});

test('each per-example issue at its line; all of them together', () => {
  const v = validateExamples([
    { text: 'a', label: 'x' },
    { text: '   ', label: 'x', line: 7, column: 3 },
    { text: 'b', label: null, line: 9 },
    { text: 'c'.repeat(11), label: 'y', line: 10 },
    { text: 'z', label: 'y' },
  ], { source: 'f.csv', maxTextChars: 10 });
  assert.deepEqual(pairs(v), [
    ['empty_text', 'f.csv:7:3'],
    ['missing_label', 'f.csv:9'],
    ['text_too_long', 'f.csv:10'],
  ]);
  assert.ok(!v.ok && /11 characters, over the limit of 10/.test(v.issues[2]!.message));
});

test('the default text limit is 100,000 characters', () => {
  const long = 'x'.repeat(100_001);
  const v = validateExamples([{ text: long, label: 'a' }, { text: 'ok', label: 'b' }], { source: 's' });
  assert.deepEqual(pairs(v), [['text_too_long', 's:1']]);
  assert.ok(validateExamples([{ text: long.slice(1), label: 'a' }, { text: 'ok', label: 'b' }], { source: 's' }).ok);
});

test('conflicting duplicates name both lines', () => {
  const v = validateExamples([
    { text: 'same', label: 'a', line: 2 },
    { text: 'other', label: 'b', line: 3 },
    { text: 'same', label: 'b', line: 5 },
  ], { source: 'd.csv' });
  assert.deepEqual(pairs(v), [['conflicting_duplicate', 'd.csv:5']]);
  assert.ok(!v.ok && v.issues[0]!.message.includes('d.csv:2') && v.issues[0]!.message.includes('"a"'));
});

test('a single class is refused', () => {
  const v = validateExamples([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }], { source: 'one.csv' });
  assert.deepEqual(pairs(v), [['single_class', 'one.csv']]);
});

test('with folds, only a class of one example is refused (fewer folds serve a small class), naming --folds', () => {
  const ex = [
    ...Array.from({ length: 5 }, (_, i) => ({ text: `big ${i}`, label: 'big' })),
    { text: 'tiny 1', label: 'tiny' }, { text: 'tiny 2', label: 'tiny' },
  ];
  assert.ok(validateExamples(ex, { source: 'c.csv', folds: 5 }).ok, 'a class of 2 gets 2-fold cross-validation, not a refusal');
  const one = [...ex, { text: 'lone', label: 'lone' }];
  assert.ok(validateExamples(one, { source: 'c.csv' }).ok);
  const v = validateExamples(one, { source: 'c.csv', folds: 5 });
  assert.deepEqual(pairs(v), [['class_too_small', 'c.csv:8']], 'the class is found at its first row');
  assert.ok(!v.ok && /class "lone" has 1 example; cross-validation needs at least 2/.test(v.issues[0]!.message));
  assert.match(v.ok ? '' : v.issues[0]!.message, /--folds 0/);
});

test('duplicate ids are refused; no examples is refused', () => {
  const v = validateExamples([{ id: 'k', text: 'a', label: 'x' }, { id: 'k', text: 'b', label: 'y' }], { source: 'u' });
  assert.deepEqual(pairs(v), [['duplicate_id', 'u:2']]);
  assert.deepEqual(pairs(validateExamples([], { source: 'u' })), [['no_examples', 'u']]);
});

test('unlabelled input (requireLabels false) skips label checks', () => {
  const v = validateExamples([{ text: 'a' }, { text: 'b', label: '' }], { source: 'p', requireLabels: false });
  assert.ok(v.ok);
  assert.deepEqual(v.labels, []);
});

test('datasetFromExamples throws one DataError carrying every issue', () => {
  assert.throws(
    () => datasetFromExamples([{ text: '', label: 'a' }, { text: 'b' }], { source: 'upload' }),
    (err: unknown) => err instanceof DataError && err.issues.length === 3 && /3 problems found/.test(err.message),
  );
  const ds = datasetFromExamples([{ text: 'a', label: 'x' }, { text: 'b', label: 'y' }], { source: 'upload', name: 'up' });
  assert.equal(ds.name, 'up');
  assert.equal(ds.dropped, 0);
});

test('bad folds or text limit are usage errors quoting the value', () => {
  const ex = [{ text: 'a', label: 'x' }, { text: 'b', label: 'y' }];
  assert.throws(() => validateExamples(ex, { source: 's', folds: 1 }), /folds must be an integer of at least 2, got 1/);
  assert.throws(() => validateExamples(ex, { source: 's', folds: 2.5 }), /got 2.5/);
  assert.throws(() => validateExamples(ex, { source: 's', maxTextChars: 0 }), /maxTextChars/);
});

test('plain-JavaScript mistakes get a clear error, not a TypeError: no options, rows not an array, a row not an object, a number for a text', () => {
  const ds = datasetFromExamples([{ text: 'refund please', label: 'billing' }, { text: 'printer on fire', label: 'it' }]);
  assert.equal(ds.name, 'examples');
  assert.equal(ds.examples[0]!.id, 'examples:1');
  assert.equal(datasetFromExamples([{ text: 'a', label: 'x' }, { text: 'b', label: 'y' }], { name: 'mine' }).examples[1]!.id, 'mine:2');
  assert.throws(() => datasetFromExamples('a,b\n' as never), /examples must be an array of \{ text, label \} objects, got a string/);
  assert.throws(() => datasetFromExamples([], 5 as never), /options must be an object/);
  const err = (() => {
    try {
      datasetFromExamples([{ text: 'a', label: 'x' }, null, 'just text', { text: 42, label: 'y' }, { text: 'b', label: 'y' }] as never, { name: 'js' });
    } catch (e) { return e; }
    return undefined;
  })();
  assert.ok(err instanceof DataError, String(err));
  assert.deepEqual(err.issues.map((i) => [i.code, i.path]), [['not_an_example', 'js:2'], ['not_an_example', 'js:3'], ['not_an_example', 'js:4']]);
  assert.match(err.issues[2]!.message, /expected an object \{ text: string, label: string \}, got object/);
});
