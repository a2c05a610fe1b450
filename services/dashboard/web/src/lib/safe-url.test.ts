import { displayHost, safeHttpUrl } from './safe-url';

describe('safeHttpUrl', () => {
  it('keeps absolute http and https links', () => {
    expect(safeHttpUrl('https://news.ycombinator.com/item?id=1')).toBe(
      'https://news.ycombinator.com/item?id=1',
    );
    expect(safeHttpUrl('http://example.com')).toBe('http://example.com/');
  });

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'file:///etc/passwd',
    '/relative/path',
    '//evil.example/x',
    'not a url',
    '',
    null,
    undefined,
  ])('refuses %p', (raw) => {
    expect(safeHttpUrl(raw)).toBeUndefined();
  });

  it('shows lookalike hosts in punycode', () => {
    expect(displayHost(safeHttpUrl('https://аpple.com/x')!)).toBe('xn--pple-43d.com');
  });
});
