import type { AlertView } from '../view/alert-view';

/**
 * Microsoft Teams (incoming webhook or Workflows "post to a channel when a webhook request is received"): a message
 * with one Adaptive Card. Text from mentions and terms goes into RichTextBlock TextRuns, which Teams never parses as
 * markdown; the few TextBlocks (which do parse a markdown subset) get text escaped by `escapeTeamsMarkdown`.
 */
export function escapeTeamsMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`);
}

type Element = Record<string, unknown>;

function run(text: string, extra: Record<string, unknown> = {}): Element {
  return { type: 'TextRun', text, ...extra };
}

function richText(inlines: Element[], extra: Record<string, unknown> = {}): Element {
  return { type: 'RichTextBlock', inlines, ...extra };
}

export function teamsMessage(view: AlertView): Record<string, unknown> {
  const body: Element[] = [
    {
      type: 'TextBlock',
      text: escapeTeamsMarkdown(view.headline),
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
      color: view.resolved ? 'Good' : view.critical ? 'Attention' : 'Warning',
    },
    richText([run(view.summary)]),
    richText([run(view.when, { isSubtle: true })]),
    {
      type: 'FactSet',
      facts: view.numbers.map((n) => ({
        title: escapeTeamsMarkdown(n.label),
        value: escapeTeamsMarkdown(`${n.now} (usually ${n.usual})`),
      })),
    },
  ];
  if (view.sources) body.push(richText([run('Sources: ', { weight: 'Bolder' }), run(view.sources)]));
  if (view.languages) body.push(richText([run('Languages: ', { weight: 'Bolder' }), run(view.languages)]));
  for (const s of view.samples.slice(0, 5)) {
    body.push({
      type: 'Container',
      separator: true,
      items: [
        richText([run(s.text)]),
        richText([
          run(`${s.author} on ${s.source} · score ${s.score}`, { isSubtle: true, size: 'Small' }),
          ...(s.link.href
            ? [
                run(' · '),
                run(s.link.display, { selectAction: { type: 'Action.OpenUrl', url: s.link.href } }),
              ]
            : [run(` · ${s.link.display}`, { isSubtle: true, size: 'Small' })]),
        ]),
      ],
    });
  }
  body.push(richText([run(view.statistics, { isSubtle: true, size: 'Small' })], { separator: true }));
  const actions = view.links
    ? [
        { type: 'Action.OpenUrl', title: 'Open the alert', url: view.links.alert },
        { type: 'Action.OpenUrl', title: 'Mentions of the window', url: view.links.mentions },
      ]
    : [];
  return {
    type: 'message',
    summary: view.headline,
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body,
          ...(actions.length > 0 && { actions }),
        },
      },
    ],
  };
}
