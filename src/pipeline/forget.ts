/**
 * Exact unlearning: forget training examples of a task as if they had never been given.
 * Every live version trained on them is refitted from scratch on what remains (same
 * strategy, parameters and seed, so the new head is bit-for-bit the head a fresh fit
 * would give), the old versions' weights and examples are deleted (zeroed on disk, not
 * hidden), the examples' cached embeddings are deleted (but for texts another task still
 * holds: the promise is per task, docs/forget.md), and an audit record says what happened in
 * hashes only.
 *
 * A sharded head (by `shards`, or by default on large logistic fits: fit-shards.ts) keeps its
 * shard count S, which is part of its saved strategy: the refit is a fresh fit with `shards: S`,
 * and refits only the shards that held the forgotten rows. A fresh fit without `shards` of what
 * remains chooses the same S unless the example count sits on one of the default rule's
 * boundaries.
 */
import { availableParallelism } from 'node:os';
import { DataError, LabelSet, NotFoundError, UsageError, hashExamples, keyedDigest, rowDigests, throwIfAborted } from '../core/index.js';
import type { JobOptions, PseudonymKey } from '../core/index.js';
import { matchTexts } from '../data/index.js';
import { refitOodDetector } from '../eval/index.js';
import type { OodDetectorJSON } from '../eval/index.js';
import { createStrategy } from '../heads/index.js';
import { UnlearningStore } from '../store/index.js';
import type { StoredExample, WalWipe } from '../store/index.js';
import { PII_TYPES, lookupDigests, pseudonym, redact } from '../privacy/index.js';
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
  /** The example's id (the file's `id` column, or `NAME:LINE`: the file's name without its extension, and the line). */
  id?: string;
  /**
   * A private value (a person's e-mail address, phone number, ...): every example whose raw
   * text held it, found through the keyed finding index stored with redacted texts, through its
   * pseudonym in pseudonymized texts, or as it is in raw (`allow`) texts.
   */
  value?: string;
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
  /** Cached vectors deleted (every backbone). */
  embeddingsDeleted: number;
  /** Forgotten texts that another task still holds: their cached vectors stay, for that task. */
  embeddingsKept: number;
  liveVersion: number | null;
  auditId: number;
  seconds: number;
  /**
   * Where the time went, wall-clock seconds: finding the examples, reading embeddings, refitting heads, refitting novelty
   * detectors, writing (one transaction), emptying the log, rebuilding the file. The phases add up to `seconds`.
   */
  timings: ForgetTimings;
  /** The same phases in CPU seconds of this process (all its threads). */
  cpu: ForgetTimings;
  /**
   * Whether the removed bytes have left the database files. `complete: false` when another
   * process held an old snapshot for longer than the wait: the bytes are in `graft.db-wal` or
   * the main file until the wipe can run, which the next open of the store does (the audit
   * record's `wipe.status` then turns `complete`). Shells must not say "forgot" without it.
   */
  wipe: WalWipe;
}

export interface ForgetTimings {
  /** Reading the task's stored examples and versions, and selecting what to forget. */
  find: number;
  embed: number;
  /** Refitting the heads, with hashing their rows and encoding the new heads. */
  refit: number;
  novelty: number;
  /** The one transaction that saves the new versions and deletes the old ones, the examples and their vectors, with the audit record. */
  write: number;
  /** The checkpoint that empties the write-ahead log, so the deleted bytes leave both files. */
  wipe: number;
  compact: number;
}

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
  /** How long to wait for other readers before reporting the wipe as pending, ms (default 5,000). */
  wipeTimeoutMs?: number;
}

export async function forget(ws: WorkspaceContext, taskName: string, selector: ForgetSelector, opts: ForgetOptions = {}): Promise<ForgetResult> {
  const t0 = performance.now();
  const timings: ForgetTimings = { find: 0, embed: 0, refit: 0, novelty: 0, write: 0, wipe: 0, compact: 0 };
  const cpu: ForgetTimings = { ...timings };
  let wallMark = t0;
  let cpuMark = process.cpuUsage();
  /** Charges the time since the last lap to `key`: every moment of the forget lands in one phase. */
  const lap = (key: keyof ForgetTimings): void => {
    const now = performance.now();
    timings[key] += (now - wallMark) / 1000;
    const c = process.cpuUsage(cpuMark);
    cpu[key] += (c.user + c.system) / 1e6;
    wallMark = now;
    cpuMark = process.cpuUsage();
  };
  const task = ws.tasks.getTask(taskName);
  const store = new UnlearningStore(ws.db);
  const novelty = ws.novelty;
  const stored = store.liveExamples(task.name);
  const keys = ws.keys();
  const removed = await selectTexts(stored, selector, { policy: task.privacy, keys: keys.all(), store, task: task.name, signal: opts.signal });
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
    lap('find');
    const { X } = await embedTexts(ws, versionBackbone(task.backbone, hv.backboneSpec), texts, opts);
    lap('embed');
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
    const headJson = head.toJSON();
    const dataHash = hashExamples(texts, labelNames);
    lap('refit');
    // The detector reuses the held-out searches of the old one that the forgotten rows did not touch.
    const blocks = opts.novelty === 'drop' ? undefined : novelty.get<OodDetectorJSON['blocks']>(task.name, version, '$.blocks');
    const ood = opts.novelty === 'drop' ? undefined : refitOodDetector(X, y, labels.length, { seed: hv.seed, signal: opts.signal, rowDigests: digests }, { blocks });
    const detector = ood?.detector.toJSON();
    lap('novelty');
    refits.push({
      from: version, kind: hv.kind, strategy: hv.strategy, seed: hv.seed, keep, backboneSpec: hv.backboneSpec,
      head: headJson, detector, dataHash, shards, novelty: ood && { searched: ood.searched, pairs: ood.pairs },
    });
  }
  throwIfAborted(opts.signal);

  const at = ws.now().toISOString();
  const hashes = [...removed].sort();
  const removedRows = refits.reduce((n, r) => n + (byVersion.get(r.from)!.length - r.keep.length), 0);
  lap('find');
  const auditKey = keys.current();
  const { value: result, wipe } = store.secureDelete(() => {
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
    const { deleted: embeddingsDeleted, kept: embeddingsKept } = store.deleteEmbeddings(task.name, hashes);
    const live = task.liveVersion === null ? null : refitted.find((r) => r.from === task.liveVersion)?.to ?? task.liveVersion;
    store.setLive(task.name, live);
    const seconds = (performance.now() - t0) / 1000;
    // Keyed digests, not plain hashes: a guess of what was forgotten cannot be confirmed without the key.
    const entry = ws.audit.append(task.name, 'forget', {
      selector: selectorKind(selector),
      keyId: auditKey.id,
      selectorHash: hexOf(keyedDigest(auditKey, 'forget-selector', selector.text ?? selector.match ?? selector.id ?? selector.value ?? '')),
      removedTexts: hashes.length,
      removedRows,
      removedHashes: hashes.map((h) => hexOf(keyedDigest(auditKey, 'forgotten-text', h))),
      refitted,
      deletedVersions: refits.map((r) => r.from),
      embeddingsDeleted,
      embeddingsKept,
      liveVersion: live,
      seconds: Math.round(seconds * 1000) / 1000,
      // Set to complete (with the time) once the bytes have left the files: now, or on a later open.
      wipe: { status: 'pending' },
    });
    store.markWipe(task.name, entry.id, at);
    return {
      task: task.name, removedTexts: hashes.length, removedRows, removedHashes: hashes, refitted,
      deletedVersions: refits.map((r) => r.from), embeddingsDeleted, embeddingsKept, liveVersion: live, auditId: entry.id, seconds, timings, cpu,
    };
  }, { timeoutMs: opts.wipeTimeoutMs, onCommitted: () => lap('write') });
  ws.heads.invalidate(); // written outside ws.write (secureDelete): restored heads of the old versions must go
  lap('wipe');
  let finalWipe = wipe;
  // A file written without secure_delete at some point can still hold old copies of rows in
  // free space: rebuilding it leaves only live content (once; after that, frees are zeroed).
  if (opts.compact === true || (opts.compact === undefined && store.needsCompaction())) {
    finalWipe = store.compact({ timeoutMs: opts.wipeTimeoutMs });
    lap('compact');
  }
  return { ...result, wipe: finalWipe, seconds: (performance.now() - t0) / 1000 };
}

function hexOf(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

function selectorKind(s: ForgetSelector): 'text' | 'match' | 'id' | 'value' {
  return s.text !== undefined ? 'text' : s.match !== undefined ? 'match' : s.id !== undefined ? 'id' : 'value';
}

interface SelectContext {
  policy: string;
  keys: readonly PseudonymKey[];
  store: UnlearningStore;
  task: string;
  signal?: AbortSignal;
}

/** Text hashes of the stored examples that exactly one selector picks. */
async function selectTexts(stored: readonly StoredExample[], s: ForgetSelector, c: SelectContext): Promise<Set<string>> {
  const given = [s.text, s.match, s.id, s.value].filter((v) => v !== undefined);
  if (given.length !== 1) throw new UsageError('Give exactly one of --text, --match, --id or --value to say what to forget.', 'bad_forget_selector');
  const hashes = (pick: (e: StoredExample) => boolean): Set<string> => new Set(stored.filter(pick).map((e) => e.textHash));
  if (s.id !== undefined) return hashes((e) => e.id === s.id);
  if (s.match !== undefined) {
    // In a worker with a time limit: a pattern like (a+)+$ must not hang the process.
    const hits = await matchTexts(s.match, stored.map((e) => e.text), { name: '--match', signal: c.signal });
    return new Set(hits.map((i) => stored[i]!.textHash));
  }
  if (s.value !== undefined) {
    const value = s.value.trim();
    if (value === '') throw new UsageError('--value is empty; give the private value to forget, e.g. an e-mail address.', 'bad_forget_selector');
    const indexed = new Set(c.store.textsWithFinding(c.task, lookupDigests(value, c.keys)));
    // Pseudonymized texts hold the value's pseudonym under the key they were made with.
    const tokens = c.policy === 'pseudonymize' ? c.keys.flatMap((k) => PII_TYPES.map((t) => pseudonym(t, value, k.key))) : [];
    return hashes((e) => indexed.has(e.textHash) || (c.policy === 'allow' && e.text.includes(value)) || tokens.some((t) => e.text.includes(t)));
  }
  const text = s.text!;
  // The store holds texts as the task's policy left them: match every spelling.
  const forms = new Set([text, redact(text)]);
  if (c.policy === 'pseudonymize') for (const k of c.keys) forms.add(redact(text, { key: k.key }));
  return hashes((e) => forms.has(e.text));
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
