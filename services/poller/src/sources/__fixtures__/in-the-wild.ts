import { bskyPost } from './bluesky';
import { xTweet, xUsers } from './x';
import { ytThread } from './youtube';
import { mastodonStatus } from './mastodon';

/**
 * Responses as real APIs and feeds in the wild send them (issue 17), each in its documented format: what the
 * project's own tidy fixtures do not show. Every item mentions Acme, so each one the poller reads is emitted.
 */

// ---------------------------------------------------------------- RSS / Atom (RSS 2.0 spec, RFC 4287, XML 1.0)

const rssItem = (o: { n: number; title: string; description?: string; link?: string; extra?: string }) => `
  <item>
    <title>${o.title}</title>
    ${o.link === undefined ? `<link>https://news.example.com/acme/${o.n}</link>` : o.link}
    <guid isPermaLink="false">news-example-${o.n}</guid>
    <pubDate>Sun, 01 Jun 2025 1${o.n}:00:00 +0000</pubDate>
    <description>${o.description ?? `Acme story number ${o.n}`}</description>${o.extra ?? ''}
  </item>`;

const rss2 = (items: string, o: { prolog?: string; ns?: string; channelExtra?: string } = {}) =>
  `${o.prolog ?? '<?xml version="1.0" encoding="UTF-8"?>'}
<rss version="2.0"${o.ns ?? ''}>
<channel>
  <title>Example News</title>
  <link>https://news.example.com/</link>
  <description>All the news</description>${o.channelExtra ?? ''}${items}
</channel>
</rss>
`;

/** Class 2: a newline before the XML declaration (as many CMS templates emit). 2 items. */
export const feedLeadingNewline = `\n${rss2(rssItem({ n: 1, title: 'Acme opens a store' }) + rssItem({ n: 2, title: 'Acme hires' }))}`;

/** Class 2: a UTF-8 byte-order mark, then the declaration. 1 item. */
export const feedBom = `\uFEFF${rss2(rssItem({ n: 3, title: 'Acme BOM news' }))}`;

/** Class 2: ISO-8859-1 bytes, the encoding named only in the XML declaration (served as text/xml, no charset). */
export const feedLatin1Prolog = Buffer.from(
  rss2(rssItem({ n: 4, title: 'Acme café opens', description: 'Crème brûlée at the Acme café' }), {
    prolog: '<?xml version="1.0" encoding="ISO-8859-1"?>',
  }),
  'latin1',
);

/** windows-1252 bytes of a string of ASCII, Latin-1 and curly double quotes. */
const cp1252 = (text: string): Buffer =>
  Buffer.from([...text].map((ch) => (ch === '\u201C' ? 0x93 : ch === '\u201D' ? 0x94 : ch.charCodeAt(0))));

/** Class 2: windows-1252 bytes (curly quotes 0x93/0x94), the encoding named only in the Content-Type header. */
export const feedCp1252Header = cp1252(
  rss2(rssItem({ n: 5, title: 'Acme says \u201Cno comment\u201D', description: 'Acme: \u201Clater\u201D' })),
);
export const CP1252_CONTENT_TYPE = 'text/xml; charset=windows-1252';

/** Class 2: a good feed served as text/html (as many shared hosts do). CDATA and entities in it. 1 item. */
export const feedServedAsHtml = rss2(
  rssItem({
    n: 6,
    title: 'Acme &amp; Sons &#8211; &quot;anvils&quot;',
    description: '<![CDATA[<p>Acme&#8217;s <b>anvil</b> line &amp; more</p>]]>',
  }),
);

/** Class 3: Atom with type="xhtml" title and content (RFC 4287 §3.1.1.3); the summary has no brand word. 1 entry. */
export const atomXhtml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Desert Engineering</title>
  <id>urn:uuid:60a76c80-d399-11d9-b91C-0003939e0af6</id>
  <updated>2025-06-01T11:00:00Z</updated>
  <link href="https://engineering.example.org/"/>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Why we chose <em>Acme</em> anvils</div></title>
    <link rel="alternate" type="text/html" href="https://engineering.example.org/2025/acme-anvils"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2025-06-01T11:00:00Z</published>
    <updated>2025-06-01T11:00:00Z</updated>
    <summary>A post about our tooling.</summary>
    <content type="xhtml">
      <div xmlns="http://www.w3.org/1999/xhtml">
        <p>We tried three vendors; <strong>Acme</strong> anvils fell <em>exactly</em> where expected &amp; on time.</p>
      </div>
    </content>
    <author><name>Road Runner</name></author>
  </entry>
</feed>
`;

/**
 * Class 4: RSS whose items link only through the Atom namespace: .NET's SyndicationFeed (`a10:link`) and an
 * `atom:link rel="alternate"`; the guids are not permalinks. 2 items.
 */
export const rssAtomLinks = rss2(
  rssItem({
    n: 7,
    title: 'Acme quarterly results',
    link: '<a10:link href="https://ir.example.com/acme/q2" />',
  }) +
    rssItem({
      n: 8,
      title: 'Acme outage report',
      link: '<atom:link rel="alternate" type="text/html" href="https://status.example.com/acme/8"/>',
    }),
  { ns: ' xmlns:a10="http://www.w3.org/2005/Atom" xmlns:atom="http://www.w3.org/2005/Atom"' },
);

/** General: Atom with xml:base on the feed and an entry, relative links (RFC 4287 §2, XML Base). 2 entries. */
export const atomXmlBase = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.net/">
  <title>Example Blog</title>
  <id>tag:blog.example.net,2025:feed</id>
  <updated>2025-06-01T11:30:00Z</updated>
  <entry>
    <title>Acme tips</title>
    <link href="posts/acme-tips"/>
    <id>tag:blog.example.net,2025:1</id>
    <updated>2025-06-01T11:30:00Z</updated>
    <content type="html">&lt;p&gt;Acme tips &amp;amp; tricks&lt;/p&gt;</content>
  </entry>
  <entry xml:base="/archive/2025/">
    <title type="text">Acme &lt;3 desert</title>
    <link rel="alternate" href="acme-love"/>
    <id>tag:blog.example.net,2025:2</id>
    <updated>2025-06-01T11:20:00Z</updated>
    <summary>Acme loves the desert</summary>
  </entry>
</feed>
`;

/** General: a plain RSS feed for the transport cases (compression, redirects, ETag). */
export const feedPlain = (n: number, title: string) => rss2(rssItem({ n, title }));

/** Class 1: what a captive portal, a proxy or a maintenance page sends with status 200. */
export const htmlMaintenancePage = `<!DOCTYPE html>
<html lang="en"><head><title>Down for maintenance</title></head>
<body><h1>We'll be back soon!</h1><p>Sorry for the inconvenience.</p></body></html>`;

/** Class 1: a feed cut off mid-transfer. */
export const truncatedFeed = rss2(rssItem({ n: 9, title: 'Acme cut' })).slice(0, 260);

// ---------------------------------------------------------------- YouTube Data API v3

/**
 * Class 5: commentThreads.list with allThreadsRelatedToChannelId: a thread about the channel itself carries
 * `snippet.channelId` but no `snippet.videoId` (the Discussion tab), beside an ordinary video comment.
 */
export function ytChannelThreads(channelId: string) {
  const onChannel = ytThread({
    id: 'UgzChannelOnly0001',
    videoId: 'unused',
    text: 'Acme support, please answer my ticket',
    author: 'Coyote',
    publishedAt: '2025-06-01T11:10:00Z',
  });
  const { videoId: _v, ...snippet } = onChannel.snippet;
  const { videoId: _c, ...commentSnippet } = onChannel.snippet.topLevelComment.snippet;
  return {
    kind: 'youtube#commentThreadListResponse',
    etag: 'etag-channel',
    pageInfo: { totalResults: 2, resultsPerPage: 100 },
    items: [
      {
        ...onChannel,
        snippet: {
          ...snippet,
          channelId,
          topLevelComment: {
            ...onChannel.snippet.topLevelComment,
            snippet: { ...commentSnippet, channelId },
          },
        },
      },
      ytThread({
        id: 'UgzVideoComment0002',
        videoId: 'dQw4w9WgXcQ',
        text: 'Acme anvil unboxing was great',
        author: 'Road',
        publishedAt: '2025-06-01T11:05:00Z',
      }),
    ],
  };
}

// ---------------------------------------------------------------- Bluesky app.bsky.feed.searchPosts

/** Class 6: a post whose client-set createdAt lies a year ahead; indexedAt is the server's time. */
export const bskyFuturePost = {
  ...bskyPost({
    rkey: '3lfuture001',
    handle: 'timetraveller.bsky.social',
    text: 'Acme from the future',
    createdAt: '2026-06-01T00:00:00.000Z',
  }),
  indexedAt: '2025-06-01T11:50:00.000Z',
};
export const bskyNormalPost = bskyPost({
  rkey: '3lnormal001',
  handle: 'wile.bsky.social',
  text: 'Acme rocket skates arrived',
  createdAt: '2025-06-01T11:40:00.000Z',
});
/** Posted after the first poll. */
export const bskyLaterPost = bskyPost({
  rkey: '3llater0001',
  handle: 'road.bsky.social',
  text: 'Acme anvil fell on me',
  createdAt: '2025-06-01T11:55:00.000Z',
});

// ---------------------------------------------------------------- X API v2 recent search

/**
 * Class 7: a page fetched without `created_at` in tweet.fields: every tweet lacks it, while meta.newest_id names
 * the newest one.
 */
export function xPageWithoutCreatedAt() {
  const tweets = [
    xTweet({ id: '1800000000000000002', text: 'Acme is down again', author: xUsers.wile.id, createdAt: '' }),
    xTweet({ id: '1800000000000000001', text: 'Acme support rocks', author: xUsers.road.id, createdAt: '' }),
  ].map(({ created_at: _omitted, ...t }) => t);
  return {
    data: tweets,
    includes: { users: [xUsers.wile, xUsers.road] },
    meta: { newest_id: '1800000000000000002', oldest_id: '1800000000000000001', result_count: 2 },
  };
}
/** The same tweets, read properly (the page after the field list was fixed). */
export function xPageFixed() {
  return {
    data: [
      xTweet({
        id: '1800000000000000002',
        text: 'Acme is down again',
        author: xUsers.wile.id,
        createdAt: '2025-06-01T11:58:00.000Z',
      }),
      xTweet({
        id: '1800000000000000001',
        text: 'Acme support rocks',
        author: xUsers.road.id,
        createdAt: '2025-06-01T11:57:00.000Z',
      }),
    ],
    includes: { users: [xUsers.wile, xUsers.road] },
    meta: { newest_id: '1800000000000000002', oldest_id: '1800000000000000001', result_count: 2 },
  };
}

// ---------------------------------------------------------------- Mastodon tag timeline

/** Class 7: a tag timeline page whose Link rel="next" points to another origin (e.g. a CDN or a moved instance). */
export function mastodonCrossOriginPage(host: string) {
  return [
    mastodonStatus({
      id: '113000000000000002',
      content: '<p>#acme rocket skates!</p>',
      createdAt: '2025-06-01T11:30:00.000Z',
      host,
    }),
    mastodonStatus({
      id: '113000000000000001',
      content: '<p>#acme anvil</p>',
      createdAt: '2025-06-01T11:20:00.000Z',
      host,
    }),
  ];
}
