import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { BrandRef, CreateUserRequest, User, UsersResponse } from '../../api/types';
import { LocalTime } from '../../components/local-time';
import { Options } from '../../components/options';
import { Empty, ErrorNote, FormError, Loading, NotFound } from '../../components/status';
import { useSession } from '../../session';

type Role = User['role'];
const ROLES: readonly Role[] = ['viewer', 'manager', 'admin'];

function BrandChecks({
  brands,
  value,
  onChange,
}: {
  brands: readonly BrandRef[];
  value: readonly string[];
  onChange: (v: string[]) => void;
}): JSX.Element {
  return (
    <fieldset class="checks">
      <legend>Brands</legend>
      {brands.map((b) => (
        <label key={b.id} class="toggle">
          <input
            type="checkbox"
            name="brands"
            value={b.id}
            checked={value.includes(b.id)}
            onChange={(e) =>
              onChange(e.currentTarget.checked ? [...value, b.id] : value.filter((id) => id !== b.id))
            }
          />
          {b.name}
        </label>
      ))}
    </fieldset>
  );
}

function AddUser({
  brands,
  onAdded,
}: {
  brands: readonly BrandRef[];
  onAdded: (u: User) => void;
}): JSX.Element {
  const empty: CreateUserRequest = { email: '', name: '', role: 'viewer', brands: [], password: '' };
  const [draft, setDraft] = useState<CreateUserRequest>(empty);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <form
      class="card user-form"
      aria-label="Add a user"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        api
          .post<User>('/api/v1/users', draft)
          .then((u) => {
            onAdded(u);
            setDraft(empty);
          })
          .catch((err: unknown) => setError(errorMessage(err)))
          .finally(() => setBusy(false));
      }}
    >
      <h3 class="card__title">Add a user</h3>
      <div class="user-form__row">
        <label class="field">
          Email
          <input
            name="email"
            type="email"
            required
            value={draft.email}
            onInput={(e) => setDraft({ ...draft, email: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          Name
          <input
            name="name"
            type="text"
            required
            value={draft.name}
            onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          Role
          <select
            name="role"
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.currentTarget.value as Role })}
          >
            <Options values={ROLES} />
          </select>
        </label>
        <label class="field">
          Password (12+ characters)
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
            value={draft.password}
            onInput={(e) => setDraft({ ...draft, password: e.currentTarget.value })}
          />
        </label>
      </div>
      {draft.role !== 'admin' && (
        <BrandChecks
          brands={brands}
          value={draft.brands}
          onChange={(b) => setDraft({ ...draft, brands: b })}
        />
      )}
      <button type="submit" class="button button--primary" disabled={busy}>
        Add user
      </button>
      <FormError message={error} />
    </form>
  );
}

/** Admins: who may see which brands, with which role. (The same as `npx crumbtrail users …`.) */
export function UsersPage(): JSX.Element {
  const { session } = useSession();
  const users = useApi<UsersResponse>(session.canManageUsers ? '/api/v1/users' : null);
  const [error, setError] = useState<string>();
  if (!session.canManageUsers) return <NotFound />;

  const remove = (u: User): void => {
    if (!window.confirm(`Remove ${u.email}? Their sessions and API tokens stop working.`)) return;
    setError(undefined);
    api
      .del(`/api/v1/users/${encodeURIComponent(u.id)}`)
      .then(() => users.setData((d) => (d ? { items: d.items.filter((i) => i.id !== u.id) } : d)))
      .catch((err: unknown) => setError(errorMessage(err)));
  };

  return (
    <section class="stack">
      <header class="page-head">
        <div>
          <h1>Users</h1>
          <p class="muted">
            Admins see everything; managers triage, correct, acknowledge and mute their brands; viewers read
            them.
          </p>
        </div>
      </header>
      {error && <ErrorNote message={error} />}
      {users.error && <ErrorNote message={users.error} onRetry={users.reload} />}
      {users.loading && !users.data && <Loading />}
      {users.data && users.data.items.length === 0 && <Empty>No users.</Empty>}
      {users.data && users.data.items.length > 0 && (
        <div class="card card--flush">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">user</th>
                <th scope="col">role</th>
                <th scope="col">brands</th>
                <th scope="col">since</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id} data-user={u.email}>
                  <th scope="row">
                    {u.name}
                    <div class="muted">{u.email}</div>
                  </th>
                  <td>{u.role}</td>
                  <td>{u.role === 'admin' ? <span class="muted">all</span> : u.brands.join(', ') || '–'}</td>
                  <td>
                    <LocalTime iso={u.createdAt} />
                  </td>
                  <td class="num">
                    {u.id !== session.user.id && (
                      <button type="button" class="button button--small" onClick={() => remove(u)}>
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddUser
        brands={session.brands}
        onAdded={(u) => users.setData((d) => (d ? { items: [...d.items, u] } : { items: [u] }))}
      />
    </section>
  );
}
