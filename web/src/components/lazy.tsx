/** A view loaded when first opened (its own chunk), so the first view's JavaScript stays small. */
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';

export function lazy<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function Lazy(props: P) {
    const [C, setC] = useState<ComponentType<P> | undefined>(() => loaded);
    const [error, setError] = useState<unknown>(null);
    useEffect(() => {
      if (!C) load().then((m) => { loaded = m.default; setC(() => m.default); }, setError);
    }, []);
    if (error) return <p role="alert">This view failed to load: {String(error)}. Reload the page.</p>;
    return C ? <C {...props} /> : <p aria-busy="true">Loading…</p>;
  };
}
