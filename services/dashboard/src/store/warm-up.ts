import type { Logger } from '@crumbtrail/runtime';
import type { InboxRepo } from '../readmodel/inbox-repo';
import type { MentionIndexRepo } from '../readmodel/mention-index-repo';
import type { StoredReads } from './readers';

const DAY_MS = 86_400_000;
const PARALLEL_BRANDS = 4;

/**
 * Reads the hour rollups of the last `days` days of every brand into the read cache, newest day first (what the
 * 24-hour views need is ready first), a few brands at a time so the pipeline's writes keep their share of the
 * database. Stops early when `stopped()` says so. Without it, the first 30-day chart of a brand reads 720 hours.
 */
export async function warmHourCache(o: {
  reads: Pick<StoredReads, 'hours'>;
  brands: readonly string[];
  days: number;
  now: number;
  stopped: () => boolean;
  logger: Logger;
}): Promise<{ hours: number; ms: number }> {
  const started = Date.now();
  let hours = 0;
  for (let d = 0; d < o.days && !o.stopped(); d++) {
    const to = o.now - d * DAY_MS;
    for (let i = 0; i < o.brands.length && !o.stopped(); i += PARALLEL_BRANDS) {
      const group = o.brands.slice(i, i + PARALLEL_BRANDS);
      await Promise.all(group.map((b) => o.reads.hours(b, to - DAY_MS, to)));
      hours += group.length * 24;
    }
  }
  const ms = Date.now() - started;
  o.logger.info({ days: o.days, brands: o.brands.length, hours, ms }, 'hour rollups read into memory');
  return { hours, ms };
}

/**
 * Reads what each brand's first page of mentions (last 30 days, no filter) and of open inbox items shows, through
 * the routes' own repository calls, so the first visit to a brand does not wait for its slots and mentions.
 */
export async function warmFirstPages(o: {
  reads: Pick<StoredReads, 'mentionsById'>;
  index: Pick<MentionIndexRepo, 'list'>;
  inbox: Pick<InboxRepo, 'list'>;
  brands: readonly string[];
  now: number;
  stopped: () => boolean;
  logger: Logger;
}): Promise<{ mentions: number; ms: number }> {
  const started = Date.now();
  let mentions = 0;
  for (const brand of o.brands) {
    if (o.stopped()) break;
    const [page, open] = await Promise.all([
      o.index.list(brand, { from: o.now - 30 * DAY_MS, to: o.now }, undefined, 50),
      o.inbox.list(brand, 'open', undefined, undefined, 50, o.now),
    ]);
    const ids = [...page.items.map((e) => e.id), ...open.items.map((e) => e.id)];
    mentions += (await o.reads.mentionsById(ids)).size;
  }
  const ms = Date.now() - started;
  o.logger.info({ brands: o.brands.length, mentions, ms }, 'first pages read into memory');
  return { mentions, ms };
}
