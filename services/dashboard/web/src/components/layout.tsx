import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { paths, type Route } from '../lib/routes';
import { Link } from '../router';
import { useSession } from '../session';

const NAV: { label: string; href: string; pages: Route['page'][] }[] = [
  { label: 'Overview', href: paths.overview(), pages: ['overview', 'brand', 'mentions'] },
  { label: 'Inbox', href: paths.inbox(), pages: ['inbox'] },
  { label: 'Alerts', href: paths.alerts(), pages: ['alerts', 'alert'] },
  { label: 'Sources', href: paths.sources(), pages: ['sources'] },
];

const USERS = { label: 'Users', href: paths.users(), pages: ['users'] as Route['page'][] };

/** The logged-in shell: header with navigation and the user, then the page. */
export function Layout({ route, children }: { route: Route; children: ComponentChildren }): JSX.Element {
  const { session, logout } = useSession();
  const [leaving, setLeaving] = useState(false);
  return (
    <div class="shell">
      <header class="topbar">
        <Link href={paths.overview()} class="topbar__logo" aria-label="Crumbtrail overview">
          <img src="/assets/favicon.svg" alt="" width={22} height={22} />
          <span>Crumbtrail</span>
        </Link>
        <nav class="topbar__nav" aria-label="Main">
          {[...NAV, ...(session.canManageUsers ? [USERS] : [])].map((item) => (
            <Link
              key={item.href}
              href={item.href}
              class="topbar__link"
              aria-current={item.pages.includes(route.page) ? 'page' : undefined}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div class="topbar__user">
          <span class="topbar__name" title={session.user.email}>
            {session.user.name}
          </span>
          <span class="role">{session.user.role}</span>
          <button
            type="button"
            class="button button--quiet"
            disabled={leaving}
            onClick={() => {
              setLeaving(true);
              void logout().finally(() => setLeaving(false));
            }}
          >
            Log out
          </button>
        </div>
      </header>
      <main class="page">{children}</main>
    </div>
  );
}
