import type { InboxItem, LiveEvent, Mention } from '../api/schemas';

type Listener = (event: LiveEvent) => void;

/**
 * In-process fan-out of live events to the open event streams, per brand. The read-model consumer publishes new
 * mentions and inbox items as it stores them; the alert watcher publishes alerts. A process sees the events of
 * the partitions it consumes, so with several replicas a stream shows the mentions its replica indexed (run one
 * replica, or give each its own consumer group for live events).
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
