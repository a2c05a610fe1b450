import { decodeBody, headerCharset, prologEncoding } from './decode';

const latin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('decodeBody', () => {
  it('reads the charset parameter of a Content-Type', () => {
    expect(headerCharset('text/xml; charset="ISO-8859-1"')).toBe('ISO-8859-1');
    expect(headerCharset('application/rss+xml;charset=utf-8')).toBe('utf-8');
    expect(headerCharset('text/html')).toBeUndefined();
  });

  it('reads the encoding of an XML declaration, after whitespace or a BOM', () => {
    expect(prologEncoding(latin1("\n <?xml version='1.0' encoding='windows-1252'?><a/>"))).toBe(
      'windows-1252',
    );
    expect(
      prologEncoding(new Uint8Array([0xef, 0xbb, 0xbf, ...latin1('<?xml version="1.0" encoding="UTF-8"?>')])),
    ).toBe('UTF-8');
    expect(prologEncoding(latin1('<?xml version="1.0"?><a/>'))).toBeUndefined();
  });

  it('a BOM wins, then the header, then the declaration, then UTF-8', () => {
    const bytes = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><a>caf\u00e9</a>');
    expect(decodeBody(bytes, 'text/xml', { xml: true })).toMatchObject({
      text: expect.stringContaining('café'),
      from: 'prolog',
    });
    expect(decodeBody(bytes, 'text/xml; charset=utf-8', { xml: true })).toMatchObject({
      text: expect.stringContaining('caf\uFFFD'),
      from: 'header',
    });
    expect(decodeBody(bytes, null, { xml: false }).from).toBe('default');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('<a>café</a>', 'utf8')]);
    expect(decodeBody(bom, 'text/xml; charset=iso-8859-1', { xml: true })).toEqual({
      text: '<a>café</a>',
      encoding: 'utf-8',
      from: 'bom',
      unknownEncoding: undefined,
    });
  });

  it('decodes windows-1252 punctuation (0x80-0x9F), also for the iso-8859-1 label as WHATWG says', () => {
    const bytes = new Uint8Array([0x93, 0x41, 0x94, 0x20, 0x80, 0x96]);
    expect(decodeBody(bytes, 'text/plain; charset=windows-1252', { xml: false }).text).toBe(
      '\u201CA\u201D \u20AC\u2013',
    );
    expect(decodeBody(bytes, 'text/plain; charset=iso-8859-1', { xml: false }).text).toBe(
      '\u201CA\u201D \u20AC\u2013',
    );
  });

  it('falls back to UTF-8 for an unknown encoding and names it', () => {
    expect(decodeBody(latin1('<a/>'), 'text/xml; charset=x-klingon', { xml: true })).toMatchObject({
      text: '<a/>',
      from: 'default',
      unknownEncoding: 'x-klingon',
    });
  });
});
