export * from './ast';
export { parseQuery, MAX_QUERY_CLAUSES } from './parse';
export { createMatcher, createAnyOfMatcher, normalizeText, wordsPattern } from './matcher';
export type { TextMatcher } from './matcher';
export { translateQuery, toRedditQuery, toXQuery, renderClause } from './translate';
