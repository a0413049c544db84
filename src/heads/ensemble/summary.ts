/** What an ensemble's selection found, in words results can show. */
export interface EnsembleSummary {
  /** `vote` or `stack` when the ensemble was kept; `member` when one member won. */
  chosen: 'vote' | 'stack' | 'member';
  /** Member names, e.g. `logistic on use-lite`. */
  members: string[];
  /** The member that predicts alone when `chosen` is `member`. */
  member?: string;
  memberAccuracy: number[];
  voteAccuracy: number | null;
  stackAccuracy?: number;
  /** One-sided McNemar p-value of the ensemble against its best member. */
  p: number;
  alpha: number;
}
