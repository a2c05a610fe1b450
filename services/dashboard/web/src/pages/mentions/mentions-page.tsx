import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useLive } from '../../api/live';
import { usePaged } from '../../api/use-paged';
import { INTENTS, SENTIMENTS, type Mention, type MentionsResponse } from '../../api/types';
import { LiveBadge } from '../../components/live-badge';
import { MentionCard } from '../../components/mention-card';
import { Options } from '../../components/options';
import { RangePicker } from '../../components/range-picker';
import { Empty, ErrorNote, Loading } from '../../components/status';
import { withQuery } from '../../lib/query';
import { paths } from '../../lib/routes';
import { viewerTimeZone } from '../../lib/time';
import { Link, setQuery, useLocation } from '../../router';
import { brandName, can, useSession } from '../../session';
import { apiQuery, matchesFilters, pageQuery, parseFilters, SOURCES, type MentionFilters } from './filters';

/** A filter field: "any", or one of the values. */
function FilterSelect(props: {
  label: string;
  name: string;
  values: readonly string[];
  value: string | undefined;
  onPick: (value: string) => void;
}): JSX.Element {
  return (
    <label class="field">
      {props.label}
      <select
        name={props.name}
        value={props.value ?? ''}
        onChange={(e) => props.onPick(e.currentTarget.value)}
      >
        <option value="">any</option>
        <Options values={props.values} />
      </select>
    </label>
  );
}

function FilterForm({
  filters,
  onApply,
}: {
  filters: MentionFilters;
  onApply: (f: MentionFilters) => void;
}): JSX.Element {
  const [draft, setDraft] = useState(filters);
  const set = (patch: Partial<MentionFilters>): void => setDraft((d) => ({ ...d, ...patch }));
  const pick = <T extends string>(value: string): T | undefined => (value === '' ? undefined : (value as T));
  return (
    <form
      class="filters"
      aria-label="Filter mentions"
      onSubmit={(e) => {
        e.preventDefault();
        onApply({
          ...draft,
          period: filters.period,
          from: filters.from,
          to: filters.to,
          q: draft.q?.trim() || undefined,
        });
      }}
    >
      <FilterSelect
        label="Sentiment"
        name="sentiment"
        values={SENTIMENTS}
        value={draft.sentiment}
        onPick={(v) => set({ sentiment: pick(v) })}
      />
      <FilterSelect
        label="Intent"
        name="intent"
        values={INTENTS}
        value={draft.intent}
        onPick={(v) => set({ intent: pick(v) })}
      />
      <FilterSelect
        label="Source"
        name="source"
        values={SOURCES}
        value={draft.source}
        onPick={(v) => set({ source: pick(v) })}
      />
      <label class="field field--narrow">
        Language
        <input
          name="lang"
          type="text"
          placeholder="en"
          maxLength={3}
          value={draft.lang ?? ''}
          onInput={(e) => set({ lang: e.currentTarget.value.trim().toLowerCase() || undefined })}
        />
      </label>
      <label class="field field--grow">
        Words
        <input
          name="q"
          type="search"
          placeholder="words in the text"
          maxLength={200}
          value={draft.q ?? ''}
          onInput={(e) => set({ q: e.currentTarget.value })}
        />
      </label>
      <button type="submit" class="button button--primary">
        Filter
      </button>
    </form>
  );
}

/** A brand's mentions, newest first, filtered by the URL; cursor paging; new ones arrive live. */
export function MentionsPage({ brand }: { brand: string }): JSX.Element {
  const { session } = useSession();
  const { params, search } = useLocation();
  const filters = parseFilters(params);
  const list = usePaged<Mention, MentionsResponse>(
    withQuery(`/api/v1/brands/${encodeURIComponent(brand)}/mentions`, apiQuery(filters)),
  );
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const live = useLive(brand, {
    mention: (m) => {
      if (!matchesFilters(m, filters, new Date())) return;
      list.setItems((items) => (items.some((i) => i.id === m.id) ? items : [m, ...items]));
      setFresh((s) => new Set(s).add(m.id));
    },
  });
  const replace = (m: Mention): void => list.setItems((items) => items.map((i) => (i.id === m.id ? m : i)));
  const canCorrect = can(session, brand, 'correct');
  const apply = (f: MentionFilters): void => setQuery(pageQuery(f));

  return (
    <section class="stack">
      <header class="page-head">
        <div>
          <p class="crumbs">
            <Link href={paths.overview()}>Overview</Link> /{' '}
            <Link href={paths.brand(brand)}>{brandName(session, brand)}</Link> /
          </p>
          <h1>Mentions</h1>
        </div>
        <div class="page-head__actions">
          <LiveBadge status={live} />
        </div>
      </header>
      <div class="toolbar">
        <RangePicker
          value={{ period: filters.period, from: filters.from, to: filters.to }}
          onChange={(v) => apply({ ...filters, period: v.period, from: v.from, to: v.to })}
        />
        <span class="muted">times in {viewerTimeZone()}</span>
      </div>
      <FilterForm key={search} filters={filters} onApply={apply} />
      {list.error && <ErrorNote message={list.error} onRetry={list.reload} />}
      {!list.error && !list.loading && list.items.length === 0 && (
        <Empty>No mentions match these filters.</Empty>
      )}
      <div class="mentions" aria-live="polite">
        {list.items.map((m) => (
          <MentionCard
            key={m.id}
            mention={m}
            canCorrect={canCorrect}
            onChange={replace}
            highlight={fresh.has(m.id)}
          />
        ))}
      </div>
      {list.loading && <Loading label="Reading mentions" />}
      {list.hasMore && !list.loading && (
        <button type="button" class="button button--wide" onClick={list.loadMore}>
          Load more
        </button>
      )}
      {!list.hasMore && !list.loading && list.items.length > 0 && (
        <p class="muted end">That's all ({list.items.length}).</p>
      )}
    </section>
  );
}
