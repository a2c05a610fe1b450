/**
 * The original one-regex tokenizer, kept as the specification the hand-written scanner in ../tokenizer.ts must
 * match token for token (tokenizer.test.ts compares the two on fuzzed and real-looking text).
 */
// Word post-processing (lower-casing, elongation) is shared: this oracle checks how text is split into tokens.
import { EMOJI_MODIFIERS_RE, wordToken, type Token } from '../tokenizer';

const TOKEN_RE = new RegExp(
  [
    /(https?:\/\/\S+|www\.\S+)/u.source, // 1 url
    /(@[\p{L}\p{N}_]+)/u.source, // 2 handle
    /(#[\p{L}\p{N}_]+)/u.source, // 3 hashtag
    // 4 emoticon: western (:-) ;P :'( =D xD) and eastern (^_^ -_- T_T), hearts
    /((?<![\p{L}\p{N}])(?:[:;=8][-'^o]?[)\]([dDpP/\\|*3oO@$}{]+|[xX][-]?[dDpP()]+(?![\p{L}])|[)\]([][-'^]?[:;=])|<\/?3+|\^_*\^|-_+-|[tT]_+[tT]|[oO]_[oO])/u
      .source,
    /([\p{L}\p{M}][\p{L}\p{M}\p{N}'’_]*)/u.source, // 5 word
    /(\p{N}+(?:[.,:]\p{N}+)*)/u.source, // 6 number
    /(\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}])*|[\u{1F1E6}-\u{1F1FF}]{2})/u
      .source, // 7 emoji
    /([!?¿¡]+|[.,;:…]+)/u.source, // 8 punctuation that ends a negation scope or marks a question
    /(\){2,}|\({2,}|[()])/u.source, // 9 bracket runs: "))" / "((" are smileys in Russian and Polish tweets
  ].join('|'),
  'gu',
);

export function tokenizeByRegex(text: string): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    if (m[5] !== undefined) out.push(wordToken(m[5], 'word'));
    else if (m[8] !== undefined)
      out.push({
        kind: 'punct',
        text: m[8].length > 1 ? m[8].slice(0, 3) : m[8],
        elongated: false,
        caps: false,
      });
    else if (m[7] !== undefined)
      out.push({ kind: 'emoji', text: m[7].replace(EMOJI_MODIFIERS_RE, ''), elongated: false, caps: false });
    else if (m[2] !== undefined) out.push({ kind: 'handle', text: '@user', elongated: false, caps: false });
    else if (m[1] !== undefined) out.push({ kind: 'url', text: '<url>', elongated: false, caps: false });
    else if (m[3] !== undefined) out.push(wordToken(m[3].slice(1), 'hashtag'));
    else if (m[4] !== undefined) out.push({ kind: 'emoticon', text: m[4], elongated: false, caps: false });
    else if (m[6] !== undefined) out.push({ kind: 'number', text: '0', elongated: false, caps: false });
    else if (m[9] !== undefined)
      out.push({ kind: 'emoticon', text: m[9].slice(0, 2), elongated: false, caps: false });
  }
  return out;
}
