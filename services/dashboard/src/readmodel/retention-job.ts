import type { Logger } from '@crumbtrail/runtime';
import type { InboxRepo } from './inbox-repo';
import type { MentionIndexRepo } from './mention-index-repo';
import { expiredDays } from './retention';

/**
 * Deletes what the read models hold of mentions past retention (MENTION_RETENTION_DAYS, as the aggregator deletes
 * the stored mentions): list slots with their text prefixes, day directories, inbox items and their pointers. Every
 * replica may run it: deleting by `_id` what is already gone does nothing.
 */
export async function dropExpiredReadModels(o: {
  index: Pick<MentionIndexRepo, 'dropDay'>;
  inbox: Pick<InboxRepo, 'dropDay'>;
  brands: readonly string[];
  retentionDays: number;
  now: number;
  logger: Logger;
}): Promise<{ slots: number; inboxItems: number }> {
  let slots = 0;
  let inboxItems = 0;
  for (const day of expiredDays(o.now, o.retentionDays)) {
    for (const brand of o.brands) {
      slots += await o.index.dropDay(brand, day);
      inboxItems += await o.inbox.dropDay(brand, day);
    }
  }
  if (slots + inboxItems > 0)
    o.logger.info(
      { slots, inboxItems, retentionDays: o.retentionDays },
      'read models past retention deleted',
    );
  return { slots, inboxItems };
}
