import * as chars from './chars';

/**
 * Social-media tokenizer: one hand-written pass over the text (a character-class table instead of a regex),
 * allocating only the tokens and their texts. It matches the original one-regex tokenizer token for token
 * (test-support/regex-tokenizer.ts is that regex, kept as the specification the tests compare against).
 * Keeps what carries sentiment and intent in tweets: emoji, emoticons, elongation ("soooo"),
 * ALL-CAPS, hashtags (body kept, mark noted), @handles and URLs (replaced by placeholders).
 */

export type TokenKind = 'word' | 'hashtag' | 'handle' | 'url' | 'emoji' | 'emoticon' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** Normalised form: lower-cased, runs of 3+ equal letters cut to 2, emoji without variation selectors. */
  text: string;
  /** The word had a run of 3+ equal letters ("soooo"). */
  elongated: boolean;
  /** The word was written in capitals (3+ letters). */
  caps: boolean;
}

// Local copies of imported bindings: hot loops then read plain locals, not module bindings (which some
// loaders, e.g. esbuild/tsx, compile to getter calls; see classifier.ts).
const C_LETTER = chars.C_LETTER;
const C_MARK = chars.C_MARK;
const C_NUMBER = chars.C_NUMBER;
const C_PICTO = chars.C_PICTO;
const C_SPACE = chars.C_SPACE;
const charClass = chars.charClass;
const codePointBefore = chars.codePointBefore;

const ELONGATION_RE = /(\p{L})\1{2,}/gu;
/** Variation selector and skin tones: stripped from emoji tokens. */
export const EMOJI_MODIFIERS_RE = /\uFE0F|[\u{1F3FB}-\u{1F3FF}]/gu;

function hasRun(s: string): boolean {
  for (let i = 2; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === s.charCodeAt(i - 1) && c === s.charCodeAt(i - 2)) return true;
  }
  return false;
}

/** A word or hashtag body as a token: lower-cased, elongations collapsed to two letters, shouting noted. */
export function wordToken(raw: string, kind: 'word' | 'hashtag'): Token {
  let lower = raw.toLowerCase();
  if (lower.includes('’')) lower = lower.replace(/’/g, "'");
  const collapsed = hasRun(lower) ? lower.replace(ELONGATION_RE, '$1$1') : lower;
  // toLowerCase returns its input when nothing changes, so most words skip the toUpperCase copy.
  const caps = raw.length >= 3 && raw !== lower && raw === raw.toUpperCase();
  return { kind, text: collapsed, elongated: collapsed.length !== lower.length, caps };
}

const other = (kind: TokenKind, text: string): Token => ({ kind, text, elongated: false, caps: false });
const HANDLE = 'handle';
const URL = 'url';

/** Code units taken by a code point (2 for a surrogate pair). */
const width = (cp: number): number => (cp > 0xffff ? 2 : 1);

/** End of the run of code points in any of `classes` from `i` (`extra` also accepts ' ’ and _ for words). */
function runEnd(s: string, i: number, classes: number, extra: boolean): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (extra && (c === 0x27 || c === 0x2019 || c === 0x5f)) {
      i++;
      continue;
    }
    const cp = c >= 0xd800 && c <= 0xdbff ? s.codePointAt(i)! : c;
    if ((charClass(cp) & classes) === 0) break;
    i += width(cp);
  }
  return i;
}

/** [\p{L}\p{N}_]+ after '@' or '#'. */
function nameEnd(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) {
      i++;
      continue;
    }
    const cp = c >= 0xd800 && c <= 0xdbff ? s.codePointAt(i)! : c;
    if ((charClass(cp) & (C_LETTER | C_NUMBER)) === 0) break;
    i += width(cp);
  }
  return i;
}

/** `https?://\S+` or `www\.\S+` at i; -1 if none. (No white space is outside the BMP.) */
function urlEnd(s: string, i: number): number {
  let j: number;
  if (s.startsWith('http://', i)) j = i + 7;
  else if (s.startsWith('https://', i)) j = i + 8;
  else if (s.startsWith('www.', i)) j = i + 4;
  else return -1;
  const start = j;
  while (j < s.length && (charClass(s.charCodeAt(j)) & C_SPACE) === 0) j++;
  return j > start ? j : -1;
}

/** Number: \p{N}+ followed by any [.,:]\p{N}+ groups ("10:30", "1,000.5"). */
function numberEnd(s: string, i: number): number {
  let j = runEnd(s, i, C_NUMBER, false);
  for (;;) {
    const d = s.charCodeAt(j);
    if (d !== 0x2e && d !== 0x2c && d !== 0x3a) return j;
    const k = runEnd(s, j + 1, C_NUMBER, false);
    if (k === j + 1) return j;
    j = k;
  }
}

/** Emoji after its first pictograph at i: variation selectors, skin tones and ZWJ-joined pictographs. */
function emojiEnd(s: string, i: number): number {
  for (;;) {
    const d = s.charCodeAt(i);
    if (d === 0xfe0f) i++;
    else if (d === 0xd83c && s.charCodeAt(i + 1) >= 0xdffb && s.charCodeAt(i + 1) <= 0xdfff) i += 2;
    else if (d === 0x200d && i + 1 < s.length && charClass(s.codePointAt(i + 1)!) & C_PICTO)
      i += 1 + width(s.codePointAt(i + 1)!);
    else return i;
  }
}

const isRegional = (cp: number | undefined): boolean => cp !== undefined && cp >= 0x1f1e6 && cp <= 0x1f1ff;

// Roles of ASCII characters in emoticons and punctuation, as bits of a lookup table.
const EMO_START = 1; // may start an emoticon
const EMO_GUARDED = 2; // ... only when not after a letter or digit (see tokenAt)
const NOSE = 4; // ":-)", ":o)" ("o" can also be a mouth)
const MOUTH = 8; // mouths of ":)" ":D" ":/" ":P" ":*" ":3" ":$" ...
const MOUTH_X = 16; // mouths after x: "xD", "xP", "x("
const EYES = 32; // eyes of a reversed emoticon "(:"
const P_QUESTION = 64; // !?¿¡ runs
const P_STOP = 128; // .,;:… runs
const ASCII = new Uint8Array(128);
const mark = (chars: string, bit: number): void => {
  for (let i = 0; i < chars.length; i++) ASCII[chars.charCodeAt(i)]! |= bit;
};
mark(':;=8xX)]([<^-tToO', EMO_START);
// In the regex the lookbehind guards only its first three alternatives, so "10:30" and "box)" give no
// emoticon while "girl<3" and "day^^" still give "<3" / "^^".
mark(':;=8xX)]([', EMO_GUARDED);
mark("-'^o", NOSE);
mark(')]([dDpP/\\|*3oO@$}{', MOUTH);
mark('dDpP()', MOUTH_X);
mark(':;=', EYES);
mark('!?', P_QUESTION);
mark('.,;:', P_STOP);

/** The table bits of a code unit (0 for NaN past the end); ¿ ¡ … are the non-ASCII punctuation. */
function roles(c: number): number {
  if (c < 0x80) return ASCII[c]!;
  if (c === 0xbf || c === 0xa1) return P_QUESTION;
  return c === 0x2026 ? P_STOP : 0;
}

/** End of the run of code units with any of the `bits` roles from i. */
function rolesEnd(s: string, i: number, bits: number): number {
  while (i < s.length && (roles(s.charCodeAt(i)) & bits) !== 0) i++;
  return i;
}

/** End of the run of `c` from i. */
function sameEnd(s: string, i: number, c: number): number {
  while (s.charCodeAt(i) === c) i++;
  return i;
}

/**
 * An emoticon starting at i with ASCII character c; -1 if none (the caller checks EMO_GUARDED). The
 * branches are the regex's alternatives (with its backtracking spelt out):
 * [:;=8][-'^o]?[mouth]+, [xX]-?[dDpP()]+ not followed by a letter, [)\]([][-'^]?[:;=], <\/?3+, \^_*\^, -_+-,
 * [tT]_+[tT], [oO]_[oO].
 */
function emoticonEnd(s: string, i: number, c: number): number {
  let j = i + 1;
  switch (c) {
    case 0x3a: // :
    case 0x3b: // ;
    case 0x3d: // =
    case 0x38: {
      // 8
      if (roles(s.charCodeAt(j)) & NOSE) {
        const k = rolesEnd(s, j + 1, MOUTH);
        if (k > j + 1) return k;
      }
      const k = rolesEnd(s, j, MOUTH);
      return k > j ? k : -1;
    }
    case 0x78: // x
    case 0x58: {
      // X
      if (s.charCodeAt(j) === 0x2d) j++;
      for (let k = rolesEnd(s, j, MOUTH_X); k > j; k--) {
        if (k >= s.length || (charClass(s.codePointAt(k)!) & C_LETTER) === 0) return k;
      }
      return -1;
    }
    case 0x29: // )
    case 0x5d: // ]
    case 0x28: // (
    case 0x5b: {
      // [
      const d = s.charCodeAt(j);
      if ((d === 0x2d || d === 0x27 || d === 0x5e) && roles(s.charCodeAt(j + 1)) & EYES) return j + 2;
      return roles(d) & EYES ? j + 1 : -1;
    }
    case 0x3c: {
      // <
      if (s.charCodeAt(j) === 0x2f) j++;
      const k = sameEnd(s, j, 0x33);
      return k > j ? k : -1;
    }
    case 0x5e: {
      // ^
      j = sameEnd(s, j, 0x5f);
      return s.charCodeAt(j) === 0x5e ? j + 1 : -1;
    }
    case 0x2d: {
      // -
      const k = sameEnd(s, j, 0x5f);
      return k > j && s.charCodeAt(k) === 0x2d ? k + 1 : -1;
    }
    case 0x74: // t
    case 0x54: {
      // T
      const k = sameEnd(s, j, 0x5f);
      const d = s.charCodeAt(k);
      return k > j && (d === 0x74 || d === 0x54) ? k + 1 : -1;
    }
    case 0x6f: // o
    case 0x4f: {
      // O
      const d = s.charCodeAt(j + 1);
      return s.charCodeAt(j) === 0x5f && (d === 0x6f || d === 0x4f) ? j + 2 : -1;
    }
    default:
      return -1;
  }
}

/**
 * The common case of a word made of ASCII letters, digits, ' and _ only: scanned in one loop that also notes
 * what wordToken would otherwise find with toLowerCase / toUpperCase / includes passes (capitals, lower-case
 * letters, a run of 3 equal characters), so most words cost one slice. Returns -1, pushing nothing, when the
 * word goes on with a non-ASCII character or ’ (wordToken then handles it).
 */
function asciiWord(s: string, i: number, out: Token[]): number {
  let upper = false;
  let lower = false;
  let run = false;
  let prev = -1;
  let prev2 = -1;
  let j = i;
  for (; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c >= 0x61 && c <= 0x7a) lower = true;
    else if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (!((c >= 0x30 && c <= 0x39) || c === 0x27 || c === 0x5f)) {
      if (c >= 0x80) return -1;
      break;
    }
    // Runs are of lower-cased characters, as wordToken sees them ("SOoo").
    const l = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
    if (l === prev && l === prev2) run = true;
    prev2 = prev;
    prev = l;
  }
  const raw = s.slice(i, j);
  const text = upper ? raw.toLowerCase() : raw;
  const collapsed = run ? text.replace(ELONGATION_RE, '$1$1') : text;
  out.push({
    kind: 'word',
    text: collapsed,
    elongated: collapsed.length !== text.length,
    caps: raw.length >= 3 && upper && !lower,
  });
  return j;
}

/** Pushes the token that starts at i, if any, and returns its end; -1 when no token starts there. */
function tokenAt(s: string, i: number, out: Token[]): number {
  const c = s.charCodeAt(i);
  let end: number;
  if (c === 0x68 /* h */ || c === 0x77 /* w */) {
    if ((end = urlEnd(s, i)) > 0) {
      out.push(other(URL, '<url>'));
      return end;
    }
  } else if (c === 0x40 /* @ */ || c === 0x23 /* # */) {
    end = nameEnd(s, i + 1);
    if (end === i + 1) return -1;
    out.push(c === 0x40 ? other(HANDLE, '@user') : wordToken(s.slice(i + 1, end), 'hashtag'));
    return end;
  }
  const r = roles(c);
  if (
    r & EMO_START &&
    ((r & EMO_GUARDED) === 0 ||
      i === 0 ||
      (charClass(codePointBefore(s, i)) & (C_LETTER | C_NUMBER)) === 0) &&
    (end = emoticonEnd(s, i, c)) > 0
  ) {
    out.push(other('emoticon', s.slice(i, end)));
    return end;
  }
  // [a-zA-Z]: most words.
  if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a && (end = asciiWord(s, i, out)) > 0) return end;
  const cp = c >= 0xd800 && c <= 0xdbff ? s.codePointAt(i)! : c;
  const cls = charClass(cp);
  if (cls & (C_LETTER | C_MARK)) {
    end = runEnd(s, i + width(cp), C_LETTER | C_MARK | C_NUMBER, true);
    out.push(wordToken(s.slice(i, end), 'word'));
    return end;
  }
  if (cls & C_NUMBER) {
    end = numberEnd(s, i);
    out.push(other('number', '0'));
    return end;
  }
  if (cls & C_PICTO) {
    end = emojiEnd(s, i + width(cp));
    const e = s.slice(i, end);
    out.push(other('emoji', end - i > width(cp) ? e.replace(EMOJI_MODIFIERS_RE, '') : e));
    return end;
  }
  if (isRegional(cp) && isRegional(s.codePointAt(i + 2))) {
    out.push(other('emoji', s.slice(i, i + 4)));
    return i + 4;
  }
  // Punctuation that ends a negation scope or marks a question; runs kept up to 3 ("?!?").
  const p = r & (P_QUESTION | P_STOP) || roles(c) & (P_QUESTION | P_STOP);
  if (p !== 0) {
    end = rolesEnd(s, i + 1, p);
    out.push(other('punct', s.slice(i, Math.min(end, i + 3))));
    return end;
  }
  // Bracket runs: "))" / "((" are smileys in Russian and Polish tweets; a lone bracket has no polarity.
  if (c === 0x29 || c === 0x28) {
    end = sameEnd(s, i + 1, c);
    out.push(other('emoticon', s.slice(i, Math.min(end, i + 2))));
    return end;
  }
  return -1;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) === 0x20) {
      i++; // a space starts no token
      continue;
    }
    const end = tokenAt(text, i, out);
    i = end > 0 ? end : i + width(text.codePointAt(i)!);
  }
  return out;
}

/** The text a language detector should see: words and hashtag bodies, no URLs, handles, emoji or numbers. */
export function languageText(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) {
    if (t.kind === 'word' || t.kind === 'hashtag') s = s.length === 0 ? t.text : s + ' ' + t.text;
  }
  return s;
}
