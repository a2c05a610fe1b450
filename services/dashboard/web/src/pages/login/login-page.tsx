import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from '../../api/client';
import type { SessionResponse } from '../../api/types';
import { FormError } from '../../components/status';

function loginError(err: unknown): string {
  if (err instanceof ApiError && err.status === 429) {
    const wait = err.retryAfterSeconds ? ` Try again in ${Math.ceil(err.retryAfterSeconds / 60)} min.` : '';
    return `Too many attempts.${wait}`;
  }
  if (err instanceof ApiError && err.status === 401) return 'Wrong email or password.';
  return errorMessage(err);
}

export function LoginPage({ onLoggedIn }: { onLoggedIn: (session: SessionResponse) => void }): JSX.Element {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await api.post<SessionResponse>(
        '/api/v1/login',
        { email, password },
        { quiet401: true },
      );
      onLoggedIn(session);
    } catch (err) {
      setError(loginError(err));
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form class="login__card" onSubmit={(e) => void submit(e)} aria-label="Log in">
        <h1 class="login__title">
          <img src="/assets/favicon.svg" alt="" width={28} height={28} /> Crumbtrail
        </h1>
        <p class="muted">What customers say about your brands, as it happens.</p>
        <label class="field">
          Email
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <FormError message={error} />
        <button type="submit" class="button button--primary button--wide" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
