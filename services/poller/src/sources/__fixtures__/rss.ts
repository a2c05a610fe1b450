/**
 * Feeds as published: a Google Alerts Atom feed (entries whose links are google.com/url redirects, HTML in
 * title/content) and an RSS 2.0 feed with dc:creator, CDATA descriptions and content:encoded.
 */
export function googleAlertsFeed(
  entries: { id: string; url: string; title: string; content: string; published: string }[],
) {
  const body = entries
    .map(
      (e) => `<entry>
<id>tag:google.com,2013:googlealerts/feed:${e.id}</id>
<title type="html">${e.title}</title>
<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=${encodeURIComponent(e.url)}&amp;ct=ga&amp;cd=CAIyGjE2ZDk4ZjA0ZjQ2NTg0YzQ6Y29tOmVuOlVT&amp;usg=AOvVaw3xYz"/>
<published>${e.published}</published>
<updated>${e.published}</updated>
<content type="html">${e.content}</content>
<author><name/></author>
</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:idx="urn:atom-extension:indexing"><id>tag:google.com,2005:reader/user/06807031914929345698/state/com.google/alerts/10604166159629661594</id><title>Google Alert - acme</title><link href="https://www.google.com/alerts/feeds/06807031914929345698/10604166159629661594" rel="self"></link><updated>2025-06-01T11:49:22Z</updated>
${body}
</feed>`;
}

export const alertEntries = {
  recall: {
    id: '1039392940289382911',
    url: 'https://news.example.com/2025/06/01/acme-recalls-rocket-skates?utm_source=x',
    title: '&lt;b&gt;Acme&lt;/b&gt; recalls rocket skates after desert incidents',
    content:
      'The &lt;b&gt;Acme&lt;/b&gt; Corporation said on Sunday it would recall 10,000 pairs &amp;amp; refund buyers.',
    published: '2025-06-01T11:49:22Z',
  },
  review: {
    id: '1039392940289382912',
    url: 'https://blog.example.org/reviews/acme-anvil',
    title: 'Review: the &lt;b&gt;Acme&lt;/b&gt; anvil',
    content: 'Heavy, reliable, falls exactly where you expect.',
    published: '2025-06-01T10:02:00Z',
  },
};

export const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Desert Gazette</title>
  <link>https://gazette.example.net/</link>
  <atom:link href="https://gazette.example.net/feed" rel="self" type="application/rss+xml"/>
  <description>News from the desert</description>
  <language>en-us</language>
  <lastBuildDate>Sun, 01 Jun 2025 11:30:00 +0000</lastBuildDate>
  <item>
    <title>Acme opens new factory</title>
    <link>https://gazette.example.net/2025/06/acme-factory/#comments</link>
    <dc:creator><![CDATA[Jane Reporter]]></dc:creator>
    <pubDate>Sun, 01 Jun 2025 11:30:00 +0000</pubDate>
    <category><![CDATA[Business]]></category>
    <guid isPermaLink="false">https://gazette.example.net/?p=1201</guid>
    <description><![CDATA[<p>Acme's new factory will make anvils.</p>]]></description>
    <content:encoded><![CDATA[<p>Acme&#8217;s new <strong>factory</strong> will make 5,000 anvils a day.</p><img src="x.jpg"/>]]></content:encoded>
  </item>
  <item>
    <title>Weather: dry</title>
    <link>https://gazette.example.net/2025/06/weather/</link>
    <pubDate>Sun, 01 Jun 2025 09:00:00 +0000</pubDate>
    <guid>https://gazette.example.net/2025/06/weather/</guid>
    <description>Still no rain.</description>
  </item>
</channel>
</rss>`;
