/**
 * Stack Exchange API 2.3 responses: the common wrapper around question objects (filter=withbody), and the error
 * wrapper (https://api.stackexchange.com/docs/wrapper, /docs/error-handling).
 */
export function seQuestion(o: {
  id: number;
  title: string;
  body: string;
  created: number;
  user?: string;
  userId?: number;
}) {
  return {
    tags: ['acme', 'anvil'],
    owner: {
      account_id: 100 + o.id,
      reputation: 1234,
      user_id: o.userId ?? 5000 + o.id,
      user_type: 'registered',
      profile_image: 'https://www.gravatar.com/avatar/0?s=256&d=identicon&r=PG',
      display_name: o.user ?? 'Wile E. Coyote',
      link: `https://stackoverflow.com/users/${o.userId ?? 5000 + o.id}/wile`,
    },
    is_answered: false,
    view_count: 41,
    answer_count: 1,
    score: 2,
    last_activity_date: o.created + 60,
    creation_date: o.created,
    question_id: o.id,
    content_license: 'CC BY-SA 4.0',
    link: `https://stackoverflow.com/questions/${o.id}/${o.title
      .replace(/&[#\w]+;/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/-$/, '')}`,
    title: o.title,
    body: o.body,
  };
}

export function seWrapper(items: unknown[], hasMore: boolean, extra: Record<string, unknown> = {}) {
  return { items, has_more: hasMore, quota_max: 10000, quota_remaining: 9876, ...extra };
}

export const seQuestions = {
  q3: seQuestion({
    id: 79650003,
    title: 'Why does Acme&#39;s SDK throw &quot;AnvilError&quot;?',
    body: '<p>Calling <code>acme.drop()</code> throws:</p>\n<pre><code>AnvilError: out of anvils\n</code></pre>\n',
    created: 1748779000,
  }),
  q2: seQuestion({
    id: 79650002,
    title: 'Acme rocket skates API rate limits',
    body: '<p>How many requests per minute?</p>',
    created: 1748778000,
    user: 'road&amp;runner',
  }),
  q1: seQuestion({
    id: 79650001,
    title: 'Configuring acme portable holes',
    body: '<p>Docs are unclear.</p>',
    created: 1748777000,
  }),
};

export const seThrottle = {
  error_id: 502,
  error_message: 'too many requests from this IP, more requests available in 1 seconds',
  error_name: 'throttle_violation',
};
