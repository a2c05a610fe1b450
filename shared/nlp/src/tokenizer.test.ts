import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenizeByRegex } from './test-support/regex-tokenizer';
import { languageText, tokenize } from './tokenizer';

const kinds = (text: string): string[] => tokenize(text).map((t) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  it('keeps emoji (without skin-tone or variation selectors) as their own tokens', () => {
    expect(kinds('love it 👍🏽❤️')).toEqual(['word:love', 'word:it', 'emoji:👍', 'emoji:❤']);
  });

  it('recognises western and eastern emoticons and hearts', () => {
    const got = tokenize('great :) bad :-( lol xD ^_^ <3 meh -_-').filter((t) => t.kind === 'emoticon');
    expect(got.map((t) => t.text)).toEqual([':)', ':-(', 'xD', '^_^', '<3', '-_-']);
  });

  it('does not read times or URLs as emoticons', () => {
    expect(kinds('at 10:30 see https://t.co/x:D')).toEqual(['word:at', 'number:0', 'word:see', 'url:<url>']);
  });

  it('cuts elongated letters to two and flags the word', () => {
    const [so, good] = tokenize('soooo goooood');
    expect(so).toMatchObject({ text: 'soo', elongated: true });
    expect(good).toMatchObject({ text: 'good', elongated: true });
    expect(tokenize('good')[0]).toMatchObject({ text: 'good', elongated: false });
  });

  it('replaces URLs and handles by placeholders and keeps hashtag bodies', () => {
    expect(kinds('@AcmeHelp see http://x.co/a #EpicFail www.acme.com')).toEqual([
      'handle:@user',
      'word:see',
      'url:<url>',
      'hashtag:epicfail',
      'url:<url>',
    ]);
  });

  it('flags words in capitals and keeps punctuation runs that matter', () => {
    const t = tokenize('This is AWFUL?!');
    expect(t[2]).toMatchObject({ text: 'awful', caps: true });
    expect(t[3]).toMatchObject({ kind: 'punct', text: '?!' });
  });

  it('handles non-Latin scripts and apostrophes', () => {
    expect(kinds('Это ужасно, don’t')).toEqual(['word:это', 'word:ужасно', 'punct:,', "word:don't"]);
  });

  it('gives the language detector words and hashtag bodies only', () => {
    expect(languageText(tokenize('@acme #Lento muy malo 😡 http://t.co/x 123'))).toBe('lento muy malo');
  });

  it("keeps the regex's quirks: the lookbehind guards only :;=8 x ([ emoticons", () => {
    expect(kinds('girl<3 day^^ 10:30 box) 5xD')).toEqual([
      'word:girl',
      'emoticon:<3',
      'word:day',
      'emoticon:^^',
      'number:0',
      'word:box',
      'emoticon:)',
      'number:0',
      'word:xd',
    ]);
  });
});

/** Strings built from the characters where the scanner and the regex could part ways. */
function fuzzTexts(count: number): string[] {
  const pieces = [
    ...":;=8xX)]([<^-_tToO3dDpP/\\|*@$}{'’#!?¿¡.,…wh aAéÉßİΣσ1２½٣",
    ...['\u0301', '\u200d', '\ufe0f', '\u00a0', '\t', '\ud83c', '\udffb', 'Я', '日', '𝑥', '©'],
    ...['😍', '👍🏽', '❤', '🇵🇱', '🇺', '🏻', 'http://', 'https://', 'www.', 'SOooo', "don't"],
  ];
  let seed = 7;
  const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const len = 1 + Math.floor(rnd() * 16);
    for (let k = 0; k < len; k++) s += pieces[Math.floor(rnd() * pieces.length)];
    out.push(s);
  }
  return out;
}

describe('tokenize matches the original one-regex tokenizer', () => {
  it('on the regression texts and hand-picked cases', () => {
    const texts = readFileSync(join(__dirname, 'test-support', 'regression.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
    texts.push(
      'SOOOO goooood!!! :-) :o) 8oO ;P xDD xD)a x-( (: )-: <333 </3 ^_^ -__- T_T o_O ))) ((( ()',
      '@user_1 #Ça_va www.x.y https://t.co/a http:/ www. İstanbul ΣΟΦΟΣ don’t 1,000.50 12:30: ½ ٣',
      '👍🏽❤️ 👨\u200d👩\u200d👧 🇵🇱🇺 © ‼ 𝑥𝑦 \ud83d lone \udc00 surrogates',
    );
    for (const t of texts) expect(tokenize(t)).toEqual(tokenizeByRegex(t));
  });

  it('on fuzzed text', () => {
    const mismatches = fuzzTexts(20000).filter(
      (t) => JSON.stringify(tokenize(t)) !== JSON.stringify(tokenizeByRegex(t)),
    );
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
