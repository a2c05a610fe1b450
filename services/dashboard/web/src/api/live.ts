import { useEffect, useRef, useState } from 'preact/hooks';
import type { AlertSummary, InboxItem, Mention } from './types';

export interface LiveHandlers {
  mention?: (mention: Mention) => void;
  inbox?: (item: InboxItem) => void;
  alert?: (alert: AlertSummary) => void;
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'off';

/**
 * Server-sent events of one brand (GET /api/v1/live?brand=…): new mentions, inbox items and alerts, as they are
 * stored. EventSource reconnects by itself; the status says whether the page is up to date.
 */
export function useLive(brand: string | undefined, handlers: LiveHandlers): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>(brand ? 'connecting' : 'off');
  const current = useRef(handlers);
  current.current = handlers;

  useEffect(() => {
    if (!brand) {
      setStatus('off');
      return;
    }
    setStatus('connecting');
    const source = new EventSource(`/api/v1/live?brand=${encodeURIComponent(brand)}`);
    const on = <T>(type: keyof LiveHandlers, handle: (data: T) => void): void => {
      source.addEventListener(type, (event: MessageEvent<string>) => {
        try {
          handle(JSON.parse(event.data) as T);
        } catch {
          // a malformed event is ignored; the next page load shows the stored state anyway
        }
      });
    };
    on<Mention>('mention', (m) => current.current.mention?.(m));
    on<InboxItem>('inbox', (i) => current.current.inbox?.(i));
    on<AlertSummary>('alert', (a) => current.current.alert?.(a));
    source.onopen = () => setStatus('live');
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting');
    return () => source.close();
  }, [brand]);

  return status;
}
