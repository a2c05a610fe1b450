import { z } from 'zod';
import { BrandId, HexId, IsoDateTime, LanguageCode, NonNegativeInt, SourceName } from './common';

/** Longest text accepted on the wire; longer posts are truncated by pollers, never by consumers. */
export const MAX_MENTION_TEXT_LENGTH = 20_000;

export const MentionAuthor = z.object({
  id: z.string().max(256).optional().describe("The author's id at the source"),
  handle: z.string().min(1).max(256).describe('Display handle, e.g. @alice@mastodon.social'),
  name: z.string().max(256).optional(),
  followers: NonNegativeInt.optional().describe('Follower count where the source reports it'),
});

export const Engagement = z.object({
  likes: NonNegativeInt.optional(),
  replies: NonNegativeInt.optional(),
  shares: NonNegativeInt.optional(),
  score: z.number().int().optional().describe('Net votes (Reddit, Hacker News, Stack Exchange)'),
  views: NonNegativeInt.optional(),
});

export const RawMention = z
  .object({
    schemaVersion: z.literal(1),
    eventId: HexId.describe('sha256(source + NUL + externalId), first 32 hex chars; the message key'),
    brand: BrandId.describe('Configured brand id this mention matched'),
    source: SourceName,
    externalId: z.string().min(1).max(512).describe('Id of the post at the source'),
    url: z.url().max(2048),
    author: MentionAuthor,
    title: z.string().max(1000).optional().describe('Title, for sources that have one (HN story, RSS item)'),
    text: z.string().max(MAX_MENTION_TEXT_LENGTH),
    lang: LanguageCode.optional().describe('Language as tagged by the source, if it tags one'),
    publishedAt: IsoDateTime,
    fetchedAt: IsoDateTime,
    engagement: Engagement.optional(),
    matchedQuery: z.string().max(1000).optional().describe('The brand query that found it'),
  })
  .describe('mentions.raw.v1: one brand mention as found by a poller');

export type RawMention = z.infer<typeof RawMention>;
export type MentionAuthor = z.infer<typeof MentionAuthor>;
export type Engagement = z.infer<typeof Engagement>;
