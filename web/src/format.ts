/** How numbers and dates read on every view. */
export const pct = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`;

export const num = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);

export const interval = (ci: readonly [number, number] | null | undefined): string =>
  ci ? `${pct(ci[0])} – ${pct(ci[1])}` : '–';

export const when = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace('T', ' ');
};

/** A metric from a version's or a task's metrics, as a number when it is one. */
export const metric = (m: Record<string, unknown> | null | undefined, name: string): number | null =>
  typeof m?.[name] === 'number' ? (m[name] as number) : null;
