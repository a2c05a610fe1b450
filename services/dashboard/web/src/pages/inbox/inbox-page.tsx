import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api/client';
import { useLive } from '../../api/live';
import { usePaged } from '../../api/use-paged';
import type {
  InboxActionRequest,
  InboxActionResponse,
  InboxItem,
  InboxResponse,
  InboxState,
  Mention,
} from '../../api/types';
import { BrandSelect } from '../../components/brand-select';
import { LiveBadge } from '../../components/live-badge';
import { LocalTime } from '../../components/local-time';
import { MentionCard } from '../../components/mention-card';
import { Empty, ErrorNote, Loading } from '../../components/status';
import { pickOne, withQuery } from '../../lib/query';
import { paths } from '../../lib/routes';
import { Link, setQuery, useLocation } from '../../router';
import { can, useSession } from '../../session';
import { applyInboxEvent, ACTIONS_FOR, ACTION_LABEL, type InboxAction } from './inbox-state';

const STATES: readonly InboxState[] = ['open', 'handled', 'dismissed'];

/** Complaints and questions waiting for an answer, oldest first; handle, dismiss or reopen, one or many. */
export function InboxPage(): JSX.Element {
  const { session } = useSession();
  const { params } = useLocation();
  const requested = params.get('brand');
  const brand = session.brands.find((b) => b.id === requested)?.id ?? session.brands[0]?.id;
  const state = pickOne(params, 'state', STATES) ?? 'open';
  const kind = pickOne(params, 'kind', ['complaint', 'question'] as const);
  const keep = {
    brand: brand === session.brands[0]?.id ? undefined : brand,
    state: state === 'open' ? undefined : state,
    kind,
  };

  if (!brand) return <Empty>No brands are assigned to you yet.</Empty>;
  return (
    <InboxList
      key={`${brand}|${state}|${kind ?? ''}`}
      brand={brand}
      state={state}
      kind={kind}
      keep={keep}
      canTriage={can(session, brand, 'triage')}
      canCorrect={can(session, brand, 'correct')}
    />
  );
}

interface ListProps {
  brand: string;
  state: InboxState;
  kind: 'complaint' | 'question' | undefined;
  keep: Record<string, string | undefined>;
  canTriage: boolean;
  canCorrect: boolean;
}

function InboxList({ brand, state, kind, keep, canTriage, canCorrect }: ListProps): JSX.Element {
  const { session } = useSession();
  const base = `/api/v1/brands/${encodeURIComponent(brand)}/inbox`;
  const list = usePaged<InboxItem, InboxResponse>(withQuery(base, { state, kind, limit: 25 }));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [openDelta, setOpenDelta] = useState(0);
  const live = useLive(brand, {
    inbox: (item) => {
      list.setItems((items) => applyInboxEvent(items, item, { state, kind }));
      if (item.state === 'open' && !item.stateAt) setOpenDelta((n) => n + 1);
    },
  });

  const act = async (action: InboxAction, ids: string[]): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const body: InboxActionRequest = { action, ids };
      const result = await api.post<InboxActionResponse>(`${base}/actions`, body);
      const changed = new Set(result.items.map((i) => i.mention.id));
      list.setItems((items) => items.filter((i) => !changed.has(i.mention.id)));
      setSelected(new Set());
      setOpenDelta(
        (n) => n + (action === 'reopen' ? result.items.length : state === 'open' ? -result.items.length : 0),
      );
      setNotice(
        `${ACTION_LABEL[action].done}: ${result.items.length} item${result.items.length === 1 ? '' : 's'}.`,
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: string): void =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allIds = list.items.map((i) => i.mention.id);
  const allSelected = allIds.length > 0 && allIds.every((id) => selected.has(id));
  const openCount = list.first ? list.first.counts.open + openDelta : undefined;
  const replaceMention = (m: Mention): void =>
    list.setItems((items) => items.map((i) => (i.mention.id === m.id ? { ...i, mention: m } : i)));

  return (
    <section class="stack">
      <header class="page-head">
        <div>
          <h1>
            Inbox{' '}
            {openCount !== undefined && (
              <span class="count" data-open-count={openCount}>
                {openCount} open
              </span>
            )}
          </h1>
          <p class="muted">Complaints and questions waiting for an answer, oldest first.</p>
        </div>
        <div class="page-head__actions">
          <LiveBadge status={live} />
          <Link class="button" href={paths.brand(brand)}>
            Brand page
          </Link>
        </div>
      </header>
      <div class="toolbar">
        <BrandSelect
          brands={session.brands}
          value={brand}
          onChange={(b) => setQuery({ ...keep, brand: b })}
        />
        <div class="segmented" role="group" aria-label="State">
          {STATES.map((s) => (
            <button
              key={s}
              type="button"
              class="segmented__item"
              aria-pressed={s === state}
              onClick={() => setQuery({ ...keep, state: s === 'open' ? undefined : s })}
            >
              {s}
            </button>
          ))}
        </div>
        <label class="field">
          Kind
          <select
            name="kind"
            value={kind ?? ''}
            onChange={(e) => setQuery({ ...keep, kind: e.currentTarget.value || undefined })}
          >
            <option value="">complaints and questions</option>
            <option value="complaint">complaints</option>
            <option value="question">questions</option>
          </select>
        </label>
      </div>
      {canTriage && list.items.length > 0 && (
        <div class="bulk" role="group" aria-label="Bulk actions">
          <label class="toggle">
            <input
              type="checkbox"
              name="select-all"
              checked={allSelected}
              onChange={() => setSelected(allSelected ? new Set() : new Set(allIds))}
            />
            select all shown
          </label>
          <span class="muted">{selected.size} selected</span>
          {ACTIONS_FOR[state].map((action) => (
            <button
              key={action}
              type="button"
              class="button"
              disabled={busy || selected.size === 0}
              onClick={() => void act(action, [...selected])}
            >
              {ACTION_LABEL[action].verb} selected
            </button>
          ))}
        </div>
      )}
      {notice && (
        <p class="note" role="status">
          {notice}
        </p>
      )}
      {error && <ErrorNote message={error} />}
      {list.error && <ErrorNote message={list.error} onRetry={list.reload} />}
      {!list.error && !list.loading && list.items.length === 0 && (
        <Empty>{state === 'open' ? 'Nothing waits for an answer.' : `Nothing ${state} yet.`}</Empty>
      )}
      <div class="mentions">
        {list.items.map((item) => (
          <MentionCard
            key={item.mention.id}
            mention={item.mention}
            canCorrect={canCorrect}
            onChange={replaceMention}
          >
            {canTriage && (
              <input
                type="checkbox"
                name="select"
                aria-label="select"
                checked={selected.has(item.mention.id)}
                onChange={() => toggle(item.mention.id)}
              />
            )}
            <span class={`pill pill--${item.kind}`}>{item.kind}</span>
            {item.stateBy && item.stateAt && (
              <span class="muted inbox__who" data-state-by={item.stateBy}>
                {item.state} by {item.stateBy}, <LocalTime iso={item.stateAt} ago />
              </span>
            )}
            {canTriage &&
              ACTIONS_FOR[state].map((action) => (
                <button
                  key={action}
                  type="button"
                  class="button button--small"
                  disabled={busy}
                  onClick={() => void act(action, [item.mention.id])}
                >
                  {ACTION_LABEL[action].verb}
                </button>
              ))}
          </MentionCard>
        ))}
      </div>
      {list.loading && <Loading label="Reading the inbox" />}
      {list.hasMore && !list.loading && (
        <button type="button" class="button button--wide" onClick={list.loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}
