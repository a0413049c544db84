/** A bake-off's leaderboard: each entry's held-out accuracy with its 95% interval, and whether the lead is significant. */
import { interval, num, pct } from '../format';
import type { BakeoffResult } from '../types';

export function Leaderboard({ r, choose, chosen }: { r: BakeoffResult; choose?: (entry: number) => void; chosen?: number }) {
  const cmp = r.comparison;
  return (
    <>
      <div class="scroll" tabIndex={0} role="region" aria-label="Leaderboard">
        <table class="leaderboard">
          <caption>Leaderboard ({r.method === 'cv' ? `${r.folds ?? '?'}-fold cross-validation` : `${r.testRows} test rows`}, {r.trainRows} training rows)</caption>
          <thead>
            <tr>
              {choose && <th scope="col">Fit</th>}
              <th scope="col">Rank</th><th scope="col">Backbone</th><th scope="col">Strategy</th><th scope="col">Accuracy</th>
              <th scope="col">95% interval</th><th scope="col">Macro F1</th><th scope="col">Train − held-out</th><th scope="col">ECE before → after</th>
            </tr>
          </thead>
          <tbody>
            {r.ranking.map((i, rank) => {
              const e = r.entries[i]!;
              return (
                <tr key={i}>
                  {choose && (
                    <td><input type="radio" name="entry" id={`entry-${i}`} checked={chosen === i} onChange={() => choose(i)}
                      aria-label={`Fit ${e.strategy} on ${e.backbone}`} /></td>
                  )}
                  <td class="num">{rank + 1}</td>
                  <td><code>{e.backbone}</code></td>
                  <td>{e.strategy}</td>
                  <td class="num">{pct(e.accuracy.mean)}</td>
                  <td class="num">{interval(e.accuracy.ci95)}</td>
                  <td class="num">{pct(e.macroF1.mean)}</td>
                  <td class="num">{pct(e.gap)}{e.overfitting ? ' overfits' : ''}</td>
                  <td class="num">{e.calibration ? `${num(e.calibration.eceBefore)} → ${num(e.calibration.eceAfter)}` : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {cmp && (
        <p class="significance">
          {r.entries[cmp.a]!.strategy} vs {r.entries[cmp.b]!.strategy}: {cmp.diff >= 0 ? '+' : ''}{pct(cmp.diff)} (95% interval {interval(cmp.ci95)}, p = {num(cmp.p, 3)}, {cmp.test}):{' '}
          <strong>{cmp.significant ? 'a significant difference' : 'not a significant difference'}</strong>.
        </p>
      )}
      {r.backbones && (
        <ul aria-label="Backbones against the best">
          {r.backbones.map((b) => (
            <li key={b.backbone}><code>{b.backbone}</code> ({b.strategy}) {pct(b.accuracy.mean)}{b.vsBest ? `: ${pct(b.vsBest.diff)} vs the best, p = ${num(b.vsBest.p, 3)}${b.vsBest.significant ? ' (significant)' : ''}` : ' — the best'}</li>
          ))}
        </ul>
      )}
    </>
  );
}
