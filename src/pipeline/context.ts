/**
 * What the workflows of a workspace run on: the store, the backbones, the privacy key, the
 * clock and the logger — the dependencies `openWorkspace(deps)` was given. Internal to the
 * pipeline: shells (CLI, server) see only the `Workspace` methods, so none of them can reach
 * the store or a backbone without the privacy stage and the audit record in front of it.
 */
import { createBackbone, backboneCachePolicy, isBackboneKind, CachedBackbone, MemoryEmbeddingCache } from '../backbones/index.js';
import type { Backbone, EmbedStats, EmbeddingCache } from '../backbones/index.js';
import { loadNer, parseRegions } from '../privacy/index.js';
import type { NerStage } from '../privacy/index.js';
import { openDb, graftHome, SqliteEmbeddingCache, TaskStore, RunStore, AuditLog, NoveltyStore, PseudonymKeys, writeTransaction } from '../store/index.js';
import type { Db } from '../store/index.js';
import { ConcatBackbone, backboneParts } from './backbones.js';
import type { WorkspaceBackbone } from './backbones.js';
import { HeadCache } from './head-cache.js';

/**
 * Where a workspace logs (pino's call shape: fields first, then the message). Library code
 * never writes to the console; the CLI and server pass their own logger.
 */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Opens a backbone by name (`use-lite`, `hashing`, ...). Nothing may load before its first `embed`. */
export type BackboneFactory = (name: string) => Backbone;

export interface WorkspaceDeps {
  /** Folder holding `graft.db` (default `$GRAFT_HOME`, else `./.graft`). Ignored when `db` is given. */
  home?: string;
  /** An open database to use instead of `home/graft.db` (closed with the workspace). */
  db?: Db;
  /** How backbones are opened (default: graft's registry). Tests pass a recording one. */
  backbones?: BackboneFactory;
  /** The pseudonymization key, or a function giving it (default: the store's key, created on first use). */
  pseudonymKey?: Uint8Array | (() => Uint8Array);
  /** Clock for every timestamp the workspace writes (default: the system clock). */
  now?: () => Date;
  /** Logger (default: silent). */
  logger?: Logger;
  /** How the privacy stage finds private data, the same for every operation (default: the rules, every default region). */
  detection?: DetectionSettings;
  /** Told of every embedding pass through the cache (texts, cache hits, truncated): a server's metrics. */
  onEmbed?: (backbone: string, stats: EmbedStats) => void;
  /**
   * Open the store for reading only (`true`), or only when its folder or file cannot be written,
   * e.g. a read-only volume (`'auto'`). Default false. A read-only workspace predicts and lists;
   * new vectors stay in memory and any change fails with StoreError `store_read_only`.
   */
  readOnly?: boolean | 'auto';
  /**
   * Called before each write of a result (a version, a run, a deploy, ...); what it throws stops
   * the write before it starts. A job thread uses it to take its point of no return: a cancel
   * that came first stops the job with nothing written, one that comes after waits for it.
   */
  beforeWrite?: () => void;
}

/**
 * Settings of the privacy stage's detection that hold for a whole workspace, so a task's
 * training texts and the inputs it later predicts are cleaned alike.
 */
export interface DetectionSettings {
  /** Countries whose national phone numbers and postal codes the rules read (`DE,FR` or a list; default: DEFAULT_REGIONS). */
  regions?: string | readonly string[];
  /** A token-classification model for names, places and organizations: `onnx:DIR`, or a loaded stage (not disposed by the workspace). */
  ner?: string | NerStage;
}

/** What detection adds to the rules for one batch of texts: regions, and an NER stage prepared on those texts. */
export interface DetectionFor {
  regions?: readonly string[];
  ner?: NerStage;
}

const SILENT: Logger = { debug() {}, info() {}, warn() {} };

export interface WorkspaceContext {
  readonly home: string;
  readonly db: Db;
  readonly cache: SqliteEmbeddingCache;
  readonly tasks: TaskStore;
  readonly runs: RunStore;
  readonly audit: AuditLog;
  readonly novelty: NoveltyStore;
  readonly now: () => Date;
  readonly log: Logger;
  /** Told of every embedding pass (see WorkspaceDeps.onEmbed). */
  readonly onEmbed: (backbone: string, stats: EmbedStats) => void;
  /**
   * The named backbone behind the embedding cache; opened once, model loaded lazily. Names
   * joined with `+` (`use-lite+hashing`) give their embeddings side by side, each part cached on its own.
   */
  backbone(name: string): WorkspaceBackbone;
  /** The pseudonymization key (read or created on first use): `keys().current().key`. */
  pseudonymKey(): Uint8Array;
  /** The detection settings, with the NER stage (loaded on first use) prepared on `texts`. */
  detectionFor(texts: readonly string[]): Promise<DetectionFor>;
  /**
   * The detection settings as another thread can open them (regions, an `onnx:DIR` NER spec), or
   * undefined when the NER stage was handed over already loaded: no other thread can share it.
   */
  readonly detection: { regions?: readonly string[]; ner?: string } | undefined;
  /** The store's pseudonymization keys (key file, GRAFT_PSEUDONYM_KEY, or the key given in the deps first). */
  keys(): PseudonymKeys;
  /** Runs `fn` as one write transaction (taken at once, so writers queue instead of failing half-way). */
  write<T>(fn: () => T): T;
  /** Restored heads for predictions, emptied when the store changes (see HeadCache). */
  readonly heads: HeadCache<unknown>;
  close(): Promise<void>;
}

export function createContext(deps: WorkspaceDeps = {}): WorkspaceContext {
  const home = deps.home ?? graftHome();
  const now = deps.now ?? (() => new Date());
  // Backbones that keep files (hf: models) keep them in this workspace's home, wherever it was found.
  const factory = deps.backbones ?? ((name: string) => createBackbone(name, undefined, { home }));
  const open = new Map<string, CachedBackbone>();
  let given = typeof deps.pseudonymKey === 'function' ? undefined : deps.pseudonymKey;
  let ring: PseudonymKeys | undefined;
  // The database is opened on first use: a scan, say, never needs it (nor creates $GRAFT_HOME).
  let store: Store | undefined;
  const s = (): Store => (store ??= openStore(deps.db ?? openDb(home, { readOnly: deps.readOnly }), now));
  const regions = deps.detection?.regions !== undefined ? parseRegions(deps.detection.regions) : undefined;
  const nerGiven = deps.detection?.ner;
  let ner: Promise<NerStage> | undefined = typeof nerGiven === 'object' ? Promise.resolve(nerGiven) : undefined;
  const ctx: WorkspaceContext = {
    home,
    detection: typeof nerGiven === 'object' ? undefined
      : { ...(regions ? { regions } : {}), ...(nerGiven !== undefined ? { ner: nerGiven } : {}) },
    get db() { return s().db; },
    get cache() { return s().cache; },
    get tasks() { return s().tasks; },
    get runs() { return s().runs; },
    get audit() { return s().audit; },
    get novelty() { return s().novelty; },
    now,
    log: deps.logger ?? SILENT,
    onEmbed: deps.onEmbed ?? (() => {}),
    backbone(name: string): WorkspaceBackbone {
      const parts = backboneParts(name);
      if (parts.length > 1) return new ConcatBackbone(parts.map((p) => ctx.backbone(p)));
      let b = open.get(name);
      if (!b) {
        // Each kind's registry entry says where its vectors are cached (hashing's: nowhere).
        const kind = name.split(':', 1)[0]!;
        const uncached = isBackboneKind(kind) && backboneCachePolicy(kind) === 'none';
        b = new CachedBackbone(factory(name), uncached ? null : s().db.readonly ? new ReadOnlyCache(s().cache) : s().cache);
        open.set(name, b);
      }
      return b;
    },
    pseudonymKey(): Uint8Array {
      return ctx.keys().current().key;
    },
    keys(): PseudonymKeys {
      if (given === undefined && typeof deps.pseudonymKey === 'function') given = deps.pseudonymKey();
      return (ring ??= PseudonymKeys.open(s().db, given ? { keys: [given] } : {}));
    },
    async detectionFor(texts: readonly string[]): Promise<DetectionFor> {
      if (typeof nerGiven === 'string') ner ??= loadNer(nerGiven);
      const stage = ner ? await ner : undefined;
      if (stage && texts.length > 0) await stage.prepare(texts);
      return { ...(regions ? { regions } : {}), ...(stage ? { ner: stage } : {}) };
    },
    write<T>(fn: () => T): T {
      deps.beforeWrite?.();
      try {
        // IMMEDIATE, retried while another process holds the write lock (store's writeTransaction).
        return writeTransaction(s().db, fn);
      } finally {
        ctx.heads.invalidate();
      }
    },
    get heads() { return s().heads; },
    async close(): Promise<void> {
      if (typeof nerGiven === 'string' && ner) await (await ner.catch(() => undefined))?.dispose();
      await Promise.all([...open.values()].map((b) => b.close()));
      open.clear();
      store?.db.close();
      if (!store && deps.db) deps.db.close();
    },
  };
  return ctx;
}

/** A read-only store's cache: vectors are read from the file; new ones are kept in memory only. */
class ReadOnlyCache implements EmbeddingCache {
  private readonly fresh = new MemoryEmbeddingCache();

  constructor(private readonly stored: SqliteEmbeddingCache) {}

  async getMany(backbone: string, textHashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = await this.stored.getMany(backbone, textHashes);
    const rest = textHashes.filter((h) => !found.has(h));
    for (const [h, v] of this.fresh.getMany(backbone, rest)) found.set(h, v);
    return found;
  }

  putMany(backbone: string, entries: ReadonlyMap<string, Float32Array>): void {
    this.fresh.putMany(backbone, entries);
  }
}

interface Store {
  db: Db;
  heads: HeadCache<unknown>;
  cache: SqliteEmbeddingCache;
  tasks: TaskStore;
  runs: RunStore;
  audit: AuditLog;
  novelty: NoveltyStore;
}

function openStore(db: Db, now: () => Date): Store {
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  return {
    db, heads: new HeadCache(() => dataVersion.get() as number), cache: new SqliteEmbeddingCache(db), tasks: new TaskStore(db, { now }), runs: new RunStore(db, { now }),
    audit: new AuditLog(db, { now }), novelty: new NoveltyStore(db),
  };
}
