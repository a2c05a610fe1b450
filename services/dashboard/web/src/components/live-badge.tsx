import type { JSX } from 'preact';
import type { LiveStatus } from '../api/live';

const TEXT: Record<LiveStatus, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  off: 'not live',
};

/** Whether new data arrives by itself right now. */
export function LiveBadge({ status }: { status: LiveStatus }): JSX.Element {
  return (
    <span
      class={`live live--${status}`}
      data-live={status}
      title="New mentions, inbox items and alerts appear without a reload"
    >
      <span class="live__dot" aria-hidden="true" />
      {TEXT[status]}
    </span>
  );
}
