// Plain lists, free of zod, so the dashboard's web bundle can import them (@crumbtrail/contracts/labels) without
// pulling in a validation library it does not use. The schemas built from them live beside the events.

export const SOURCE_NAMES = [
  'hackernews',
  'reddit',
  'mastodon',
  'bluesky',
  'stackexchange',
  'rss',
  'x',
  'youtube',
  'replay',
] as const;

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;

export const INTENT_LABELS = ['complaint', 'question', 'praise', 'other'] as const;
