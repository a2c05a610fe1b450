import type { BrandQuery, QueryAtom, QueryClause, QueryNode } from './ast';
import { QueryError } from './ast';

/** More OR-branches than this after expansion is almost certainly a mistake, and would cost one request each. */
export const MAX_QUERY_CLAUSES = 16;

type Token =
  | { kind: 'lparen' | 'rparen' | 'or' | 'and' | 'not' | 'minus'; at: number }
  | { kind: 'term' | 'phrase'; value: string; at: number };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/u.test(c);
  while (i < input.length) {
    const c = input[i]!;
    if (isSpace(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', at: i });
      i += 1;
    } else if (c === '"') {
      const end = input.indexOf('"', i + 1);
      if (end < 0)
        throw new QueryError(`unterminated phrase: the quote at position ${i + 1} is never closed`);
      const value = input
        .slice(i + 1, end)
        .trim()
        .replace(/\s+/gu, ' ');
      if (value === '') throw new QueryError(`empty phrase "" at position ${i + 1}`);
      tokens.push({ kind: 'phrase', value, at: i });
      i = end + 1;
    } else if (c === '-' && (i === 0 || isSpace(input[i - 1]) || input[i - 1] === '(')) {
      const next = input[i + 1];
      if (next === undefined || isSpace(next) || next === ')') {
        throw new QueryError(`"-" at position ${i + 1} must be followed directly by a word, phrase or group`);
      }
      tokens.push({ kind: 'minus', at: i });
      i += 1;
    } else {
      let end = i;
      while (end < input.length && !isSpace(input[end]) && !'()"'.includes(input[end]!)) end += 1;
      const word = input.slice(i, end);
      if (word === 'OR') tokens.push({ kind: 'or', at: i });
      else if (word === 'AND') tokens.push({ kind: 'and', at: i });
      else if (word === 'NOT') tokens.push({ kind: 'not', at: i });
      else tokens.push({ kind: 'term', value: word, at: i });
      i = end;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): QueryNode {
    if (this.tokens.length === 0) throw new QueryError('the query is empty');
    const node = this.parseOr();
    const extra = this.peek();
    if (extra) throw new QueryError(`unexpected ")" at position ${extra.at + 1}`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peek()?.kind === 'or') {
      const or = this.tokens[this.pos++]!;
      const next = this.peek();
      if (!next || next.kind === 'rparen' || next.kind === 'or') {
        throw new QueryError(`OR at position ${or.at + 1} needs a word, phrase or group after it`);
      }
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  private parseAnd(): QueryNode {
    const children: QueryNode[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.kind === 'rparen' || t.kind === 'or') break;
      if (t.kind === 'and') {
        this.pos += 1;
        const next = this.peek();
        if (
          children.length === 0 ||
          !next ||
          next.kind === 'rparen' ||
          next.kind === 'or' ||
          next.kind === 'and'
        ) {
          throw new QueryError(`AND at position ${t.at + 1} needs a part on both sides`);
        }
        continue;
      }
      children.push(this.parseUnary());
    }
    if (children.length === 0) {
      const t = this.peek();
      if (t?.kind === 'or')
        throw new QueryError(`OR at position ${t.at + 1} needs a word, phrase or group before it`);
      if (t?.kind === 'rparen') throw new QueryError(`empty or misplaced ")" at position ${t.at + 1}`);
      throw new QueryError('expected a word, phrase or group');
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  private parseUnary(): QueryNode {
    const t = this.peek();
    if (t && (t.kind === 'not' || t.kind === 'minus')) {
      this.pos += 1;
      const next = this.peek();
      if (!next || next.kind === 'rparen' || next.kind === 'or' || next.kind === 'and') {
        throw new QueryError(
          `${t.kind === 'not' ? 'NOT' : '"-"'} at position ${t.at + 1} needs something to negate`,
        );
      }
      return { type: 'not', child: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): QueryNode {
    const t = this.tokens[this.pos++];
    if (!t) throw new QueryError('the query ends too early');
    if (t.kind === 'term') return { type: 'term', value: t.value };
    if (t.kind === 'phrase') return { type: 'phrase', value: t.value };
    if (t.kind === 'lparen') {
      const next = this.peek();
      if (!next || next.kind === 'rparen') throw new QueryError(`empty group "()" at position ${t.at + 1}`);
      const inner = this.parseOr();
      const close = this.tokens[this.pos++];
      if (close?.kind !== 'rparen') throw new QueryError(`the "(" at position ${t.at + 1} is never closed`);
      return inner;
    }
    throw new QueryError(`unexpected token at position ${t.at + 1}`);
  }
}

/** Flattens nested AND/OR and removes double negation, so equal queries have equal trees. */
function simplify(node: QueryNode): QueryNode {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return node;
    case 'not': {
      const child = simplify(node.child);
      return child.type === 'not' ? child.child : { type: 'not', child };
    }
    case 'and':
    case 'or': {
      const children = node.children
        .map(simplify)
        .flatMap((c) => (c.type === node.type ? (c as { children: QueryNode[] }).children : [c]));
      return children.length === 1 ? children[0]! : { type: node.type, children };
    }
  }
}

const atomKey = (a: QueryAtom): string => `${a.type}:${a.value.toLowerCase()}`;

function uniqueAtoms(atoms: QueryAtom[]): QueryAtom[] {
  const seen = new Set<string>();
  return atoms.filter((a) => {
    const k = atomKey(a);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Disjunctive normal form: NOT pushed down to the atoms (De Morgan), AND distributed over OR. */
function toClauses(node: QueryNode, negated: boolean): QueryClause[] {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return [negated ? { include: [], exclude: [node] } : { include: [node], exclude: [] }];
    case 'not':
      return toClauses(node.child, !negated);
    case 'or':
    case 'and': {
      const isOr = (node.type === 'or') !== negated;
      const parts = node.children.map((c) => toClauses(c, negated));
      if (isOr) return parts.flat();
      let product: QueryClause[] = [{ include: [], exclude: [] }];
      for (const part of parts) {
        const next: QueryClause[] = [];
        for (const left of product) {
          for (const right of part) {
            next.push({
              include: [...left.include, ...right.include],
              exclude: [...left.exclude, ...right.exclude],
            });
            if (next.length > MAX_QUERY_CLAUSES * 4) {
              throw new QueryError(
                `the query expands to more than ${MAX_QUERY_CLAUSES} OR-branches; simplify it`,
              );
            }
          }
        }
        product = next;
      }
      return product;
    }
  }
}

/** Parses a brand query, or throws a QueryError that says what is wrong and where. */
export function parseQuery(input: string): BrandQuery {
  const ast = simplify(new Parser(tokenize(input)).parse());
  const seen = new Set<string>();
  const clauses: QueryClause[] = [];
  for (const raw of toClauses(ast, false)) {
    const clause = { include: uniqueAtoms(raw.include), exclude: uniqueAtoms(raw.exclude) };
    const included = new Set(clause.include.map(atomKey));
    if (clause.exclude.some((a) => included.has(atomKey(a)))) continue; // "a -a" can never match
    if (clause.include.length === 0) {
      throw new QueryError(
        'every OR-branch needs at least one word or phrase that is not negated (a search cannot be only "NOT x")',
      );
    }
    const key = `${clause.include.map(atomKey).sort().join('|')}#${clause.exclude.map(atomKey).sort().join('|')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    clauses.push(clause);
  }
  if (clauses.length === 0)
    throw new QueryError('the query can never match (every branch contradicts itself)');
  if (clauses.length > MAX_QUERY_CLAUSES) {
    throw new QueryError(
      `the query expands to ${clauses.length} OR-branches (at most ${MAX_QUERY_CLAUSES}); simplify it`,
    );
  }
  return { source: input, ast, clauses };
}
