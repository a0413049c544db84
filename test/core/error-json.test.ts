import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BackboneError, CancelledError, DataError, GraftError, NotFoundError, PrivacyError, UsageError, errorFromJSON, errorToJSON,
} from '../../src/core/index.js';

/** Through structured clone, as a worker thread's message travels. */
const roundTrip = (e: unknown): Error => errorFromJSON(structuredClone(errorToJSON(e)));

test('every core error class comes back as itself, with code, exit code, status and issues', () => {
  const issues = [{ code: 'bad_row', path: 'a.csv:3:2', message: 'empty text' }, { code: 'bad_row', path: 'a.csv:9:1', message: 'no label' }];
  const cases: GraftError[] = [
    new DataError(issues, 'data_invalid'), new DataError('one problem', 'one_class'), new PrivacyError(issues),
    new UsageError('bad flag', 'bad_param'), new NotFoundError('no task "x"', 'task_not_found'),
    new BackboneError('model missing'), new CancelledError(),
  ];
  for (const e of cases) {
    const back = roundTrip(e) as GraftError;
    assert.equal(back.constructor, e.constructor, e.name);
    assert.deepEqual([back.name, back.message, back.code, back.exitCode, back.status], [e.name, e.message, e.code, e.exitCode, e.status]);
    assert.deepEqual((back as { issues?: unknown }).issues, (e as { issues?: unknown }).issues);
  }
});

test('an unknown GraftError subclass stays a GraftError with its name and code; other errors stay plain', () => {
  class ConflictError extends GraftError {
    constructor() { super('version moved', { code: 'conflict', exitCode: 1, status: 409 }); }
  }
  const back = roundTrip(new ConflictError()) as GraftError;
  assert.ok(back instanceof GraftError);
  assert.deepEqual([back.name, back.code, back.status], ['ConflictError', 'conflict', 409]);
  const plain = roundTrip(new TypeError('x is undefined'));
  assert.ok(!(plain instanceof GraftError));
  assert.deepEqual([plain.name, plain.message], ['TypeError', 'x is undefined']);
  assert.equal(roundTrip('thrown text').message, 'thrown text');
});
