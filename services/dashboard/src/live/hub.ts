import type { InboxItem, LiveEvent, Mention } from '../api/schemas';

type Listener = (event: LiveEvent) => void;

/**
 * In-process fan-out of live events to the open event streams, per brand. The live consumer publishes new
 * mentions and inbox items; the alert watcher publishes alerts. Both see everything whichever replica they run in
 * (the live consumer reads every partition in a group of its own; the watcher reads alert heads from MongoDB), so
 * a stream shows the same events whichever replica the load balancer sent the browser to.
 */
export class LiveHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(brand: string, listener: Listener): () => void {
    const set = this.listeners.get(brand) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(brand, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(brand);
    };
  }

  /** Brands someone is watching now. */
  watchedBrands(): string[] {
    return [...this.listeners.keys()];
  }

  hasListeners(brand: string): boolean {
    return this.listeners.has(brand);
  }

  publish(brand: string, event: LiveEvent): void {
    for (const l of this.listeners.get(brand) ?? []) l(event);
  }

  mention(m: Mention): void {
    this.publish(m.brand, { type: 'mention', data: m });
  }

  inboxItem(item: InboxItem): void {
    this.publish(item.mention.brand, { type: 'inbox', data: item });
  }
}
