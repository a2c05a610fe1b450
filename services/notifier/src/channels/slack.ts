import type { AlertView } from '../view/alert-view';

/**
 * Slack incoming-webhook message (Block Kit). All text that comes from mentions or terms is escaped for mrkdwn:
 * & < > become entities (so `<!channel>`, `<@U123>` and `<https://evil|click>` are shown, never interpreted), the
 * formatting characters * _ ~ ` are kept from pairing up by a zero-width space, and "@channel"-style words are
 * broken the same way. Links are only our own dashboard links and the mention links that passed safeLink.
 */
const ZWSP = '\u200b';

export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, (c) => `${ZWSP}${c}${ZWSP}`)
    .replace(/@(channel|here|everyone)\b/gi, `@${ZWSP}$1`);
}

/** A URL inside `<url|label>`: the separators must not appear in it. */
function slackUrl(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
}

function cap(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

type Block = Record<string, unknown>;

export function slackMessage(view: AlertView): { text: string; blocks: Block[] } {
  const icon = view.resolved ? '✅' : view.critical ? '🔴' : '🟠';
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: cap(`${icon} ${view.headline}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: cap(escapeSlack(view.summary), 3000) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: cap(
            [view.when, view.sources, view.languages]
              .filter((p): p is string => Boolean(p))
              .map(escapeSlack)
              .join('  ·  '),
            3000,
          ),
        },
      ],
    },
  ];
  if (view.samples.length > 0) {
    blocks.push({ type: 'divider' });
    for (const s of view.samples.slice(0, 5)) {
      const link = s.link.href ? ` · <${slackUrl(s.link.href)}|${escapeSlack(s.link.display)}>` : '';
      const quote = escapeSlack(s.text)
        .split('\n')
        .map((l) => `>${l}`)
        .join('\n');
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: cap(`${quote}\n${escapeSlack(`${s.author} on ${s.source} · score ${s.score}`)}${link}`, 3000),
        },
      });
    }
  }
  if (view.links) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open the alert' },
          url: view.links.alert,
          style: 'primary',
        },
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Mentions of the window' },
          url: view.links.mentions,
        },
      ],
    });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: cap(escapeSlack(view.statistics), 3000) }],
  });
  // `text` is the notification and fallback: mrkdwn too, so escaped as well.
  return { text: cap(escapeSlack(view.headline), 3000), blocks };
}
