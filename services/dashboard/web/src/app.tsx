import type { JSX } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, errorMessage, onUnauthorized, setCsrfToken } from './api/client';
import type { SessionResponse } from './api/types';
import { Layout } from './components/layout';
import { ErrorNote, Loading, NotFound } from './components/status';
import { matchRoute, paths, safeNextPath, type Route } from './lib/routes';
import { AlertPage } from './pages/alert/alert-page';
import { AlertsPage } from './pages/alerts/alerts-page';
import { BrandPage } from './pages/brand/brand-page';
import { InboxPage } from './pages/inbox/inbox-page';
import { LoginPage } from './pages/login/login-page';
import { MentionsPage } from './pages/mentions/mentions-page';
import { OverviewPage } from './pages/overview/overview-page';
import { SourcesPage } from './pages/sources/sources-page';
import { UsersPage } from './pages/users/users-page';
import { navigate, useLocation } from './router';
import { SessionContext, type SessionValue } from './session';

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'error'; message: string }
  | { status: 'ready'; session: SessionResponse };

function loginUrl(): string {
  const here = `${location.pathname}${location.search}`;
  return here === '/' || here.startsWith(paths.login())
    ? paths.login()
    : `${paths.login()}?next=${encodeURIComponent(here)}`;
}

function page(route: Route): JSX.Element {
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'brand':
      return <BrandPage brand={route.brand} />;
    case 'mentions':
      return <MentionsPage brand={route.brand} />;
    case 'inbox':
      return <InboxPage />;
    case 'alerts':
      return <AlertsPage />;
    case 'alert':
      return <AlertPage alertId={route.alertId} />;
    case 'sources':
      return <SourcesPage />;
    case 'users':
      return <UsersPage />;
    case 'login':
    case 'not-found':
      return <NotFound />;
  }
}

export function App(): JSX.Element {
  const location = useLocation();
  const route = matchRoute(location.pathname);
  // The login page does not probe the session (a 401 there is expected and would only clutter the console).
  const [state, setState] = useState<SessionState>({
    status: route.page === 'login' ? 'anonymous' : 'loading',
  });

  const load = useCallback(() => {
    api
      .get<SessionResponse>('/api/v1/session', { quiet401: true })
      .then((session) => {
        setCsrfToken(session.csrfToken);
        setState({ status: 'ready', session });
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'error', message: errorMessage(err) });
      });
  }, []);

  const probe = state.status === 'loading';
  useEffect(() => {
    if (probe) load();
  }, [probe, load]);
  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(undefined);
        setState({ status: 'anonymous' });
      }),
    [],
  );

  const loggedIn = state.status === 'ready';
  useEffect(() => {
    if (state.status === 'anonymous' && route.page !== 'login') navigate(loginUrl(), { replace: true });
    if (loggedIn && route.page === 'login')
      navigate(safeNextPath(location.params.get('next')), { replace: true });
  }, [state, route.page, loggedIn, location.params]);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/v1/logout');
    } finally {
      setCsrfToken(undefined);
      setState({ status: 'anonymous' });
      navigate(paths.login());
    }
  }, []);

  const value = useMemo<SessionValue | null>(
    () => (state.status === 'ready' ? { session: state.session, logout } : null),
    [state, logout],
  );

  if (route.page === 'login' && !loggedIn) {
    return (
      <LoginPage
        onLoggedIn={(session) => {
          setCsrfToken(session.csrfToken);
          setState({ status: 'ready', session });
        }}
      />
    );
  }
  if (state.status === 'error') {
    return (
      <main class="page page--center">
        <ErrorNote message={`The dashboard cannot reach its server: ${state.message}`} onRetry={load} />
      </main>
    );
  }
  if (!value) return <Loading label="Opening your session" />;
  return (
    <SessionContext.Provider value={value}>
      <Layout route={route}>{page(route)}</Layout>
    </SessionContext.Provider>
  );
}
