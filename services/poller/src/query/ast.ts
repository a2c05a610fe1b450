/**
 * The brand query language, as written in brands.yaml:
 *
 *   acme "acme corp" OR acmecorp NOT recruiter -"job offer" (rocket OR anvil)
 *
 * - words separated by spaces must all appear (AND; the keyword `AND` is accepted and means the same)
 * - "double quotes" make a phrase: the words in that order
 * - `OR` (upper case) between two parts: either
 * - `NOT x` or `-x` (x a word, phrase or group): x must not appear
 * - parentheses group
 * Lower-case `or`, `and`, `not` are ordinary words. OR binds looser than AND: `a b OR c` is `(a b) OR c`.
 */
export type QueryNode =
  | { type: 'term'; value: string }
  | { type: 'phrase'; value: string }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode };

/** A word or a phrase: the leaves of a query. */
export type QueryAtom = Extract<QueryNode, { type: 'term' | 'phrase' }>;

/** One branch of the query in disjunctive normal form: all `include` atoms and none of the `exclude` atoms. */
export interface QueryClause {
  include: QueryAtom[];
  exclude: QueryAtom[];
}

/** A parsed brand query: the tree (for APIs with full boolean search and for local matching) and its DNF. */
export interface BrandQuery {
  source: string;
  ast: QueryNode;
  clauses: QueryClause[];
}

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}
