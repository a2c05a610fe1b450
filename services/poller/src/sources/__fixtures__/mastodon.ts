/**
 * Mastodon REST API entities in the documented shape (https://docs.joinmastodon.org/entities/Status/):
 * Status with its Account, as returned by GET /api/v1/timelines/tag/:hashtag (an array) and inside
 * GET /api/v2/search (`statuses`).
 */
export function mastodonStatus(o: {
  id: string;
  content: string;
  acct?: string;
  createdAt: string;
  language?: string | null;
  spoiler?: string;
  host?: string;
}) {
  const host = o.host ?? 'mastodon.social';
  const acct = o.acct ?? 'wile_e';
  const username = acct.split('@')[0]!;
  const accountHost = acct.includes('@') ? acct.split('@')[1]! : host;
  return {
    id: o.id,
    created_at: o.createdAt,
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: Boolean(o.spoiler),
    spoiler_text: o.spoiler ?? '',
    visibility: 'public',
    language: o.language === undefined ? 'en' : o.language,
    uri: `https://${accountHost}/users/${username}/statuses/${o.id}`,
    url: `https://${accountHost}/@${username}/${o.id}`,
    replies_count: 2,
    reblogs_count: 1,
    favourites_count: 5,
    edited_at: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    content: o.content,
    filtered: [],
    reblog: null,
    application: { name: 'Web', website: null },
    account: {
      id: '109302436954721982',
      username,
      acct,
      display_name: username.replace('_', ' '),
      locked: false,
      bot: false,
      discoverable: true,
      group: false,
      created_at: '2022-11-07T00:00:00.000Z',
      note: '<p>Genius.</p>',
      url: `https://${accountHost}/@${username}`,
      uri: `https://${accountHost}/users/${username}`,
      avatar: `https://files.${accountHost}/accounts/avatars/original/missing.png`,
      avatar_static: `https://files.${accountHost}/accounts/avatars/original/missing.png`,
      header: `https://${accountHost}/headers/original/missing.png`,
      header_static: `https://${accountHost}/headers/original/missing.png`,
      followers_count: 321,
      following_count: 12,
      statuses_count: 99,
      last_status_at: o.createdAt.slice(0, 10),
      emojis: [],
      fields: [],
    },
    media_attachments: [],
    mentions: [],
    tags: [{ name: 'acme', url: `https://${host}/tags/acme` }],
    emojis: [],
    card: null,
    poll: null,
  };
}

export const mastodonStatuses = {
  s5: mastodonStatus({
    id: '114612399999999905',
    createdAt: '2025-06-01T11:59:00.000Z',
    content:
      '<p>My <a href="https://mastodon.social/tags/acme" class="mention hashtag" rel="tag">#<span>acme</span></a> anvil arrived broken &amp; support won&#39;t reply</p>',
  }),
  s4: mastodonStatus({
    id: '114612399999999904',
    acct: 'roadrunner@fosstodon.org',
    createdAt: '2025-06-01T11:58:00.000Z',
    language: 'de',
    content: '<p>Acme Raketenschuhe sind großartig!</p>',
  }),
  s3: mastodonStatus({
    id: '114612399999999903',
    createdAt: '2025-06-01T11:57:00.000Z',
    spoiler: 'rant',
    content: '<p>acme shipping is slow</p>',
  }),
  s2: mastodonStatus({
    id: '114612399999999902',
    createdAt: '2025-06-01T11:56:00.000Z',
    content: '<p>#acme day!</p>',
  }),
};

export const mastodonError = { error: 'This action is not allowed' };
