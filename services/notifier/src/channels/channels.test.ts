import { alertFixture } from '../test-support/alert-fixture';
import { buildAlertView } from '../view/alert-view';
import { escapeSlack, slackMessage } from './slack';
import { escapeTeamsMarkdown, teamsMessage } from './teams';
import { verifyWebhook, webhookBody, webhookSignature, signedWebhookHeaders } from './webhook';

const HOSTILE =
  '<!channel> <!here> <@U123ABC> <https://evil.example|click for your refund> *bold* _it_ ~x~ `code` @channel ' +
  '[click](https://evil.example) **boom** # Heading <at>Boss</at> & more';

const hostileAlert = alertFixture({
  samples: [{ ...alertFixture().samples[0]!, text: HOSTILE, author: '<@U999> *admin*' }],
  topTerms: [{ term: '<!everyone>', count: 9 }],
});
const view = buildAlertView(hostileAlert, {
  brandName: 'Acme Cloud',
  timeZone: 'UTC',
  dashboardUrl: 'https://dash.example',
});

/** Every string anywhere in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('Slack', () => {
  it('escapes &, < and > so that mentions, broadcasts and links are shown, not interpreted', () => {
    const escaped = escapeSlack('<!channel> <@U1> <https://e.example|x> a&b');
    expect(escaped).toBe('&lt;!channel&gt; &lt;@U1&gt; &lt;https://e.example|x&gt; a&amp;b');
  });

  it('keeps formatting characters from pairing up and breaks bare @channel', () => {
    expect(escapeSlack('*bold* @channel')).toBe('\u200b*\u200bbold\u200b*\u200b @\u200bchannel');
  });

  it('puts no raw control sequence anywhere in the message', () => {
    const message = slackMessage(view);
    const all = strings(message).join('\n');
    expect(all).not.toMatch(/<!(channel|here|everyone)>/);
    expect(all).not.toContain('<@U');
    expect(all).not.toContain('<https://evil.example|');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;@U999&gt;');
    // the only links are the mention's own (safeLink) and the dashboard's
    const links = [...all.matchAll(/<(https?:[^|>]+)\|/g)].map((m) => m[1]);
    expect(links).toEqual([hostileAlert.samples[0]!.url]);
  });

  it('has the Block Kit shape: header, summary, context, samples, buttons, footnote', () => {
    const message = slackMessage(
      buildAlertView(alertFixture(), {
        brandName: 'Acme Cloud',
        timeZone: 'UTC',
        dashboardUrl: 'https://dash.example',
      }),
    );
    expect(message.text).toBe('Acme Cloud: negative mentions up to 70% (usually 9.2%)');
    expect(message.blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'context',
      'divider',
      'section',
      'section',
      'section',
      'section',
      'section',
      'actions',
      'context',
    ]);
    expect(JSON.stringify(message.blocks[9])).toContain(
      `"url":"https://dash.example/alerts/${alertFixture().alertId}"`,
    );
  });
});

describe('Teams', () => {
  it('escapes markdown in TextBlocks', () => {
    expect(escapeTeamsMarkdown('**x** [a](b) <at>y</at> & #')).toBe(
      '\\*\\*x\\*\\* \\[a\\]\\(b\\) &lt;at&gt;y&lt;/at&gt; &amp; \\#',
    );
  });

  it('puts mention text only in TextRuns, which Teams does not parse', () => {
    const card = (teamsMessage(view).attachments as { content: { body: unknown[] } }[])[0]!.content;
    const runs: string[] = [];
    const blocks: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'TextRun') runs.push(String(n.text));
      if (n.type === 'TextBlock') blocks.push(String(n.text));
      if (n.type === 'FactSet') blocks.push(...strings(n.facts));
      Object.values(n).forEach(walk);
    };
    walk(card.body);
    expect(runs).toContain(HOSTILE);
    for (const text of blocks) {
      expect(text).not.toContain('**boom**');
      expect(text).not.toContain('<at>');
      expect(text).not.toContain('[click](');
    }
    expect(teamsMessage(view)).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: { type: 'AdaptiveCard', version: '1.4' },
        },
      ],
    });
  });
});

describe('webhook', () => {
  const secret = 'a-webhook-secret-of-some-length';
  const now = new Date('2026-11-22T11:00:05Z');

  it('sends the alerts.v1 event, the delivery id and a link', () => {
    const body = JSON.parse(webhookBody(hostileAlert, 'd1', 'https://dash.example/alerts/x'));
    expect(body).toEqual({ deliveryId: 'd1', event: hostileAlert, link: 'https://dash.example/alerts/x' });
  });

  it('signs "<timestamp>.<body>" and refuses a changed body, another secret or an old timestamp', () => {
    const body = webhookBody(alertFixture(), 'd1', undefined);
    const headers = signedWebhookHeaders(secret, body, 'd1', now);
    expect(headers['X-Crumbtrail-Timestamp']).toBe('1795345205');
    expect(headers['X-Crumbtrail-Signature']).toBe(webhookSignature(secret, 1795345205, body));
    expect(headers['X-Crumbtrail-Signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const given = {
      timestamp: headers['X-Crumbtrail-Timestamp'],
      signature: headers['X-Crumbtrail-Signature'],
    };
    expect(verifyWebhook(secret, given, body, now)).toBe(true);
    expect(verifyWebhook(secret, given, body.replace('acme-cloud', 'acme-clouc'), now)).toBe(false);
    expect(verifyWebhook(`${secret}x`, given, body, now)).toBe(false);
    expect(verifyWebhook(secret, given, body, new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifyWebhook(secret, { ...given, timestamp: '1795345206' }, body, now)).toBe(false);
  });
});
