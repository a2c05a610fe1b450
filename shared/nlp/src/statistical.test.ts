import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detect } from 'tinyld';
import { STOPWORDS } from './cues';
import { objectLiteralEnd, statisticalDetector } from './statistical';
import { languageText, tokenize } from './tokenizer';

const ONLY = 'en es pt fr de it nl pl ru uk tr ro sv da no fi cs sk hu el bg ar fa he hi ja ko zh th'.split(
  ' ',
);
const detector = statisticalDetector(ONLY);

/** Texts of every kind: the regression set raw and as the detector sees it, and random word mixes. */
function texts(): string[] {
  const rows = readFileSync(join(__dirname, 'test-support', 'regression.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const out = [...rows, ...rows.map((t) => languageText(tokenize(t)))];
  const words = [
    ...Object.values(STOPWORDS).flatMap((s) => [...s]),
    ...'zażółć gęślą jaźń straße ação façade naïve İstanbul привет їжак مرحبا 日本語 한국어 ελλάδα crème brûlée e\u0301te x_y 12abc ２３ (paren) «quote» a.b'.split(
      ' ',
    ),
  ];
  let seed = 11;
  const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 600; i++) {
    const n = 1 + Math.floor(rnd() * 12);
    const picked: string[] = [];
    for (let k = 0; k < n; k++) picked.push(words[Math.floor(rnd() * words.length)]!);
    out.push(picked.join(rnd() < 0.2 ? ', ' : ' '));
  }
  return out;
}

describe('statisticalDetector', () => {
  it("reads tinyld's dictionary (else it would only be as fast as tinyld)", () => {
    expect(detector.fast).toBe(true);
  });

  it('answers exactly as tinyld.detect with the same language list', () => {
    const wrong = texts().filter((t) => detector.detect(t) !== detect(t, { only: ONLY }));
    expect(wrong).toEqual([]);
  });

  it('answers the same on a second look (memoised word rankings)', () => {
    const t = 'servizio clienti ancora nessuna risposta';
    expect(detector.detect(t)).toBe(detector.detect(t));
    expect(detector.detect(t)).toBe(detect(t, { only: ONLY }));
  });
});

describe('objectLiteralEnd', () => {
  it('finds the closing brace, skipping braces and quotes inside strings', () => {
    const src = 'var X={a:"}",b:{c:\'{\\\'\'},d:"\\"}"};var y=1';
    const start = src.indexOf('{');
    expect(src.slice(start, objectLiteralEnd(src, start))).toBe('{a:"}",b:{c:\'{\\\'\'},d:"\\"}"}');
    expect(objectLiteralEnd('{a:{', 0)).toBe(-1);
  });
});
