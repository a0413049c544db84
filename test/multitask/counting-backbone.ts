import type { Backbone } from '../../src/backbones/index.js';

/** A backbone wrapper that counts embed calls: proves that texts are embedded once per backbone. */
export class CountingBackbone implements Backbone {
  calls = 0;
  constructor(private readonly inner: Backbone) {}
  get id(): string { return this.inner.id; }
  get dim(): number { return this.inner.dim; }
  embed(texts: readonly string[]) { this.calls++; return this.inner.embed(texts); }
  close() { return this.inner.close(); }
}
