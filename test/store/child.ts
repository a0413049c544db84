/**
 * A separate process for store tests that need real concurrency or a real kill:
 *   node --import tsx test/store/child.ts <command> <home> <startAt> [args...]
 * Each waits until `startAt` (ms since the epoch) so that its siblings hit the store together,
 * then prints one JSON line with what happened.
 */
import { TaskStore, UnlearningStore, openDb, writeTransaction } from '../../src/store/index.js';
import { markWipePending } from '../../src/store/wipe.js';
import { labels, version } from './fixtures.js';

const [command, home, startAt, ...args] = process.argv.slice(2);
while (Date.now() < Number(startAt)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);

function report(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

try {
  if (command === 'open') {
    // Opening a fresh store: schema creation by many processes at once.
    const db = openDb(home);
    report({ ok: true, tables: (db.prepare("SELECT COUNT(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n });
    db.close();
  } else if (command === 'save') {
    // Saving versions: the short write phase of a fit, several times in a row.
    const [task, times] = args as [string, string];
    const db = openDb(home);
    const tasks = new TaskStore(db);
    tasks.createOrGetTask({ name: task, backbone: 'hashing@1', labels });
    const versions: number[] = [];
    for (let i = 0; i < Number(times); i++) versions.push(tasks.saveHeadVersion(version(task, 200)));
    report({ ok: true, versions });
    db.close();
  } else if (command === 'forget-then-die') {
    // Deletes a task's examples with a pending wipe, commits, and is killed before any checkpoint.
    const [task] = args as [string];
    const db = openDb(home);
    const store = new UnlearningStore(db);
    const hashes = store.liveExamples(task).map((e) => e.textHash);
    writeTransaction(db, () => {
      store.deleteExamples(task, hashes);
      const r = db.prepare("INSERT INTO audit (task, at, action, detail) VALUES (?, 'now', 'forget', '{\"wipe\":{\"status\":\"pending\"}}')").run(task);
      markWipePending(db, task, Number(r.lastInsertRowid), new Date().toISOString());
    });
    process.kill(process.pid, 'SIGKILL');
  } else {
    report({ ok: false, error: `unknown command ${command}` });
  }
} catch (e) {
  report({ ok: false, error: (e as Error).message, code: (e as { code?: string }).code });
}
