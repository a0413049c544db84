/**
 * Meta-strategies around any strategy object (scikit-learn's meta-estimators): temperature
 * scaling and sharding. `createStrategy('calibrated' | 'sharded', ...)` builds the same from a
 * kind and params; these take a strategy as it is (a user's own, a bake-off's wrapper).
 */
import { UsageError } from '../core/index.js';
import type { Strategy } from './head.js';
import { CalibratedStrategy } from './calibrated/index.js';
import { ShardedStrategy } from './sharded/index.js';
import { HEADS } from './registry.js';
import { tagsOf } from './tags.js';

/**
 * `base` wrapped in temperature scaling fitted on out-of-fold probabilities.
 *
 * @example
 * const head = await calibrated(createStrategy('knn')).fit(X, y, { seed: 1, labels });
 */
export function calibrated(base: Strategy, opts: { folds?: number } = {}): Strategy {
  return new CalibratedStrategy(base, opts, HEADS);
}

/**
 * The strategy a task saves by default: calibrated when its tags allow (a wrapper over one
 * base, such as sharded, calibrates its base: every shard's sub-head); unchanged otherwise.
 */
export function withCalibration(strategy: Strategy): Strategy {
  if (!tagsOf(strategy).calibratable) return strategy;
  return strategy.mapBase ? strategy.mapBase(withCalibration) : calibrated(strategy);
}

/**
 * `base` split into `shards` sub-heads on disjoint shards of the rows (SISA unlearning);
 * UsageError for a strategy whose tags say it cannot be.
 *
 * @example
 * const s = withShards(createStrategy('logistic'), 8);
 */
export function withShards(base: Strategy, shards: number): Strategy & Required<Pick<Strategy, 'refit'>> {
  if (!tagsOf(base).shardable) {
    throw new UsageError(
      `--shards splits one head kind (${HEADS.kindsWhere((t) => t.shardable).join(', ')}) into sub-heads; it cannot shard a head of kind ${base.kind}. ` +
        'Drop --shards, or choose one of those strategies.',
      'bad_shards',
    );
  }
  return new ShardedStrategy(base, shards, HEADS);
}
