/**
 * Algolia HN Search API responses (GET /api/v1/search_by_date), in the documented shape:
 * https://hn.algolia.com/api — hits carry objectID, created_at(_i), author, title/url/story_text (stories) or
 * comment_text/story_id/parent_id (comments), points, num_comments, _tags, _highlightResult.
 */
const params = 'query=acme&tags=%28story%2Ccomment%29&hitsPerPage=100';

export const hnStory = {
  _highlightResult: {
    author: { matchLevel: 'none', matchedWords: [], value: 'wile_e' },
    title: {
      fullyHighlighted: false,
      matchLevel: 'full',
      matchedWords: ['acme'],
      value: 'Show HN: <em>Acme</em> anvils, now with an API',
    },
    url: { matchLevel: 'none', matchedWords: [], value: 'https://acme.example/anvils' },
  },
  _tags: ['story', 'author_wile_e', 'story_44150002', 'show_hn'],
  author: 'wile_e',
  children: [44150003],
  created_at: '2025-06-01T11:58:20Z',
  created_at_i: 1748779100,
  num_comments: 12,
  objectID: '44150002',
  points: 87,
  story_id: 44150002,
  title: 'Show HN: Acme anvils, now with an API',
  updated_at: '2025-06-01T12:30:00Z',
  url: 'https://acme.example/anvils',
};

export const hnComment = {
  _highlightResult: {
    author: { matchLevel: 'none', matchedWords: [], value: 'roadrunner' },
    comment_text: {
      fullyHighlighted: false,
      matchLevel: 'full',
      matchedWords: ['acme'],
      value: 'I tried <em>Acme</em>...',
    },
    story_title: { matchLevel: 'none', matchedWords: [], value: 'Show HN: Acme anvils, now with an API' },
  },
  _tags: ['comment', 'author_roadrunner', 'story_44150002'],
  author: 'roadrunner',
  comment_text:
    'I tried <i>Acme</i> rockets last year &amp; they blew up.<p>Support never answered: <a href="https:&#x2F;&#x2F;acme.example&#x2F;support" rel="nofollow">https:&#x2F;&#x2F;acme.example&#x2F;support</a>',
  created_at: '2025-06-01T11:59:40Z',
  created_at_i: 1748779180,
  objectID: '44150010',
  parent_id: 44150002,
  story_id: 44150002,
  story_title: 'Show HN: Acme anvils, now with an API',
  story_url: 'https://acme.example/anvils',
  updated_at: '2025-06-01T11:59:40Z',
};

export const hnAskStory = {
  _highlightResult: {},
  _tags: ['story', 'author_coyote', 'story_44149990', 'ask_hn'],
  author: 'coyote',
  created_at: '2025-06-01T11:50:00Z',
  created_at_i: 1748778600,
  num_comments: 0,
  objectID: '44149990',
  points: 3,
  story_id: 44149990,
  story_text: 'Has anyone used the <b>Acme</b> portable hole? Is it safe?',
  title: 'Ask HN: Acme portable holes?',
  updated_at: '2025-06-01T11:50:00Z',
};

/** Matches Algolia's loose search (prefix "acme" -> "acmeville") but not the brand query. */
export const hnLooseMatch = {
  _highlightResult: {},
  _tags: ['comment', 'author_tourist', 'story_44149000'],
  author: 'tourist',
  comment_text: 'Acmeville has the best diner.',
  created_at: '2025-06-01T11:40:00Z',
  created_at_i: 1748778000,
  objectID: '44149500',
  parent_id: 44149000,
  story_id: 44149000,
  story_title: 'Small towns',
  updated_at: '2025-06-01T11:40:00Z',
};

export function hnPage(hits: unknown[], page: number, nbPages: number, nbHits = hits.length) {
  return {
    exhaustive: { nbHits: true, typo: true },
    exhaustiveNbHits: true,
    exhaustiveTypo: true,
    hits,
    hitsPerPage: 100,
    nbHits,
    nbPages,
    page,
    params: `${params}&page=${page}`,
    processingTimeMS: 2,
    query: 'acme',
    serverTimeMS: 3,
  };
}

export const hnEmpty = hnPage([], 0, 0, 0);
