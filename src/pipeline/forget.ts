/**
 * Exact unlearning: forget training examples of a task as if they had never been given.
 * Every live version trained on them is refitted from scratch on what remains (same
 * strategy, parameters and seed, so the new head is bit-for-bit the head a fresh fit
 * would give), the old versions' weights and examples are deleted (zeroed on disk, not
 * hidden), the examples' cached embeddings are deleted, and an audit record says what
 * happened in hashes only.
 */
import { availableParallelism } from 'node:os';
import { DataError, LabelSet, NotFoundError, UsageError, hashExamples, rowDigests, sha256, throwIfAborted } from '../core/index.js';
import type { JobOptions, Matrix } from '../core/index.js';
import { refitOodDetector } from '../eval/index.js';
import type { OodDetectorJSON } from '../eval/index.js';
import { createStrategy } from '../heads/index.js';
import { UnlearningStore } from '../store/index.js';
import type { StoredExample } from '../store/index.js';
import { redact } from '../privacy/index.js';
import type { WorkspaceContext } from './context.js';
import { embedTexts } from './embed.js';
import { versionBackbone } from './predict.js';
import type { BackboneSpec } from '../backbones/index.js';

/** Which examples to forget: exactly one of these. */
export interface ForgetSelector {
  /** The example's text as given at fit time (matched raw and as the task's policy stored it). */
  text?: string;
  /** A regular expression tested against the stored (policy-applied) text. */
  match?: string;
  /** The example's id (the file's `id` column, or `<file>:<line>`). */
  id?: string;
}

export interface RefitVersion {
  from: number;
  to: number;
  rows: number;
  dataHash: string;
  /** Sharded heads: how many shards the head has and which (0-based) were refitted; the others were reused. */
  shards?: { total: number; refitted: number[] };
  /** The refitted novelty detector: held-out searches run again, of all (the rest reused). Absent when dropped. */
  novelty?: { searched: number; pairs: number };
}

export interface ForgetResult {
  task: string;
  /** Distinct texts forgotten (every example with one of these texts was removed). */
  removedTexts: number;
  /** Training-example rows removed across the refitted versions. */
  removedRows: number;
  /** SHA-256 of each forgotten text, sorted. */
  removedHashes: string[];
  refitted: RefitVersion[];
  /** Versions whose weights and examples were deleted. */
  deletedVersions: number[];
  embeddingsDeleted: number;
  liveVersion: number | null;
  auditId: number;
  seconds: number;
  /** Where the time went, wall-clock seconds: reading embeddings, refitting heads, refitting novelty detectors, writing, rebuilding the file. */
  timings: ForgetTimings;
  /** The same phases in CPU seconds of this process (all its threads). */
  cpu: ForgetTimings;
}

export interface ForgetTimings { embed: number; refit: number; novelty: number; write: number; compact: number }

/**
 * Forgets the selected training examples of a task.
 *
 * @example
 * const r = await ws.forget('spam', { id: 'mails:812' });
 * r.refitted; // [{ from: 3, to: 4, rows: 1199, dataHash: '…' }]
 */
export interface ForgetOptions extends JobOptions {
  /**
   * Rebuild the database file afterwards (VACUUM). By default only when it is needed: a
   * file graft has always written with `secure_delete` on (every file created since it was
   * turned on) holds no stale copy of a deleted row anywhere, since every freed byte was
   * zeroed when freed; an older file is rebuilt once, on its first forget. `true` always
   * rebuilds; `false` never (then call `new UnlearningStore(db).compact()` yourself).
   */
  compact?: boolean;
  /**
   * `refit` (default): refit each version's novelty detector on what remains, as a fresh fit
   * would. `drop`: delete it and save the new version without one (predict then reports no
   * out-of-distribution flag for it). Both leave nothing derived from the forgotten examples;
   * `drop` is much faster on large tasks, since the detector costs more to fit than most heads.
   */
  novelty?: 'refit' | 'drop';
}

export async function forget(ws: WorkspaceContext, taskName: string, selector: ForgetSelector, opts: ForgetOptions = {}): Promise<ForgetResult> {
  const t0 = performance.now();
  const task = ws.tasks.getTask(taskName);
  const store = new UnlearningStore(ws.db);
  const novelty = ws.novelty;
  const stored = store.liveExamples(task.name);
  const matches = matcher(selector, task.privacy, task.privacy === 'pseudonymize' ? ws.pseudonymKey() : undefined);
  const removed = new Set(stored.filter(matches).map((e) => e.textHash));
  if (removed.size === 0) {
    throw new NotFoundError(`No training example of task "${task.name}" matches the given ${selectorKind(selector)}; nothing was changed.`, 'nothing_to_forget');
  }

  // Refit every affected version before writing anything: a failure leaves the store as it was.
  const byVersion = new Map<number, StoredExample[]>();
  for (const e of stored) {
    const list = byVersion.get(e.version);
    if (list) list.push(e);
    else byVersion.set(e.version, [e]);
  }
  const timings: ForgetTimings = { embed: 0, refit: 0, novelty: 0, write: 0, compact: 0 };
  const cpu: ForgetTimings = { embed: 0, refit: 0, novelty: 0, write: 0, compact: 0 };
  let cpuMark = process.cpuUsage();
  const clock = (key: keyof ForgetTimings, since: number): number => {
    const now = performance.now();
    timings[key] += (now - since) / 1000;
    const c = process.cpuUsage(cpuMark);
    cpu[key] += (c.user + c.system) / 1e6;
    cpuMark = process.cpuUsage();
    return now;
  };
  const refits: Array<{
    from: number; kind: string; strategy: object; seed: number; keep: StoredExample[]; head: object; detector: object | undefined; dataHash: string;
    backboneSpec: BackboneSpec[] | null;
    shards: RefitVersion['shards']; novelty: RefitVersion['novelty'];
  }> = [];
  for (const [version, examples] of byVersion) {
    if (!examples.some((e) => removed.has(e.textHash))) continue;
    throwIfAborted(opts.signal);
    const hv = ws.tasks.getHeadVersion(task.name, version);
    const keep = examples.filter((e) => !removed.has(e.textHash));
    checkLabelsRemain(task.name, version, task.labels, keep);
    const texts = keep.map((e) => e.text);
    const labelNames = keep.map((e) => e.label);
    // The same construction as a fresh fit, so that the refit is that fit, bit for bit.
    const labelSet = new LabelSet(labelNames);
    const labels = [...labelSet.labels];
    const y = labelSet.encode(labelNames);
    let t = performance.now();
    cpuMark = process.cpuUsage();
    const { X } = await embedTexts(ws, versionBackbone(task.backbone, hv.backboneSpec), texts, opts);
    t = clock('embed', t);
    const strategy = createStrategy(hv.kind, hv.strategy);
    // Threads change where a head's independent parts run (logistic's C-search folds), never its bits.
    const fitOpts = { seed: hv.seed, labels, signal: opts.signal, threads: Math.min(2, availableParallelism()) };
    let head;
    let shards: RefitVersion['shards'];
    // Rows keyed by content (shards, the detector's blocks): hashed once for both.
    const digests = strategy.refit || opts.novelty !== 'drop' ? rowDigests(X) : undefined;
    if (strategy.refit) {
      // Only the shards that held forgotten rows change; the others are reused as saved.
      const r = await strategy.refit(X, y, fitOpts, hv.head, digests);
      head = r.head;
      shards = { total: r.refitted.length + r.reused.length, refitted: r.refitted };
    } else {
      head = await strategy.fit(X, y, fitOpts);
    }
    t = clock('refit', t);
    // The detector reuses the held-out searches of the old one that the forgotten rows did not touch.
    const blocks = opts.novelty === 'drop' ? undefined : novelty.get<OodDetectorJSON['blocks']>(task.name, version, '$.blocks');
    const ood = opts.novelty === 'drop' ? undefined : refitOodDetector(X, y, labels.length, { seed: hv.seed, signal: opts.signal, rowDigests: digests }, { blocks });
    const detector = ood?.detector;
    clock('novelty', t);
    refits.push({
      from: version, kind: hv.kind, strategy: hv.strategy, seed: hv.seed, keep, backboneSpec: hv.backboneSpec,
      head: head.toJSON(), detector: detector?.toJSON(), dataHash: hashExamples(texts, labelNames), shards,
      novelty: ood && { searched: ood.searched, pairs: ood.pairs },
    });
  }
  throwIfAborted(opts.signal);

  const at = ws.now().toISOString();
  const hashes = [...removed].sort();
  const removedRows = refits.reduce((n, r) => n + (byVersion.get(r.from)!.length - r.keep.length), 0);
  const tWrite = performance.now();
  cpuMark = process.cpuUsage();
  const result = store.secureDelete(() => {
    const refitted: RefitVersion[] = [];
    // The forgotten rows go first; each refitted version then takes over its old version's remaining rows in place.
    store.deleteExamples(task.name, hashes);
    for (const r of refits) {
      const to = ws.tasks.saveHeadVersion({
        task: task.name, kind: r.kind, strategy: r.strategy, seed: r.seed, head: r.head as never, dataHash: r.dataHash,
        metrics: { unlearnedFrom: r.from },
        examples: r.keep.map((e) => ({ id: e.id, text: e.text, label: e.label })),
        moveExamplesFrom: r.from, ...(r.backboneSpec ? { backboneSpec: r.backboneSpec } : {}),
      });
      if (r.detector) novelty.save(task.name, to, r.detector);
      refitted.push({ from: r.from, to, rows: r.keep.length, dataHash: r.dataHash, ...(r.shards ? { shards: r.shards } : {}), ...(r.novelty ? { novelty: r.novelty } : {}) });
    }
    for (const r of refits) store.purgeVersion(task.name, r.from, at);
    const embeddingsDeleted = store.deleteEmbeddings(hashes);
    const live = task.liveVersion === null ? null : refitted.find((r) => r.from === task.liveVersion)?.to ?? task.liveVersion;
    store.setLive(task.name, live);
    const seconds = (performance.now() - t0) / 1000;
    const entry = ws.audit.append(task.name, 'forget', {
      selector: selectorKind(selector),
      selectorHash: sha256(selector.text ?? selector.match ?? selector.id ?? ''),
      removedTexts: hashes.length,
      removedRows,
      removedHashes: hashes,
      refitted,
      deletedVersions: refits.map((r) => r.from),
      embeddingsDeleted,
      liveVersion: live,
      seconds: Math.round(seconds * 1000) / 1000,
    });
    return {
      task: task.name, removedTexts: hashes.length, removedRows, removedHashes: hashes, refitted,
      deletedVersions: refits.map((r) => r.from), embeddingsDeleted, liveVersion: live, auditId: entry.id, seconds, timings, cpu,
    };
  });
  ws.heads.invalidate(); // written outside ws.write (secureDelete): restored heads of the old versions must go
  const t = clock('write', tWrite);
  // A file written without secure_delete at some point can still hold old copies of rows in
  // free space: rebuilding it leaves only live content (once; after that, frees are zeroed).
  if (opts.compact === true || (opts.compact === undefined && store.needsCompaction())) {
    store.compact();
    clock('compact', t);
  }
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

function selectorKind(s: ForgetSelector): 'text' | 'match' | 'id' {
  return s.text !== undefined ? 'text' : s.match !== undefined ? 'match' : 'id';
}

/** A predicate over stored examples for exactly one selector. */
function matcher(s: ForgetSelector, policy: string, key: Uint8Array | undefined): (e: StoredExample) => boolean {
  const given = [s.text, s.match, s.id].filter((v) => v !== undefined);
  if (given.length !== 1) throw new UsageError('Give exactly one of --text, --match or --id to say what to forget.', 'bad_forget_selector');
  if (s.id !== undefined) return (e) => e.id === s.id;
  if (s.match !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(s.match, 'u');
    } catch {
      // The engine's message would quote the pattern, which may itself be private.
      throw new UsageError('--match is not a valid regular expression (check brackets, parentheses and escapes).', 'bad_forget_pattern');
    }
    return (e) => re.test(e.text);
  }
  const text = s.text!;
  // The store holds texts as the task's policy left them: match both spellings.
  const forms = new Set([text, redact(text)]);
  if (policy === 'pseudonymize' && key) forms.add(redact(text, { key }));
  return (e) => forms.has(e.text);
}

function checkLabelsRemain(task: string, version: number, labels: readonly string[], keep: readonly StoredExample[]): void {
  const left = new Set(keep.map((e) => e.label));
  const gone = labels.filter((l) => !left.has(l));
  if (gone.length > 0) {
    throw new DataError(
      `Forgetting these examples would leave label(s) ${gone.join(', ')} of task "${task}" version ${version} with no examples, ` +
        'so no head with the task\'s labels could be refitted; nothing was changed. Add examples of those labels first, or delete the task.',
      'forget_empties_label',
    );
  }
}
