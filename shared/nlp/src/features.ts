import {
  COMPLAINT_CUES,
  emoticonPolarity,
  INTENSIFIERS,
  INTERROGATIVES,
  NEGATORS,
  OPENERS,
  PRAISE_CUES,
  SCOPE_BREAKERS,
} from './cues';
import { combine, fnv1a } from './hashing';
import type { Token } from './tokenizer';
import type { WordLanguage } from './word-language';

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
  /** A sentence with a clause that opens with an interrogative (or '¿'), ending in '?'. */
  clauseQuestion: 24,
  /** Number of '?' runs (capped at 3, scaled to [0, 1]). */
  questionCount: 25,
  /** The mention is a review (set by the caller from ClassifyInput.domain, not by the scan). */
  review: 26,
  /** Length in tokens up to 300, scaled to [0, 1] (reviews run longer than posts). */
  longForm: 27,
} as const;

/** Dense slots filled by the scan (the stacked slots pNeg..pPos and the review slot are filled by the caller). */
export function isScannedSlot(i: number): boolean {
  return (i < SLOT.pNeg || i > SLOT.pPos) && i !== SLOT.review;
}
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
  /** idx[0, wordEnd) are word-group features, idx[wordEnd, charEnd) char n-grams, the rest language + dense. */
  wordEnd: number;
  charEnd: number;
  /** Cue values the intent rules read directly. */
  cues: {
    questionMark: boolean;
    questionWord: boolean;
    /** A clause opens with an interrogative and ends in '?' (any supported language). */
    clauseQuestion: boolean;
    praise: number;
    complaint: number;
    lexicon: number;
  };
}

// Local aliases of imported functions (see classifier.ts).
const hash = fnv1a;
const mix = combine;
const emoticonScore = emoticonPolarity;

const NS_WORD = 0x811c9dc5;
const NS_NEG = 0x1b873593;
const NS_TAG = 0x27d4eb2f;
const NS_CHAR = 0x165667b1;
const NS_EMO = 0x3c6ef372;
const NS_LANG = 0x5bd1e995;
const NS_BI = 0x9e3779b9;
/** First word of a sentence (after openers such as "so", "hey"), and its pair with the second word. */
const NS_START = 0x2545f491;
const NUMBER_ROW = fnv1a('<num>', NS_WORD);

const F_INTERROGATIVE = 1;
const F_PRAISE = 2;
const F_COMPLAINT = 4;
const F_NEGATOR = 8;
const F_BREAKER = 16;
const F_INTENSIFIER = 32;
const F_OPENER = 64;

/** Everything about a word that does not depend on its context; cacheable per word. */
export interface WordInfo {
  word: number;
  neg: number;
  tag: number;
  bigram: number;
  flags: number;
  /** Hashed rows of the word's char 3-5-grams (of " word "), unmasked. */
  chars: Int32Array;
  /** chars.length, kept beside the other fields the scan reads. */
  charCount: number;
  /**
   * The word's lexicon polarity per lexicon language (lexiconLanguages order): the word itself (NaN when
   * absent) then, for elongated tokens, the word with doubled letters undone ("goodd" -> "god"; 0 when
   * absent). null when no lexicon has either, which is most words.
   */
  lex: Float64Array | null;
  /** Filled by the classifier when language detection first reads the word. */
  language?: WordLanguage;
  /**
   * Filled by the classifier, in int8 weight units (sums of int8 are exact, so they can be pre-added): per
   * head, [0, 6) the char-gram weights, [6, 12) the (not negated) unigram plus its language copy
   * `unigramLangRow` (-1: none; undefined: not computed yet). One 48-byte array, which V8 keeps inline.
   */
  sums?: Int32Array;
  unigramLangRow?: number;
}

const DOUBLE_RE = /(\p{L})\1/gu;

/** The languages of a Lexicons object, in a fixed order (computed once per object). */
const lexiconOrder = new WeakMap<Lexicons, { langs: string[]; index: Map<string, number> }>();
function lexiconLanguages(lexicons: Lexicons): { langs: string[]; index: Map<string, number> } {
  let order = lexiconOrder.get(lexicons);
  if (order === undefined) {
    const langs = [...lexicons.words.keys()];
    order = { langs, index: new Map(langs.map((l, i) => [l, i])) };
    lexiconOrder.set(lexicons, order);
  }
  return order;
}

function lexiconEntry(w: string, lexicons: Lexicons): Float64Array | null {
  const { langs } = lexiconLanguages(lexicons);
  const undoubled = w.replace(DOUBLE_RE, '$1');
  let entry: Float64Array | null = null;
  langs.forEach((lang, i) => {
    const lex = lexicons.words.get(lang)!;
    const direct = lex.get(w);
    const elongated = lex.get(undoubled);
    if (direct === undefined && elongated === undefined) return;
    if (entry === null) entry = new Float64Array(2 * langs.length).fill(NaN, 0, langs.length);
    if (direct !== undefined) entry[i] = direct;
    entry[langs.length + i] = elongated ?? 0;
  });
  return entry;
}

export function analyseWord(w: string, lexicons: Lexicons): WordInfo {
  let flags = 0;
  if (INTERROGATIVES.has(w)) flags |= F_INTERROGATIVE;
  if (PRAISE_CUES.has(w)) flags |= F_PRAISE;
  if (COMPLAINT_CUES.has(w)) flags |= F_COMPLAINT;
  if (NEGATORS.has(w) || w.endsWith("n't")) flags |= F_NEGATOR;
  else if (SCOPE_BREAKERS.has(w)) flags |= F_BREAKER;
  if (INTENSIFIERS.has(w)) flags |= F_INTENSIFIER;
  if (OPENERS.has(w)) flags |= F_OPENER;
  const padded = ' ' + w + ' ';
  const n = padded.length;
  const chars = new Int32Array(Math.max(0, 3 * n - 9));
  let k = 0;
  for (let i = 0; i < n - 2; i++) {
    let ch = NS_CHAR;
    const end = Math.min(n, i + 5);
    for (let j = i; j < end; j++) {
      ch ^= padded.charCodeAt(j);
      ch = Math.imul(ch, 16777619);
      if (j - i >= 2) chars[k++] = ch;
    }
  }
  // (For a one-letter word the array is empty although the loop counted a gram: out-of-range writes to a
  // typed array are dropped, and the trained model was built that way.)
  const grams = k === chars.length ? chars : chars.subarray(0, k);
  return {
    word: fnv1a(w, NS_WORD),
    neg: fnv1a(w, NS_NEG),
    tag: fnv1a(w, NS_TAG),
    bigram: fnv1a(w, NS_BI),
    flags,
    chars: grams,
    charCount: grams.length,
    lex: lexiconEntry(w, lexicons),
  };
}

/** Receives the hashed (masked) features as the scan finds them. */
export interface FeatureSink {
  /** A word-group feature (hashtag, bigram, sentence start, emoji, punctuation). */
  word(row: number): void;
  /**
   * A word's unigram (negation-marked in a negation scope) and its language-specific copy (`langRow`, -1 for
   * English and unknown text): two word-group features, in that order. Apart from word() so the classifier
   * can memoise the pair per word.
   */
  unigram(info: WordInfo, negated: boolean, row: number, langRow: number): void;
  /** A word's char n-grams. */
  chars(info: WordInfo): void;
}

export interface ScanResult {
  dense: Float64Array;
  wordCount: number;
  charCount: number;
  langRow: number;
  cues: FeatureVector['cues'];
}

/**
 * A token's lexicon polarity in the lexicon language `li` (-1: none): the word's own entry, else for an
 * elongated token ("goooood" -> "good") the entry without doubled letters.
 */
function lexiconScore(info: WordInfo, li: number, elongated: boolean): number {
  const lex = info.lex;
  if (li < 0 || lex === null) return 0;
  const s = lex[li]!;
  if (s === s) return s; // not NaN: the word itself is listed
  return elongated ? lex[lex.length / 2 + li]! : 0;
}

/**
 * Word information (analyseWord with the scan's lexicons) of token `t`, whose text is `w`; memoised by the
 * caller when it wants (the classifier keeps a bounded cache and looks each token up once).
 */
export type WordLookup = (w: string, t: number) => WordInfo;

/**
 * The feature scan shared by training (extractFeatures) and the fast classifier path. Emits hashed features
 * to `sink`; returns the dense slots, group sizes (for normalisation) and cue values.
 */
export function scanFeatures(
  tokens: readonly Token[],
  lang: string,
  lexicons: Lexicons,
  hashBits: number,
  sink: FeatureSink,
  lookup: WordLookup = (w) => analyseWord(w, lexicons),
  // A DENSE_SLOTS-long buffer the caller may reuse (allocating one per call showed in profiles).
  dense: Float64Array = new Float64Array(DENSE_SLOTS),
): ScanResult {
  const mask = (1 << hashBits) - 1;
  dense.fill(0);
  const lexIndex = lexiconLanguages(lexicons).index;
  const langLex = lexIndex.get(lang) ?? -1;
  const enLex = lang === 'en' ? -1 : (lexIndex.get('en') ?? -1);

  let wordCount = 0;
  let charCount = 0;
  const langSeed = lang === 'en' || lang === 'und' ? 0 : hash(lang, NS_LANG);
  let negScope = 0;
  let intensify = 1;
  let prev = 0;
  let firstWord = true;
  let clauseStart = true;
  let sentInterrogative = false;
  let clauseQuestion = false;
  let startState = 0; // 0: awaiting the sentence's first word, 1: its second word, 2: done
  let startHash = 0;
  let questionRuns = 0;
  let lastQuestion = false;
  let lexHits = 0;
  let praise = 0;
  let complaint = 0;
  let questionWord = false;
  let exclaim = 0;
  let lexPos = 0;
  let lexNeg = 0;
  let emojiPos = 0;
  let emojiNeg = 0;
  let emoticonPos = 0;
  let emoticonNeg = 0;

  for (let ti = 0; ti < tokens.length; ti++) {
    const t = tokens[ti]!;
    if (t.kind === 'punct') {
      negScope = 0;
      prev = 0;
      const p = t.text;
      if (p.includes('!')) exclaim++;
      const q = p.includes('?');
      lastQuestion = q;
      if (q) {
        dense[SLOT.questionMark] = 1;
        questionRuns++;
        if (sentInterrogative) clauseQuestion = true;
      }
      clauseStart = true;
      if (p.charCodeAt(0) !== 44 /* ',' */) {
        // Sentence boundary.
        sentInterrogative = false;
        startState = 0;
        if (p.includes('¿')) {
          dense[SLOT.questionMark] = 1;
          sentInterrogative = true;
        }
      }
      sink.word(hash(p, NS_WORD) & mask);
      wordCount++;
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
      const h = hash(t.text, NS_EMO);
      sink.word(h & mask);
      wordCount++;
      if (langSeed !== 0) {
        // Emoji and emoticon use differs between languages (")" is a smile in Russian tweets).
        sink.word(mix(langSeed, h) & mask);
        wordCount++;
      }
      if (t.kind === 'emoji') {
        const p = lexicons.emoji.get(t.text) ?? 0;
        if (p > 0) emojiPos += p;
        else emojiNeg -= p;
      } else {
        const p = emoticonScore(t.text);
        if (p > 0) emoticonPos += p;
        else emoticonNeg -= p;
      }
      if (prev !== 0) {
        sink.word(mix(prev, h) & mask);
        wordCount++;
      }
      prev = h;
      continue;
    }
    if (t.kind === 'number') {
      // One shared feature for every number, and its bigram with the next word ("0 hours", "0 days").
      sink.word(NUMBER_ROW & mask);
      wordCount++;
      prev = NUMBER_ROW;
      lastQuestion = false;
      continue;
    }
    // word or hashtag
    const w = t.text;
    const info = lookup(w, ti);
    const flags = info.flags;
    if (firstWord) {
      firstWord = false;
      if (flags & F_INTERROGATIVE) dense[SLOT.questionWordStart] = 1;
    }
    if (flags & F_INTERROGATIVE) questionWord = true;
    if (t.kind === 'word') {
      lastQuestion = false;
      if ((flags & F_OPENER) === 0) {
        if (clauseStart) {
          clauseStart = false;
          if (flags & F_INTERROGATIVE) sentInterrogative = true;
        }
        if (startState === 0) {
          startHash = mix(NS_START, info.word);
          sink.word(startHash & mask);
          wordCount++;
          startState = 1;
        } else if (startState === 1) {
          sink.word(mix(startHash, info.word) & mask);
          wordCount++;
          startState = 2;
        }
      }
    }
    if (flags & F_PRAISE) praise++;
    if (flags & F_COMPLAINT) complaint++;
    if (t.elongated) dense[SLOT.elongated] = 1;
    if (t.caps) dense[SLOT.caps] = 1;

    const negated = negScope > 0;
    const h = negated ? info.neg : info.word;
    // With a language-specific copy of the word, so a word can mean different things in different languages.
    sink.unigram(info, negated, h & mask, langSeed !== 0 ? mix(langSeed, h) & mask : -1);
    wordCount += langSeed !== 0 ? 2 : 1;
    if (t.kind === 'hashtag') {
      sink.word(info.tag & mask);
      wordCount++;
    }
    if (prev !== 0) {
      sink.word(mix(prev, h) & mask);
      wordCount++;
    }
    prev = info.bigram;

    let s = lexiconScore(info, langLex, t.elongated);
    if (s === 0) s = lexiconScore(info, enLex, t.elongated);
    if (s !== 0) {
      lexHits++;
      s *= intensify * (t.elongated ? 1.3 : 1) * (t.caps ? 1.2 : 1);
      if (negated) s *= -0.6;
      if (s > 0) lexPos += s;
      else lexNeg -= s;
    }
    intensify = flags & F_INTENSIFIER ? 1.5 : 1;

    if (flags & F_NEGATOR) {
      negScope = 4;
      dense[SLOT.negation] = 1;
    } else if (flags & F_BREAKER) negScope = 0;
    else if (negScope > 0) negScope--;

    sink.chars(info);
    charCount += info.charCount;
  }

  dense[SLOT.bias] = 1;
  dense[SLOT.lexPos] = Math.log1p(lexPos);
  dense[SLOT.lexNeg] = Math.log1p(lexNeg);
  dense[SLOT.emojiPos] = Math.log1p(emojiPos);
  dense[SLOT.emojiNeg] = Math.log1p(emojiNeg);
  dense[SLOT.emoticonPos] = Math.min(emoticonPos, 2);
  dense[SLOT.emoticonNeg] = Math.min(emoticonNeg, 2);
  dense[SLOT.exclaim] = Math.min(exclaim, 3) / 3;
  dense[SLOT.questionWordAny] = questionWord ? 1 : 0;
  dense[SLOT.praiseCue] = Math.min(praise, 2) / 2;
  dense[SLOT.complaintCue] = Math.min(complaint, 2) / 2;
  dense[SLOT.length] = Math.min(tokens.length, 60) / 60;
  dense[SLOT.noLexicon] = lexHits === 0 ? 1 : 0;
  dense[SLOT.clauseQuestion] = clauseQuestion ? 1 : 0;
  dense[SLOT.questionEnd] = lastQuestion ? 1 : 0;
  dense[SLOT.questionCount] = Math.min(questionRuns, 3) / 3;
  dense[SLOT.longForm] = Math.min(tokens.length, 300) / 300;
  return {
    dense,
    wordCount,
    charCount,
    langRow: hash(lang, NS_LANG) & mask,
    cues: {
      questionMark: dense[SLOT.questionMark] === 1,
      questionWord,
      clauseQuestion,
      praise,
      complaint,
      lexicon: dense[SLOT.lexPos]! - dense[SLOT.lexNeg]!,
    },
  };
}

/** Weight of the language-indicator feature. */
export const LANG_FEATURE_VALUE = 0.5;

/**
 * Turns tokens into a sparse feature vector: hashed word uni/bi-grams (negation-marked in scope), hashtags,
 * emoji, char 3-5-grams, a language indicator, and dense lexicon/emoji/emoticon/negation/cue slots.
 * Word and char groups are each scaled to unit L2 norm (as binary features). Used by training and tests;
 * the classifier computes the same logits through scanFeatures without building the vector.
 */
export function extractFeatures(
  tokens: readonly Token[],
  lang: string,
  lexicons: Lexicons,
  hashBits: number,
  review = false,
): FeatureVector {
  const mask = (1 << hashBits) - 1;
  const wordIdx: number[] = [];
  const charIdx: number[] = [];
  const r = scanFeatures(tokens, lang, lexicons, hashBits, {
    word: (row) => wordIdx.push(row),
    unigram: (_info, _negated, row, langRow) => {
      wordIdx.push(row);
      if (langRow >= 0) wordIdx.push(langRow);
    },
    chars: (info) => {
      for (const c of info.chars) charIdx.push(c & mask);
    },
  });
  const idx: number[] = [];
  const val: number[] = [];
  const wv = wordIdx.length > 0 ? 1 / Math.sqrt(wordIdx.length) : 0;
  for (const i of wordIdx) {
    idx.push(DENSE_SLOTS + i);
    val.push(wv);
  }
  const wordEnd = idx.length;
  const cv = charIdx.length > 0 ? 1 / Math.sqrt(charIdx.length) : 0;
  for (const i of charIdx) {
    idx.push(DENSE_SLOTS + i);
    val.push(cv);
  }
  const charEnd = idx.length;
  idx.push(DENSE_SLOTS + r.langRow);
  val.push(LANG_FEATURE_VALUE);
  for (let i = 0; i < DENSE_SLOTS; i++) {
    if (!isScannedSlot(i) && i !== SLOT.review) continue;
    const v = i === SLOT.review ? (review ? 1 : 0) : r.dense[i]!;
    if (v !== 0) {
      idx.push(i);
      val.push(v);
    }
  }
  return { idx, val, wordEnd, charEnd, cues: r.cues };
}
