import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrandConfig } from '@crumbtrail/contracts';
import { resolveEndpoints } from './endpoints';

const brand = BrandConfig.parse({
  id: 'acme',
  name: 'Acme',
  query: 'acme',
  notify: {
    slack: [{ urlEnv: 'ACME_SLACK_URL' }],
    teams: [{ name: 'ops', urlEnv: 'ACME_TEAMS_URL' }],
    webhooks: [{ name: 'pager', url: 'https://hooks.example/in', secretEnv: 'ACME_HOOK_SECRET' }],
  },
});

it('reads URLs and secrets from the environment or *_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'endpoints-'));
  writeFileSync(join(dir, 'secret'), 'sixteen-chars-or-more\n');
  const endpoints = resolveEndpoints([brand], {
    ACME_SLACK_URL: 'https://hooks.slack.example/T/B/X',
    ACME_TEAMS_URL: 'https://teams.example/workflow',
    ACME_HOOK_SECRET_FILE: join(dir, 'secret'),
  });
  expect(endpoints.get('acme')).toEqual([
    { channel: 'slack', name: 'default', url: 'https://hooks.slack.example/T/B/X' },
    { channel: 'teams', name: 'ops', url: 'https://teams.example/workflow' },
    { channel: 'webhook', name: 'pager', url: 'https://hooks.example/in', secret: 'sixteen-chars-or-more' },
  ]);
});

it('names every missing or bad variable, never its value', () => {
  expect(() =>
    resolveEndpoints([brand], { ACME_SLACK_URL: 'ftp://secret-token@x', ACME_HOOK_SECRET: 'short' }),
  ).toThrow(
    /notify.slack\[0\]: ACME_SLACK_URL is not an http\(s\) URL[\s\S]*notify.teams\[0\]: ACME_TEAMS_URL \(or ACME_TEAMS_URL_FILE\) is not set[\s\S]*ACME_HOOK_SECRET must be at least 16 characters/,
  );
  expect(() => resolveEndpoints([brand], { ACME_SLACK_URL: 'ftp://secret-token@x' })).not.toThrow(
    /secret-token/,
  );
});

it('refuses a secret written into brands.yaml instead of an env var name', () => {
  expect(
    BrandConfig.safeParse({ ...brand, notify: { slack: [{ urlEnv: 'https://hooks.slack.com/x' }] } }).success,
  ).toBe(false);
});
