/** The preview of an upload: its labels, the private data the policy would redact, its first rows as stored. */
import type { Preview, Sample } from '../types';

/** A masked sample's context with the finding (`[mask]`) highlighted. */
export function MaskedContext({ s }: { s: Sample }) {
  const at = s.context.indexOf(`[${s.mask}]`);
  if (at < 0) return <span>{s.context}</span>;
  return <span>{s.context.slice(0, at)}<mark class="pii" title={s.type}>[{s.mask}]</mark>{s.context.slice(at + s.mask.length + 2)}</span>;
}

/** A stored text with its placeholders (`<EMAIL>`) highlighted. */
export function Redacted({ text }: { text: string }) {
  const parts = text.split(/(<[A-Z_]+(?:_[0-9a-f]{6,})?>)/g);
  return <>{parts.map((p, i) => (i % 2 === 1 ? <mark class="pii" key={i}>{p}</mark> : p))}</>;
}

export function PiiSummary({ byType, samples }: { byType: Record<string, number>; samples: Sample[] }) {
  const types = Object.entries(byType).sort((a, b) => b[1] - a[1]);
  if (types.length === 0) return <p>No private data found.</p>;
  return (
    <>
      <table class="pii-types">
        <caption>Findings by type</caption>
        <thead><tr><th scope="col">Type</th><th scope="col">Findings</th></tr></thead>
        <tbody>{types.map(([t, n]) => <tr key={t}><th scope="row">{t}</th><td class="num">{n}</td></tr>)}</tbody>
      </table>
      <ul class="samples" aria-label="Masked samples">
        {samples.map((s, i) => <li key={i}><code>{s.path}</code> <strong>{s.type}</strong>: <MaskedContext s={s} /></li>)}
      </ul>
    </>
  );
}

export function PreviewPanel({ p }: { p: Preview }) {
  return (
    <div class="preview">
      <p><strong>{p.file}</strong>: {p.rows} rows, {p.labels.length} labels{p.duplicates ? `, ${p.duplicates} exact duplicates` : ''}{p.multiLabel ? ', multi-label' : ''}.</p>
      <div class="grid2">
        <div>
          <h3>Labels</h3>
          <div class="scroll short" tabIndex={0} role="region" aria-label="Labels">
            <table><thead><tr><th scope="col">Label</th><th scope="col">Rows</th></tr></thead>
              <tbody>{p.labels.map((l) => <tr key={l.label}><th scope="row">{l.label}</th><td class="num">{l.count}</td></tr>)}</tbody></table>
          </div>
        </div>
        <div>
          <h3>Private data the policy will {p.privacy.policy === 'allow' ? 'keep (policy allow)' : p.privacy.policy === 'refuse' ? 'refuse' : 'redact'}</h3>
          <p>{p.privacy.findings} findings in {p.privacy.textsWithFindings} of {p.rows} texts.</p>
          <PiiSummary byType={p.privacy.byType} samples={p.privacy.samples} />
        </div>
      </div>
      <h3>First rows as they will be stored</h3>
      <div class="scroll" tabIndex={0} role="region" aria-label="First rows">
        <table class="head-rows">
          <thead><tr><th scope="col">Line</th><th scope="col">Text</th><th scope="col">Label</th></tr></thead>
          <tbody>{p.head.map((r) => <tr key={r.line}><td class="num">{r.line}</td><td><Redacted text={r.text} /></td><td>{r.label}</td></tr>)}</tbody>
        </table>
      </div>
    </div>
  );
}
