import { RawMention, eventId } from '@crumbtrail/contracts';
import type { BrandConfig, SourceName } from '@crumbtrail/contracts';
import { capText, truncate } from '../sources/text';
import type { MentionCandidate } from '../sources/types';

/** A candidate as the contract's RawMention, with every length capped; a result that still fails the schema throws. */
export function toRawMention(
  c: MentionCandidate,
  brand: BrandConfig,
  source: SourceName,
  fetchedAt: Date,
): RawMention {
  const mention: RawMention = {
    schemaVersion: 1,
    eventId: eventId(source, c.externalId),
    brand: brand.id,
    source,
    externalId: c.externalId,
    url: c.url,
    author: {
      handle: truncate(c.author.handle, 256),
      ...(c.author.id !== undefined ? { id: truncate(c.author.id, 256) } : {}),
      ...(c.author.name ? { name: truncate(c.author.name, 256) } : {}),
      ...(c.author.followers !== undefined ? { followers: c.author.followers } : {}),
    },
    ...(c.title ? { title: truncate(c.title, 1000) } : {}),
    text: capText(c.text),
    ...(c.lang ? { lang: c.lang } : {}),
    publishedAt: c.publishedAt,
    fetchedAt: fetchedAt.toISOString(),
    ...(c.engagement && Object.values(c.engagement).some((v) => v !== undefined)
      ? { engagement: Object.fromEntries(Object.entries(c.engagement).filter(([, v]) => v !== undefined)) }
      : {}),
    matchedQuery: brand.query,
  };
  const parsed = RawMention.safeParse(mention);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `not a valid RawMention: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
    );
  }
  return parsed.data;
}
