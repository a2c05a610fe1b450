// Writes examples/ from the test fixture alert: the email (HTML and text) and the Slack, Teams and webhook payloads.
//   npm run example -w @crumbtrail/notifier
// Screenshots of the email (desktop and mobile): scripts/screenshot-example.sh (headless Chromium).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { slackMessage } from '../src/channels/slack';
import { teamsMessage } from '../src/channels/teams';
import { signedWebhookHeaders, webhookBody } from '../src/channels/webhook';
import { renderAlertEmail } from '../src/email/render-alert';
import { actionLinks, listUnsubscribe } from '../src/send-alert';
import { alertFixture } from '../src/test-support/alert-fixture';
import { buildAlertView } from '../src/view/alert-view';

const outDir = join(__dirname, '..', 'examples');
mkdirSync(outDir, { recursive: true });
const alert = alertFixture();
const dashboardUrl = 'https://crumbtrail.example';
const now = new Date('2026-11-22T11:00:05Z');
const recipient = 'manager@acme.example';
const secret = 'example-secret-example-secret-example-secret';
const email = renderAlertEmail(alert, {
  brandName: 'Acme Cloud',
  timeZone: 'Europe/Berlin',
  dashboardUrl,
  actions: actionLinks(alert, recipient, dashboardUrl, secret, now),
  unsubscribe: listUnsubscribe('Crumbtrail <alerts@crumbtrail.local>', alert.brand, recipient).slice(1, -1),
});
writeFileSync(join(outDir, 'alert-email.html'), email.html);
writeFileSync(join(outDir, 'alert-email.txt'), `Subject: ${email.subject}\n\n${email.text}`);

const view = buildAlertView(alert, { brandName: 'Acme Cloud', timeZone: 'Europe/Berlin', dashboardUrl });
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
writeFileSync(join(outDir, 'alert-slack.json'), json(slackMessage(view)));
writeFileSync(join(outDir, 'alert-teams.json'), json(teamsMessage(view)));
const body = webhookBody(alert, '3f1c0e9a5b7d4e2f8a6c1b0d9e8f7a6b', view.links?.alert);
writeFileSync(
  join(outDir, 'alert-webhook.http'),
  [
    'POST /your/endpoint HTTP/1.1',
    ...Object.entries(
      signedWebhookHeaders('example-webhook-secret', body, '3f1c0e9a5b7d4e2f8a6c1b0d9e8f7a6b', now),
    ).map(([k, v]) => `${k}: ${v}`),
    '',
    JSON.stringify(JSON.parse(body), null, 2),
    '',
  ].join('\n'),
);
console.log(
  `wrote examples/alert-email.{html,txt}, alert-slack.json, alert-teams.json, alert-webhook.http: ${email.subject}`,
);
