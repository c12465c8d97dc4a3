'use client';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'next/navigation';
import { ApiCallError, login } from '../../client/api';

/** Only same-site paths: `next` comes from the URL, so it must not send the user elsewhere. */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginForm() {
  const params = useSearchParams();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(token.trim());
      window.location.assign(safeNext(params.get('next')));
    } catch (err) {
      setError(err instanceof ApiCallError && err.status === 401 ? 'That token is not right. tools/up prints it (and keeps it in .helios/supervisor.token).' : (err as Error).message);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="w-full max-w-sm rounded-xl border border-neon-cyan/30 bg-abyss-900/80 p-8 shadow-[0_0_40px_rgba(0,229,255,0.15)]" aria-label="log in">
      <h1 className="mb-1 text-2xl font-semibold tracking-wide text-neon-cyan">Helios</h1>
      <p className="mb-6 text-sm text-slate-400">Supervisor access token</p>
      <label htmlFor="token" className="mb-2 block text-xs uppercase tracking-widest text-slate-400">
        Token
      </label>
      <input
        id="token"
        name="token"
        type="password"
        autoComplete="current-password"
        autoFocus
        required
        value={token}
        onChange={(e) => setToken(e.target.value)}
        className="mb-4 w-full rounded-md border border-abyss-700 bg-abyss-950 px-3 py-2 font-mono text-slate-100 outline-none focus:border-neon-cyan"
      />
      {error && (
        <p role="alert" className="mb-4 text-sm text-neon-red">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || token.trim() === ''} className="w-full rounded-md bg-neon-cyan/90 px-4 py-2 font-semibold text-abyss-950 transition hover:bg-neon-cyan disabled:opacity-40">
        {busy ? 'Checking…' : 'Log in'}
      </button>
    </form>
  );
}
