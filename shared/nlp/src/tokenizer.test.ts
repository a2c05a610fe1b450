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
});
