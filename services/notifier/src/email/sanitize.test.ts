import { bodyText, singleLine } from './sanitize';

describe('singleLine', () => {
  it('turns CR, LF, NUL and Unicode line separators into spaces and caps the length', () => {
    expect(singleLine('a\r\nBcc: x@y\u0000z\u2028w')).toBe('a Bcc: x@y z w');
    expect(singleLine('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('bodyText', () => {
  it('keeps newlines but drops ANSI escapes and bidi overrides', () => {
    expect(bodyText('line1\nline2\u001b[31mred\u202egnp.exe')).toBe('line1\nline2[31mredgnp.exe');
  });
});

describe('invisible characters', () => {
  it('removes zero-width and direction marks so a lookalike handle shows as what it is', () => {
    expect(singleLine('Acme\u200bSupport\u202e')).toBe('AcmeSupport');
    expect(bodyText('a\ufeffb\u200fc')).toBe('abc');
  });
});
