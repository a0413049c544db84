/** Multi-label data from files: JSON lists, separators in CSV/TSV, and the errors for each way it goes wrong. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset, loadLabelSpecs, countByLabel, labelSetsOf } from '../../src/data/index.js';
import { DataError, UsageError } from '../../src/core/index.js';
import { tempDir, write } from './fixtures.js';

const dir = tempDir();

async function issuesOf(p: Promise<unknown>): Promise<{ code: string; path: string; message: string }[]> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DataError, String(e));
    return (e as DataError).issues as { code: string; path: string; message: string }[];
  }
  assert.fail('expected a DataError');
}

test('JSONL lists are detected in auto mode, under "labels" or "label"; sets are sorted, unique, trimmed', async () => {
  const f = write(dir, 'tags.jsonl', [
    '{"text": "refund please, urgent", "labels": ["urgent", "billing", " billing"]}',
    '{"text": "app crashes", "labels": ["bug"]}',
    '{"text": "charged twice and the app froze", "labels": ["billing", "bug"]}',
  ].join('\n'));
  const ds = await loadDataset(f, { multiLabel: 'auto' });
  assert.equal(ds.multiLabel, true);
  assert.deepEqual(ds.labels, ['billing', 'bug', 'urgent']);
  assert.deepEqual(labelSetsOf(ds), [['billing', 'urgent'], ['bug'], ['billing', 'bug']]);
  assert.equal(ds.examples[0]!.label, 'billing|urgent');
  assert.deepEqual(countByLabel(ds), { billing: 2, bug: 2, urgent: 1 });

  const g = write(dir, 'tags2.jsonl', '{"text": "a", "label": ["x", "y"]}\n{"text": "b", "label": ["y"]}\n');
  assert.deepEqual(labelSetsOf(await loadDataset(g, { multiLabel: 'auto' })), [['x', 'y'], ['y']]);
});

test('a list given to a single-label load is refused with the way to fit multi-label data', async () => {
  const f = write(dir, 'single.jsonl', '{"text": "a", "label": "x"}\n{"text": "b", "label": ["x", "y"]}\n');
  const issues = await issuesOf(loadDataset(f));
  assert.equal(issues.length, 1);
  assert.equal(issues[0]!.code, 'multi_label_list');
  assert.equal(issues[0]!.path, `${f}:2:24`);
  assert.match(issues[0]!.message, /graft fit FILE --task NAME/);
});

test('mixing strings and lists is an error at each string, unless --multi-label reads strings as one-label lists', async () => {
  const f = write(dir, 'mixed.jsonl', '{"text": "a", "labels": ["x", "y"]}\n{"text": "b", "labels": "y"}\n{"text": "c", "labels": ["x"]}\n');
  const issues = await issuesOf(loadDataset(f, { multiLabel: 'auto' }));
  assert.deepEqual(issues.map((i) => [i.code, i.path]), [['mixed_labels', `${f}:2:25`]]);
  assert.match(issues[0]!.message, /first at .*mixed\.jsonl:1:25/);
  assert.match(issues[0]!.message, /\["y"\]/);
  const ds = await loadDataset(f, { multiLabel: true });
  assert.deepEqual(labelSetsOf(ds), [['x', 'y'], ['y'], ['x']]);
});

test('empty lists, empty and non-text labels are reported with line and column', async () => {
  const f = write(dir, 'bad.jsonl', [
    '{"text": "a", "labels": []}',
    '{"text": "b", "labels": ["x", ""]}',
    '{"text": "c", "labels": ["x", {"n": 1}]}',
    '{"text": "d", "labels": ["x", "y"]}',
    '{"text": "e"}',
  ].join('\n'));
  const issues = await issuesOf(loadDataset(f, { multiLabel: 'auto' }));
  assert.deepEqual(issues.map((i) => [i.code, i.path]), [
    ['empty_label_list', `${f}:1:25`],
    ['empty_label', `${f}:2:25`],
    ['bad_label', `${f}:3:25`],
    ['empty_label_list', `${f}:5`],
  ]);
  assert.match(issues[0]!.message, /at least one label.*\["none"\]/);
});

test('CSV and TSV with a label separator; empty parts and conflicting duplicates are errors', async () => {
  const c = write(dir, 'tags.csv', 'text,label\n"refund, urgent",billing|urgent\napp crashes,bug\nboth,billing | bug\n');
  const ds = await loadDataset(c, { labelSeparator: '|' });
  assert.equal(ds.multiLabel, true);
  assert.deepEqual(labelSetsOf(ds), [['billing', 'urgent'], ['bug'], ['billing', 'bug']]);
  const t = write(dir, 'tags.tsv', 'text\tlabel\nrefund now\tbilling;urgent\ncrash\tbug\n');
  assert.deepEqual(labelSetsOf(await loadDataset(t, { labelSeparator: ';' })), [['billing', 'urgent'], ['bug']]);

  const bad = write(dir, 'bad.csv', 'text,label\na,x||y\nb,\nc,y\nc,x\n');
  const issues = await issuesOf(loadDataset(bad, { labelSeparator: '|' }));
  assert.deepEqual(issues.map((i) => [i.code, i.path]), [
    ['empty_label', `${bad}:2:3`], ['empty_label_list', `${bad}:3:3`], ['conflicting_duplicate', `${bad}:5`],
  ]);
  assert.match(issues[2]!.message, /give the text once with all its labels/);
});

test('bad separators: refused before reading, or caught when another separator is what the file uses', async () => {
  const c = write(dir, 'sep.csv', 'text,label\na,x|y\nb,y\n');
  for (const [sep, why] of [['', /is empty/], [' ', /multi-word labels/], ['a', /letters or digits/], ['"', /double quote/]] as const) {
    await assert.rejects(loadDataset(c, { labelSeparator: sep }), (e: unknown) => e instanceof UsageError && why.test((e as Error).message) && /--label-sep '\|'/.test((e as Error).message));
  }
  const issues = await issuesOf(loadDataset(c, { labelSeparator: ';' }));
  assert.deepEqual(issues.map((i) => [i.code, i.path]), [['separator_not_found', `${c}:2:3`]]);
  assert.match(issues[0]!.message, /did you mean --label-sep "\|"/);
});

test('multi-label class checks: each label needs as many texts as folds; one label in all is not a task', async () => {
  const f = write(dir, 'rare.jsonl', '{"text": "a", "labels": ["x", "y"]}\n{"text": "b", "labels": ["x"]}\n{"text": "c", "labels": ["x"]}\n');
  const issues = await issuesOf(loadDataset(f, { multiLabel: 'auto', folds: 2 }));
  assert.deepEqual(issues.map((i) => i.code), ['class_too_small']);
  assert.match(issues[0]!.message, /"y" has 1 example/);
  assert.equal(issues[0]!.path, `${f}:1`);
  const one = write(dir, 'one.jsonl', '{"text": "a", "labels": ["x"]}\n{"text": "b", "labels": ["x"]}\n');
  assert.deepEqual((await issuesOf(loadDataset(one, { multiLabel: 'auto' }))).map((i) => i.code), ['single_class']);
});

test('single-label files load as before in auto mode', async () => {
  const f = write(dir, 'plain.csv', 'text,label\na,x\nb,y\n');
  const ds = await loadDataset(f, { multiLabel: 'auto' });
  assert.equal(ds.multiLabel, undefined);
  assert.equal(ds.examples[0]!.labels, undefined);
});

test('reading texts only (predict --file) from a multi-label file ignores the lists', async () => {
  const f = write(dir, 'topredict.jsonl', '{"text": "a", "labels": ["x", "y"]}\n{"text": "b", "labels": ["y"]}\n');
  const ds = await loadDataset(f, { requireLabels: false });
  assert.deepEqual(ds.examples.map((e) => e.text), ['a', 'b']);
});

test('label files for zero-shot tasks: JSONL with descriptions, CSV, plain text; problems at their line', async () => {
  const j = write(dir, 'labels.jsonl', '{"label": "refund", "description": "money back"}\n{"label": "card_arrival"}\n');
  assert.deepEqual(await loadLabelSpecs(j), [{ label: 'refund', description: 'money back' }, { label: 'card_arrival' }]);
  const c = write(dir, 'labels.csv', 'label,description\nrefund,"money back, please"\nlost card,\n');
  assert.deepEqual(await loadLabelSpecs(c), [{ label: 'refund', description: 'money back, please' }, { label: 'lost card' }]);
  const t = write(dir, 'labels.txt', 'refund\n\n lost card \n');
  assert.deepEqual(await loadLabelSpecs(t), [{ label: 'refund' }, { label: 'lost card' }]);
  const one = write(dir, 'one.txt', 'refund\n');
  assert.deepEqual((await issuesOf(loadLabelSpecs(one))).map((i) => i.code), ['too_few_labels']);
  const bad = write(dir, 'bad-labels.jsonl', '{"name": "refund"}\n');
  const issues = await issuesOf(loadLabelSpecs(bad));
  assert.equal(issues[0]!.code, 'missing_column');
  assert.match(issues[0]!.message, /fields present: name/);
  const ext = write(dir, 'labels.yaml', 'a\nb\n');
  assert.match((await issuesOf(loadLabelSpecs(ext)))[0]!.message, /\.jsonl, \.csv, \.tsv or \.txt/);
});
