import type { Logger } from '@crumbtrail/runtime';
import type { InboxRepo } from '../readmodel/inbox-repo';
import type { MentionIndexRepo } from '../readmodel/mention-index-repo';
import type { StoredReads } from './readers';

const DAY_MS = 86_400_000;
/**
 * At most this many hour reads a second: the read runs beside the pipeline (the aggregator writes the same
 * database), and a dashboard restarted during a surge must not take the database's reads from it. 28,800 hours
 * (60 days of 20 brands) then take two minutes.
 */
const HOURS_PER_SECOND = 240;

/**
 * Reads the hour rollups of the last `days` days of every brand into the read cache, newest day first (what the
 * 24-hour views need is ready first), one brand-day at a time and at most HOURS_PER_SECOND, so the pipeline's
 * writes keep their share of the database. Stops early when `stopped()` says so. Without it, the first 30-day
 * chart of a brand reads 720 hours.
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
    for (const brand of o.brands) {
      if (o.stopped()) break;
      await o.reads.hours(brand, to - DAY_MS, to);
      hours += 24;
      // Pace: wait until the reads so far fit the budget.
      const due = started + (hours / HOURS_PER_SECOND) * 1000 - Date.now();
      if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    }
  }
  const ms = Date.now() - started;
  o.logger.info({ days: o.days, brands: o.brands.length, hours, ms }, 'hour rollups read into memory');
  return { hours, ms };
}

/**
 * Reads what each brand's first page of mentions (last 30 days, no filter), of open inbox items and its brand page
 * (24 hours by default: the top terms of its negative mentions) show, through the routes' own repository calls, so
 * the first visit to a brand does not wait for its slots and mentions.
 */
export async function warmFirstPages(o: {
  reads: Pick<StoredReads, 'mentionsById'>;
  index: Pick<MentionIndexRepo, 'list' | 'topNegativeTerms'>;
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
      o.index.topNegativeTerms(brand, o.now - DAY_MS, o.now, brand),
    ]);
    const ids = [...page.items.map((e) => e.id), ...open.items.map((e) => e.id)];
    mentions += (await o.reads.mentionsById(ids)).size;
  }
  const ms = Date.now() - started;
  o.logger.info({ brands: o.brands.length, mentions, ms }, 'first pages read into memory');
  return { mentions, ms };
}
