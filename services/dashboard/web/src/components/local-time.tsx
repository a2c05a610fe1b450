import type { JSX } from 'preact';
import { formatAgo, formatDateTime } from '../lib/time';

/** An instant in the viewer's time zone; the exact UTC time on hover. */
export function LocalTime({ iso, ago }: { iso: string; ago?: boolean }): JSX.Element {
  const absolute = formatDateTime(iso);
  return (
    <time dateTime={iso} title={`${absolute} (${iso} UTC)`}>
      {ago ? formatAgo(iso, new Date()) : absolute}
    </time>
  );
}
