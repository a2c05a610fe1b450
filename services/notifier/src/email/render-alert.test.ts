import { alertFixture } from '../test-support/alert-fixture';
import { formatPValue, percent, renderAlertEmail } from './render-alert';

const context = { brandName: 'Acme Cloud' };

describe('renderAlertEmail', () => {
  it('puts the observed and baseline share in a clear subject', () => {
    const email = renderAlertEmail(alertFixture(), context);
    expect(email.subject).toBe('[Crumbtrail] Acme Cloud: negative mentions up to 70% (baseline 9.2%)');
  });

  it('shows the numbers, the test, top terms and samples in both parts', () => {
    const email = renderAlertEmail(alertFixture(), context);
    for (const part of [email.text, email.html]) {
      expect(part).toContain('189 (70%)');
      expect(part).toContain('22 (9.2%)');
      expect(part).toContain('z = 18.40');
      expect(part).toContain('refund (22)');
      expect(part).toContain('Third outage this week');
    }
    expect(email.html).toContain('href="https://social.example/@ana/acme-1"');
    expect(email.text).toMatch(/Mentions [▁▂▃▄▅▆▇█]{24}/);
    expect(email.text).toContain('p < 0.001');
    expect(email.html).toContain('p &lt; 0.001');
  });

  it('words complaint and volume alerts by count against the usual level', () => {
    const complaints = renderAlertEmail(alertFixture({ kind: 'complaint_volume' }), context);
    // baseline: 31 complaints in 6 h -> ~4 in a 45 min window
    expect(complaints.subject).toBe('[Crumbtrail] Acme Cloud: 201 complaints in 45 min (usually ~4)');
    const volume = renderAlertEmail(alertFixture({ kind: 'volume_spike', severity: 'critical' }), context);
    expect(volume.subject).toBe('[Crumbtrail][critical] Acme Cloud: 270 mentions in 45 min (usually ~30)');
  });

  it('sends a short resolved note', () => {
    const email = renderAlertEmail(
      alertFixture({ state: 'resolved', resolvedAt: '2026-11-22T13:00:00.000Z' }),
      context,
    );
    expect(email.subject).toBe('[Crumbtrail] Resolved: Acme Cloud negative mentions back to normal');
    expect(email.text).toContain('resolved at 2026-11-22T13:00:00.000Z');
  });

  describe('hostile content', () => {
    const hostile = alertFixture({
      samples: [
        {
          ...alertFixture().samples[0]!,
          text: '<script>alert("x")</script><img src=x onerror=alert(1)> <a href="javascript:evil()">win</a>',
          author: 'mallory\r\nBcc: victim@example.com',
          url: 'javascript:alert(document.cookie)',
        },
        {
          ...alertFixture().samples[0]!,
          // Cyrillic "а" in place of the Latin "a": a lookalike of acme.com
          url: 'https://\u0430cme.com/login',
        },
      ],
      topTerms: [{ term: '<b>bold</b>', count: 3 }],
    });
    const email = renderAlertEmail(hostile, { brandName: 'Acme\r\nX-Injected: yes' });

    it('escapes mention text and terms in the HTML part', () => {
      expect(email.html).not.toContain('<script>');
      expect(email.html).not.toContain('<img');
      expect(email.html).not.toContain('<b>bold');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    });

    it('never links non-http URLs', () => {
      expect(email.html).not.toMatch(/href="javascript:/i);
      expect(email.text).not.toContain('javascript:alert(document.cookie)');
      expect(email.html).toContain('(javascript link removed)');
    });

    it('shows lookalike domains as punycode', () => {
      expect(email.html).toContain('xn--cme-5cd.com/login');
      expect(email.text).toContain('https://xn--cme-5cd.com/login');
    });

    it('shows lookalike hosts in mention text and handles in punycode too', () => {
      const lookalike = renderAlertEmail(
        alertFixture({
          samples: [
            {
              ...alertFixture().samples[0]!,
              text: 'Refunds only at https://\u0430cme.com/refund, or www.\u0430cme.com',
              author: 'support@www.\u0430cme.com',
            },
          ],
        }),
        context,
      );
      for (const part of [lookalike.html, lookalike.text]) {
        expect(part).toContain('Refunds only at https://xn--cme-5cd.com/refund, or www.xn--cme-5cd.com');
        expect(part).toContain('support@www.xn--cme-5cd.com');
        expect(part).not.toContain('\u0430cme');
      }
    });

    it('keeps CR/LF out of the subject and single-line fields', () => {
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(email.subject).toContain('Acme X-Injected: yes');
      expect(email.text).toContain('mallory Bcc: victim@example.com on replay');
    });
  });
});

describe('formatPValue', () => {
  it('reads like a sentence for brand managers', () => {
    expect(formatPValue(1e-9)).toBe('p < 0.001');
    expect(formatPValue(0.0042)).toBe('p = 0.004');
    expect(formatPValue(0.031)).toBe('p = 0.03');
  });
});

describe('percent', () => {
  it('keeps one decimal below 10% and none above', () => {
    expect(percent(22, 240)).toBe('9.2%');
    expect(percent(189, 270)).toBe('70%');
    expect(percent(1, 0)).toBe('n/a');
  });
});
