/** How the inbox list reacts to actions and live events (pure). */
import type { InboxItem, InboxState } from '../../api/types';

export type InboxAction = 'handle' | 'dismiss' | 'reopen';

export const ACTIONS_FOR: Record<InboxState, InboxAction[]> = {
  open: ['handle', 'dismiss'],
  handled: ['reopen'],
  dismissed: ['reopen'],
};

export const ACTION_LABEL: Record<InboxAction, { verb: string; done: string }> = {
  handle: { verb: 'Mark handled', done: 'Marked handled' },
  dismiss: { verb: 'Dismiss', done: 'Dismissed' },
  reopen: { verb: 'Reopen', done: 'Reopened' },
};

/**
 * A live inbox event applied to the shown list: an item now in the shown state (and kind) is added (open items at
 * the end, since the list is oldest first; others at the top) or updated in place; one that left the state goes.
 */
export function applyInboxEvent(
  items: readonly InboxItem[],
  item: InboxItem,
  view: { state: InboxState; kind?: 'complaint' | 'question' },
): InboxItem[] {
  const id = item.mention.id;
  const belongs = item.state === view.state && (!view.kind || item.kind === view.kind);
  const index = items.findIndex((i) => i.mention.id === id);
  if (!belongs) return index === -1 ? [...items] : items.filter((i) => i.mention.id !== id);
  if (index !== -1) return items.map((i) => (i.mention.id === id ? item : i));
  return view.state === 'open' ? [...items, item] : [item, ...items];
}
