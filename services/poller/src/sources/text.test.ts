import { MAX_MENTION_TEXT_LENGTH } from '@crumbtrail/contracts';
import { capText, htmlToText, normalizeLang, toIso, truncate } from './text';

describe('htmlToText', () => {
  it('keeps text, drops tags, links targets and images, decodes entities', () => {
    expect(
      htmlToText(
        '<p>Loving <a href="https://acme.test/x" class="mention">@<span>acme</span></a> &amp; <b>anvils</b></p><p>Second <img src="x.png" alt="pic"> para</p>',
      ),
    ).toBe('Loving @acme & anvils\n\nSecond para');
  });

  it('handles Stack Exchange bodies with code and lists', () => {
    expect(htmlToText('<p>Why does <code>acme()</code> fail?</p>\n<ul><li>one</li><li>two</li></ul>')).toBe(
      'Why does acme() fail?\n\n * one\n * two',
    );
  });

  it('never keeps markup', () => {
    expect(htmlToText('<script>alert(1)</script><div>ok &lt;b&gt;</div>')).not.toMatch(/<script|<div/);
    expect(htmlToText('')).toBe('');
  });
});

describe('truncate / capText', () => {
  it('does not split surrogate pairs', () => {
    expect(truncate('ab😀', 3)).toBe('ab');
    expect(truncate('abc', 5)).toBe('abc');
    expect(capText('x'.repeat(MAX_MENTION_TEXT_LENGTH + 10))).toHaveLength(MAX_MENTION_TEXT_LENGTH);
  });
});

describe('normalizeLang', () => {
  it('keeps the primary subtag of valid tags', () => {
    expect(normalizeLang('en-US')).toBe('en');
    expect(normalizeLang('PT_br')).toBe('pt');
    expect(normalizeLang('und')).toBe('und');
    expect(normalizeLang('x')).toBeUndefined();
    expect(normalizeLang(null)).toBeUndefined();
  });
});

describe('toIso', () => {
  it('normalises dates', () => {
    expect(toIso('Tue, 03 Jun 2025 09:39:21 GMT')).toBe('2025-06-03T09:39:21.000Z');
    expect(toIso('2025-06-03T11:39:21+02:00')).toBe('2025-06-03T09:39:21.000Z');
    expect(toIso('nope')).toBeUndefined();
  });
});
