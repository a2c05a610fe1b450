import { punycodeHostsInText, safeLink } from './escape';

describe('safeLink', () => {
  it('links http(s) only and shows the host in punycode', () => {
    expect(safeLink('https://\u0430cme.com/login')).toEqual({
      href: 'https://xn--cme-5cd.com/login',
      display: 'xn--cme-5cd.com/login',
    });
    expect(safeLink('javascript:alert(1)')).toEqual({ display: '(javascript link removed)' });
  });
});

describe('punycodeHostsInText', () => {
  it('shows lookalike hosts of URLs in mention text in punycode, as mail clients would link them', () => {
    expect(punycodeHostsInText('refunds at https://\u0430cme.com/refund?x=1 now')).toBe(
      'refunds at https://xn--cme-5cd.com/refund?x=1 now',
    );
    expect(punycodeHostsInText('log in at www.\u0430cme.com/login')).toBe(
      'log in at www.xn--cme-5cd.com/login',
    );
    expect(punycodeHostsInText('https://user@\u0430cme.com:8443/a')).toBe(
      'https://user@xn--cme-5cd.com:8443/a',
    );
  });

  it('keeps the punctuation that ends a sentence out of the host', () => {
    expect(punycodeHostsInText('see https://\u0430cme.com, it is fake.')).toBe(
      'see https://xn--cme-5cd.com, it is fake.',
    );
    expect(punycodeHostsInText('(https://\u0430cme.com)')).toBe('(https://xn--cme-5cd.com)');
  });

  it('leaves ASCII URLs, punycode already and text without URLs alone', () => {
    const plain = 'Acme is down: https://status.acme.com/incidents/42, xn--80ak6aa92e.com, très bien.';
    expect(punycodeHostsInText(plain)).toBe(plain);
    expect(punycodeHostsInText('https://xn--80ak6aa92e.com/x')).toBe('https://xn--80ak6aa92e.com/x');
  });

  it('never shows a host it cannot convert', () => {
    expect(punycodeHostsInText('https://bad\u0000host\u00ff.com/')).not.toContain('\u00ff');
  });
});
