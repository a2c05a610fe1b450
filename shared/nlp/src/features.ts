import { COMPLAINT_CUES, emoticonPolarity, INTENSIFIERS, INTERROGATIVES, NEGATORS, PRAISE_CUES, SCOPE_BREAKERS } from './cues';
import { combine, fnv1a } from './hashing';
import type { Token } from './tokenizer';

/** Fixed (non-hashed) feature slots at the start of the weight matrix. */
export const SLOT = {
  bias: 0,
  lexPos: 1,
  lexNeg: 2,
  emojiPos: 3,
  emojiNeg: 4,
  emoticonPos: 5,
  emoticonNeg: 6,
  exclaim: 7,
  questionMark: 8,
  questionWordStart: 9,
  questionWordAny: 10,
  elongated: 11,
  caps: 12,
  negation: 13,
  url: 14,
  handle: 15,
  praiseCue: 16,
  complaintCue: 17,
  length: 18,
  noLexicon: 19,
  questionEnd: 20,
  // Stacked inputs for the intent heads: the sentiment head's probabilities.
  pNeg: 21,
  pNeu: 22,
  pPos: 23,
} as const;
export const DENSE_SLOTS = 32;

/** Word polarity in [-1, 1], per language, plus emoji; built from the model file. */
export interface Lexicons {
  words: ReadonlyMap<string, ReadonlyMap<string, number>>;
  emoji: ReadonlyMap<string, number>;
}

export interface FeatureVector {
  /** Indices into a matrix of `DENSE_SLOTS + 2^hashBits` rows. */
  idx: number[];
  val: number[];
  /** Cue values the intent rules read directly. */
  cues: { questionMark: boolean; questionWord: boolean; praise: number; complaint: number; lexicon: number };
}

const NS_WORD = 0x811c9dc5;
const NS_NEG = 0x1b873593;
const NS_TAG = 0x27d4eb2f;
const NS_CHAR = 0x165667b1;
const NS_EMO = 0x3c6ef372;
const NS_LANG = 0x5bd1e995;
const NS_BI = 0x9e3779b9;

function isNegator(w: string): boolean {
  return NEGATORS.has(w) || w.endsWith("n't");
}

const DOUBLE_RE = /(\p{L})\1/gu;

function lexiconScore(lex: ReadonlyMap<string, number> | undefined, t: Token): number {
  if (lex === undefined) return 0;
  const s = lex.get(t.text);
  if (s !== undefined) return s;
  if (t.elongated) return lex.get(t.text.replace(DOUBLE_RE, '$1')) ?? 0;
  return 0;
}

/**
 * Turns tokens into a sparse feature vector: hashed word uni/bi-grams (negation-marked in scope), hashtags,
 * emoji, char 3-5-grams, a language indicator, and dense lexicon/emoji/emoticon/negation/cue slots.
 */
export function extractFeatures(
  tokens: readonly Token[],
  lang: string,
  lexicons: Lexicons,
  hashBits: number,
): FeatureVector {
  const mask = (1 << hashBits) - 1;
  const idx: number[] = [];
  const val: number[] = [];
  const dense = new Float64Array(DENSE_SLOTS);
  const langLex = lexicons.words.get(lang);
  const enLex = lang === 'en' ? undefined : lexicons.words.get('en');

  const wordIdx: number[] = [];
  const charIdx: number[] = [];
  let negScope = 0;
  let intensify = 1;
  let prev = 0;
  let firstWord = true;
  let lastKind: Token['kind'] | undefined;
  let lastText = '';
  let lexHits = 0;
  let praise = 0;
  let complaint = 0;
  let questionWord = false;

  for (const t of tokens) {
    lastKind = t.kind;
    lastText = t.text;
    if (t.kind === 'punct') {
      negScope = 0;
      prev = 0;
      if (t.text.includes('!')) dense[SLOT.exclaim] += 1;
      if (t.text.includes('?') || t.text.includes('¿')) dense[SLOT.questionMark] = 1;
      wordIdx.push(fnv1a(t.text, NS_WORD) & mask);
      continue;
    }
    if (t.kind === 'url') {
      dense[SLOT.url] = 1;
      prev = 0;
      continue;
    }
    if (t.kind === 'handle') {
      dense[SLOT.handle] = 1;
      prev = 0;
      continue;
    }
    if (t.kind === 'emoji' || t.kind === 'emoticon') {
      const h = fnv1a(t.text, NS_EMO);
      wordIdx.push(h & mask);
      const p = t.kind === 'emoji' ? (lexicons.emoji.get(t.text) ?? 0) : emoticonPolarity(t.text);
      const base = t.kind === 'emoji' ? SLOT.emojiPos : SLOT.emoticonPos;
      if (p > 0) dense[base] += p;
      else if (p < 0) dense[base + 1] -= p;
      if (prev !== 0) wordIdx.push(combine(prev, h) & mask);
      prev = h;
      continue;
    }
    if (t.kind === 'number') {
      prev = 0;
      continue;
    }
    // word or hashtag
    const w = t.text;
    if (firstWord) {
      firstWord = false;
      if (INTERROGATIVES.has(w)) dense[SLOT.questionWordStart] = 1;
    }
    if (INTERROGATIVES.has(w)) questionWord = true;
    if (PRAISE_CUES.has(w)) praise++;
    if (COMPLAINT_CUES.has(w)) complaint++;
    if (t.elongated) dense[SLOT.elongated] = 1;
    if (t.caps) dense[SLOT.caps] = 1;

    const negated = negScope > 0;
    const h = fnv1a(w, negated ? NS_NEG : NS_WORD);
    wordIdx.push(h & mask);
    if (t.kind === 'hashtag') wordIdx.push(fnv1a(w, NS_TAG) & mask);
    if (prev !== 0) wordIdx.push(combine(prev, h) & mask);
    prev = fnv1a(w, NS_BI);

    let s = lexiconScore(langLex, t);
    if (s === 0 && enLex !== undefined) s = lexiconScore(enLex, t);
    if (s !== 0) {
      lexHits++;
      s *= intensify * (t.elongated ? 1.3 : 1) * (t.caps ? 1.2 : 1);
      if (negated) s *= -0.6;
      if (s > 0) dense[SLOT.lexPos] += s;
      else dense[SLOT.lexNeg] -= s;
    }
    intensify = INTENSIFIERS.has(w) ? 1.5 : 1;

    if (isNegator(w)) {
      negScope = 4;
      dense[SLOT.negation] = 1;
    } else if (SCOPE_BREAKERS.has(w)) negScope = 0;
    else if (negScope > 0) negScope--;

    // char 3-5-grams of " word " (no substrings built)
    const padded = ' ' + w + ' ';
    const n = padded.length;
    for (let i = 0; i < n - 2; i++) {
      let ch = NS_CHAR;
      const end = Math.min(n, i + 5);
      for (let j = i; j < end; j++) {
        ch ^= padded.charCodeAt(j);
        ch = Math.imul(ch, 16777619);
        if (j - i >= 2) charIdx.push((ch >>> 0) & mask);
      }
    }
  }

  if (wordIdx.length > 0) {
    const v = 1 / Math.sqrt(wordIdx.length);
    for (const i of wordIdx) {
      idx.push(DENSE_SLOTS + i);
      val.push(v);
    }
  }
  if (charIdx.length > 0) {
    const v = 1 / Math.sqrt(charIdx.length);
    for (const i of charIdx) {
      idx.push(DENSE_SLOTS + i);
      val.push(v);
    }
  }
  idx.push(DENSE_SLOTS + (fnv1a(lang, NS_LANG) & mask));
  val.push(0.5);

  const questionMark = dense[SLOT.questionMark] === 1;
  dense[SLOT.bias] = 1;
  dense[SLOT.lexPos] = Math.log1p(dense[SLOT.lexPos]);
  dense[SLOT.lexNeg] = Math.log1p(dense[SLOT.lexNeg]);
  dense[SLOT.emojiPos] = Math.log1p(dense[SLOT.emojiPos]);
  dense[SLOT.emojiNeg] = Math.log1p(dense[SLOT.emojiNeg]);
  dense[SLOT.emoticonPos] = Math.min(dense[SLOT.emoticonPos], 2);
  dense[SLOT.emoticonNeg] = Math.min(dense[SLOT.emoticonNeg], 2);
  dense[SLOT.exclaim] = Math.min(dense[SLOT.exclaim], 3) / 3;
  dense[SLOT.questionWordAny] = questionWord ? 1 : 0;
  dense[SLOT.praiseCue] = Math.min(praise, 2) / 2;
  dense[SLOT.complaintCue] = Math.min(complaint, 2) / 2;
  dense[SLOT.length] = Math.min(tokens.length, 60) / 60;
  dense[SLOT.noLexicon] = lexHits === 0 ? 1 : 0;
  dense[SLOT.questionEnd] = lastKind === 'punct' && lastText.includes('?') ? 1 : 0;
  for (let i = 0; i < SLOT.pNeg; i++) {
    if (dense[i] !== 0) {
      idx.push(i);
      val.push(dense[i]!);
    }
  }
  return {
    idx,
    val,
    cues: {
      questionMark,
      questionWord,
      praise,
      complaint,
      lexicon: dense[SLOT.lexPos]! - dense[SLOT.lexNeg]!,
    },
  };
}
