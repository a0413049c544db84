/**
 * A workspace: the open database and what sits on it (embedding cache, task and run
 * repositories), plus the backbones opened so far. One per CLI invocation or server.
 */
import { createBackbone, CachedBackbone, MemoryEmbeddingCache } from '../backbones/index.js';
import { openDb, graftHome, SqliteEmbeddingCache, TaskStore, RunStore, AuditLog } from '../store/index.js';
import type { Db } from '../store/index.js';
import { ConcatBackbone, backboneParts } from './backbones.js';
import type { WorkspaceBackbone } from './backbones.js';

export interface Workspace {
  home: string;
  db: Db;
  cache: SqliteEmbeddingCache;
  tasks: TaskStore;
  runs: RunStore;
  audit: AuditLog;
  /**
   * The named backbone behind the embedding cache; opened once, model loaded lazily. Names
   * joined with `+` (`use-lite+hashing`) give their embeddings side by side, each part cached on its own.
   */
  backbone(name: string): WorkspaceBackbone;
  close(): Promise<void>;
}

/**
 * Opens the workspace in `home` (default `$GRAFT_HOME` or `./.graft`).
 *
 * @example
 * const ws = openWorkspace();
 * try { ... } finally { await ws.close(); }
 */
export function openWorkspace(home: string = graftHome()): Workspace {
  const db = openDb(home);
  const cache = new SqliteEmbeddingCache(db);
  const open = new Map<string, CachedBackbone>();
  return {
    home,
    db,
    cache,
    tasks: new TaskStore(db),
    runs: new RunStore(db),
    audit: new AuditLog(db),
    backbone(name: string): WorkspaceBackbone {
      const parts = backboneParts(name);
      if (parts.length > 1) return new ConcatBackbone(parts.map((p) => this.backbone(p)));
      let b = open.get(name);
      if (!b) {
        // The hashing backbone costs less to compute than to look up: keep it out of the file.
        b = new CachedBackbone(createBackbone(name), name === 'hashing' ? new MemoryEmbeddingCache() : cache);
        open.set(name, b);
      }
      return b;
    },
    async close(): Promise<void> {
      await Promise.all([...open.values()].map((b) => b.close()));
      open.clear();
      db.close();
    },
  };
}
