/** A server's refusal as it said it: message, then each issue at its place (file:line:column). */
import { ApiError } from '../api';

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class="error" role="alert">
      <p><strong>{e ? `${e.status} ${e.code}` : 'Error'}</strong>: {message}</p>
      {e && e.issues.length > 0 && (
        <ul class="issues" aria-label="Issues">
          {e.issues.slice(0, 200).map((i, k) => (
            <li key={k}><code>{i.path}</code> {i.message} <span class="muted">({i.code})</span></li>
          ))}
          {e.issues.length > 200 && <li>… and {e.issues.length - 200} more</li>}
        </ul>
      )}
    </div>
  );
}
