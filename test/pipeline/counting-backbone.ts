import type { Backbone } from '../../src/backbones/index.js';

/**
 * A backbone wrapper that counts embed calls (proves that texts are embedded once per backbone)
 * and records every text it was given (proves what reached the backbone). `id` can be renamed,
 * so that one real backbone can stand in for another kind in a workspace.
 */
export class CountingBackbone implements Backbone {
  calls = 0;
  readonly seen: string[] = [];
  constructor(private readonly inner: Backbone, private readonly as?: string) {}
  get id(): string { return this.as ?? this.inner.id; }
  get dim(): number { return this.inner.dim; }
  embed(texts: readonly string[]) { this.calls++; this.seen.push(...texts); return this.inner.embed(texts); }
  close() { return this.inner.close(); }
}
