import { alertFixture } from '../test-support/alert-fixture';
import { renderAlertEmail } from './render-alert';

const context = { brandName: 'Acme Cloud' };
const actions = {
  acknowledge: 'https://dash.example/email-actions/v1.ack.sig',
  mute8h: 'https://dash.example/email-actions/v1.mute8.sig',
  mute24h: 'https://dash.example/email-actions/v1.mute24.sig',
};

describe('renderAlertEmail', () => {
  it('puts the observed and usual share in a clear subject', () => {
    const email = renderAlertEmail(alertFixture(), context);
    expect(email.subject).toBe('[Crumbtrail] Acme Cloud: negative mentions up to 70% (usually 9.2%)');
  });

  it('opens both parts with the one-sentence summary and the window in plain words', () => {
    const email = renderAlertEmail(alertFixture(), context);
    const summary =
      '70% of the 270 mentions in the last 45 minutes are negative, against 9.2% usually; most are complaints, ' +
      'mentioning “down” and “refund”.';
    expect(email.text.split('\n').slice(0, 5)).toEqual([
      'Acme Cloud: negative mentions up to 70% (usually 9.2%)',
      '',
      summary,
      '',
      'When: Sun 22 Nov, 10:15–11:00 UTC',
    ]);
    expect(email.html).toContain(summary);
    expect(email.html).toContain('Sun 22 Nov, 10:15–11:00 UTC');
    expect(email.text).not.toContain('2026-11-22T10:15:00.000Z');
    expect(email.html).not.toContain('2026-11-22T10:15');
  });

  it("shows times in the recipient's time zone", () => {
    const email = renderAlertEmail(alertFixture(), { ...context, timeZone: 'Europe/Berlin' });
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Sun 22 Nov, 11:15–12:00 CET');
      expect(part).toContain('Sun 22 Nov, 11:58 CET');
    }
  });

  it('breaks the mentions down by source and language, biggest first', () => {
    const email = renderAlertEmail(alertFixture(), context);
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Mastodon 142 · Reddit 77 · Hacker News 31 · Bluesky 20');
      expect(part).toContain('English 231 · German 24 · Portuguese 15');
    }
  });

  it('leaves the breakdown out when the event has none', () => {
    const email = renderAlertEmail(alertFixture({ breakdown: undefined }), context);
    expect(email.text).not.toContain('Sources:');
    expect(email.html).not.toContain('Where the mentions come from');
  });

  it('shows 5 samples: the most negative, without copies, most engagement first', () => {
    const email = renderAlertEmail(alertFixture(), context);
    const order = ['acme-3', 'acme-1', 'acme-2', 'acme-5', 'acme-6'];
    for (const part of [email.text, email.html]) {
      const positions = order.map((id) => part.indexOf(`/${id}`));
      expect(positions.every((p) => p > 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(part).not.toContain('acme-4'); // a copy of acme-1 with less engagement
      expect(part).not.toContain('acme-7'); // the least negative, sixth
    }
    expect(email.text).toContain('lena.k on Replay, Sun 22 Nov, 10:58 UTC, score -0.81, 310 engagements');
  });

  it('puts the statistics in a footnote, after everything else', () => {
    const email = renderAlertEmail(alertFixture(), context);
    const footnote =
      'Test: Wilson lower bound vs baseline share, z = 18.40, p &lt; 0.001. Usual level from Sun 22 Nov, ' +
      '04:15–10:15 UTC: 240 mentions, 22 negative, 31 complaints.';
    expect(email.html).toContain(footnote);
    expect(email.html.indexOf(footnote)).toBeGreaterThan(email.html.indexOf('Last 24 hours'));
    expect(email.text).toContain('p < 0.001');
    expect(email.text.indexOf('Test:')).toBeGreaterThan(email.text.indexOf('Top terms'));
    expect(email.text).toMatch(/mentions [▁▂▃▄▅▆▇█]{24}/);
  });

  it('links to the dashboard and offers the actions only when given', () => {
    const bare = renderAlertEmail(alertFixture(), context);
    expect(bare.html).not.toContain('Open the alert');
    expect(bare.html).not.toContain('Acknowledge');
    const full = renderAlertEmail(alertFixture(), {
      ...context,
      dashboardUrl: 'https://dash.example/',
      actions,
      unsubscribe: 'mailto:alerts@crumbtrail.local?subject=unsubscribe',
    });
    const alertUrl = `https://dash.example/alerts/${alertFixture().alertId}`;
    const mentionsUrl =
      'https://dash.example/brands/acme-cloud/mentions?from=2026-11-22T10%3A15%3A00.000Z&to=2026-11-22T11%3A00%3A00.000Z';
    expect(full.text).toContain(`Open the alert: ${alertUrl}`);
    expect(full.text).toContain(`Mentions of the window: ${mentionsUrl}`);
    expect(full.text).toContain(`Mute Acme Cloud for 8 hours: ${actions.mute8h}`);
    expect(full.html).toContain(`href="${alertUrl}"`);
    expect(full.html).toContain(`href="${mentionsUrl.replace(/&/g, '&amp;')}"`);
    for (const href of Object.values(actions)) expect(full.html).toContain(`href="${href}"`);
    expect(full.html).toContain('Unsubscribe');
  });

  it('is laid out for narrow screens', () => {
    const email = renderAlertEmail(alertFixture(), context);
    expect(email.html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(email.html).toContain('max-width:600px');
    expect(email.html).not.toMatch(/width="?[6-9]\d\d/); // no fixed desktop widths
  });

  it('words complaint and volume alerts by count against the usual level', () => {
    const complaints = renderAlertEmail(alertFixture({ kind: 'complaint_volume' }), context);
    // baseline: 31 complaints in 6 h -> ~4 in a 45 min window
    expect(complaints.subject).toBe('[Crumbtrail] Acme Cloud: 201 complaints in 45 min (usually ~4)');
    expect(complaints.text).toContain(
      '201 of the 270 mentions in the last 45 minutes are complaints, against about 4 in a usual 45 minutes',
    );
    const volume = renderAlertEmail(alertFixture({ kind: 'volume_spike', severity: 'critical' }), context);
    expect(volume.subject).toBe('[Crumbtrail][critical] Acme Cloud: 270 mentions in 45 min (usually ~30)');
    expect(volume.html).toContain('CRITICAL');
  });

  it('sends a short resolved note', () => {
    const email = renderAlertEmail(
      alertFixture({ state: 'resolved', resolvedAt: '2026-11-22T13:00:00.000Z' }),
      context,
    );
    expect(email.subject).toBe('[Crumbtrail] Resolved: Acme Cloud negative mentions back to normal');
    expect(email.text).toContain(
      'The negative mentions alert opened Sun 22 Nov, 11:00 UTC is over: back to normal since Sun 22 Nov, 13:00 UTC.',
    );
    expect(email.html).toContain('RESOLVED');
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
          ...alertFixture().samples[1]!,
          // Cyrillic "а" in place of the Latin "a": a lookalike of acme.com
          url: 'https://\u0430cme.com/login',
        },
      ],
      topTerms: [{ term: '<b>bold</b>', count: 3 }],
      breakdown: {
        ...alertFixture().breakdown!,
        sources: { '<img src=x onerror=alert(1)>': 3 },
        languages: { '"><script>': 2 },
      },
    });
    const email = renderAlertEmail(hostile, { brandName: 'Acme\r\nX-Injected: yes <i>' });

    it('escapes mention text, terms, breakdown keys and the brand name in the HTML part', () => {
      expect(email.html).not.toContain('<script>');
      expect(email.html).not.toContain('<img');
      expect(email.html).not.toContain('<b>bold');
      expect(email.html).not.toContain('<i>');
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
      expect(email.text).toContain('mallory Bcc: victim@example.com on Replay');
    });
  });
});
