/**
 * The dashboard: sign in with an API key, then the views its scope allows. A thin client of
 * the `/v1` API: every number and verdict on screen is the server's.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from './api';
import { can, getKey, setKey, setMe } from './session';
import type { Me } from './session';
import { ErrorBox } from './components/error';
import { lazy } from './components/lazy';
import { TasksView } from './views/tasks';
import './style.css';

const TryView = lazy(() => import('./views/try'));
const NewTaskView = lazy(() => import('./views/new-task'));
const RunsView = lazy(() => import('./views/runs'));
const AdviceView = lazy(() => import('./views/advice'));
const PrivacyView = lazy(() => import('./views/privacy'));

interface ViewDef { id: string; title: string; allowed: () => boolean }

const VIEWS: readonly ViewDef[] = [
  { id: 'tasks', title: 'Tasks', allowed: () => can('GET /v1/tasks') },
  { id: 'try', title: 'Try it', allowed: () => can('POST /v1/tasks/:task/predict') },
  { id: 'new', title: 'New task', allowed: () => can('POST /v1/uploads/preview') && can('POST /v1/evaluations') },
  { id: 'runs', title: 'Runs', allowed: () => can('GET /v1/runs') },
  { id: 'advice', title: 'Should we fine-tune?', allowed: () => can('GET /v1/runs') },
  { id: 'privacy', title: 'Privacy', allowed: () => can('POST /v1/uploads/scan') },
];

function useHash(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const on = () => setParts(read());
    addEventListener('hashchange', on);
    // Preact runs effects after paint: a hash change between the first render and now fired no listener.
    on();
    return () => removeEventListener('hashchange', on);
  }, []);
  return parts;
}

function SignIn({ onSignedIn, error }: { onSignedIn: (key: string) => void; error: unknown }) {
  const [key, setValue] = useState('');
  return (
    <main id="main" class="signin">
      <h1>graft</h1>
      <form onSubmit={(e) => { e.preventDefault(); onSignedIn(key.trim()); }}>
        <label for="api-key">API key</label>
        <input id="api-key" type="password" autocomplete="off" value={key} required
          onInput={(e) => setValue((e.target as HTMLInputElement).value)} aria-describedby="key-help" />
        <p id="key-help" class="muted">An admin creates one with <code>graft keys create --scope admin</code>. It is kept in this tab only (session storage).</p>
        <button type="submit" class="primary">Sign in</button>
      </form>
      <ErrorBox error={error} />
    </main>
  );
}

function App() {
  const [me, setMeState] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState(true);
  const parts = useHash();

  const signIn = async (key: string | null) => {
    setKey(key);
    setChecking(true);
    try {
      const m = await get<Me>('/v1/me');
      setMe(m);
      setMeState(m);
      setError(null);
    } catch (e) {
      setKey(null);
      setMe(null);
      setMeState(null);
      // Asking without a key is how we learn whether the server needs one: its 401 is not an error to show.
      setError(key === null && e instanceof ApiError && e.status === 401 ? null : e);
    } finally {
      setChecking(false);
    }
  };
  useEffect(() => { void signIn(getKey()); }, []);

  if (checking && !me) return <main id="main"><p aria-busy="true">Connecting…</p></main>;
  if (!me) return <SignIn onSignedIn={(k) => void signIn(k)} error={error} />;

  const views = VIEWS.filter((v) => v.allowed());
  const current = views.find((v) => v.id === parts[0]) ?? views[0];
  const rest = parts.slice(1);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header>
        <span class="brand">graft</span>
        <nav aria-label="Views">
          <ul>
            {views.map((v) => (
              <li key={v.id}><a href={`#/${v.id}`} aria-current={v === current ? 'page' : undefined}>{v.title}</a></li>
            ))}
          </ul>
        </nav>
        <span class="who">
          {me.key ? <>key <code>{me.key.id}</code> ({me.key.scope}{me.key.tasks ? `: ${me.key.tasks.join(', ')}` : ''})</> : 'no key needed (loopback)'}
          {me.key && <button type="button" onClick={() => { setKey(null); setMe(null); setMeState(null); location.hash = ''; }}>Sign out</button>}
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {!current && <p>This key may not use any view of the dashboard.</p>}
        {current?.id === 'tasks' && <TasksView name={rest[0]} />}
        {current?.id === 'try' && <TryView task={rest[0]} />}
        {current?.id === 'new' && <NewTaskView />}
        {current?.id === 'runs' && <RunsView ids={rest.filter((p) => p !== 'vs')} />}
        {current?.id === 'advice' && <AdviceView id={rest[0]} />}
        {current?.id === 'privacy' && <PrivacyView />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
