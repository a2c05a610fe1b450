export { DEFAULT_TOP_TERMS, topTerms, words } from './top-terms';
export type { TopTerm, TopTermsOptions } from './top-terms';
