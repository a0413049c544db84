/**
 * "Choose once per size": a learning curve's size searches its hyper-parameters (logistic's C,
 * knn's k) on its first seed's sample only, and its other seeds fit that choice instead of
 * searching again. The bake-off's per-class curve and advise's proportional curve both measure
 * this way; this module is the rule they share for the strategy the other seeds fit.
 *
 * What stays honest: the choice is made by the first seed's inner cross-validation on that
 * sample's training rows only, so no held-out (test) row is seen by any choice, and every seed
 * still fits and is scored on its own sample. What changes: the spread over seeds no longer
 * includes the variance of choosing the value (every seed but the first uses the first one's).
 */
import { UsageError } from '../core/index.js';
import { createStrategy } from '../heads/index.js';
import type { FitDiagnostics, Strategy } from '../heads/index.js';

/**
 * The strategy with hyper-parameters another fit of it chose (`diagnostics.chosen`, e.g.
 * logistic's C) set, so fitting it skips the search. `base` is a strategy, whose own settings
 * (those that differ from its kind's defaults) are kept, or a kind, meaning its default
 * strategy. Nothing chosen, or a chosen value that is not one of the kind's parameters: `base`
 * itself (searching as before). A head's size and speed depend on its kind and rows, not on the
 * value of C or k, so advise measures its best head at the curve's choice.
 *
 * @example
 * const s = strategyWithChosen('logistic', firstSeedHead.diagnostics.chosen); // logistic at that C: one fit instead of a C search
 * const t = strategyWithChosen(createStrategy('logistic', { classWeight: 'balanced' }), { C: 10 }); // balanced, at C = 10
 */
export function strategyWithChosen(base: string | Strategy, chosen: FitDiagnostics['chosen'] | undefined): Strategy {
  const strategy = typeof base === 'string' ? createStrategy(base) : base;
  if (!chosen || Object.keys(chosen).length === 0) return strategy;
  try {
    return createStrategy(strategy.kind, { ...ownSettings(strategy), ...chosen });
  } catch (e) {
    if (e instanceof UsageError) return strategy;
    throw e;
  }
}

/** A strategy's parameters that differ from its kind's default strategy's (compared as JSON). */
function ownSettings(strategy: Strategy): Record<string, unknown> {
  const defaults = createStrategy(strategy.kind).params as Record<string, unknown>;
  const own = Object.entries(strategy.params as Record<string, unknown>)
    .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(defaults[key]));
  return Object.fromEntries(own);
}
