import { readFileSync } from 'node:fs';
import type { BrandConfig } from '@crumbtrail/contracts';
import { ConfigError, type ConfigIssue } from '@crumbtrail/runtime';

export type ChannelKind = 'slack' | 'teams' | 'webhook';

/** A resolved delivery target: the URL (and signing secret) read from the environment, never from brands.yaml. */
export interface Endpoint {
  channel: ChannelKind;
  name: string;
  url: string;
  secret?: string;
}

/** `NAME` or `NAME_FILE` (a file holding the value, e.g. a Docker secret), like every other secret. */
function readEnv(name: string, env: NodeJS.ProcessEnv): { value?: string; problem?: string } {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct && file) return { problem: `set either ${name} or ${name}_FILE, not both` };
  if (direct) return { value: direct };
  if (file) {
    try {
      return { value: readFileSync(file, 'utf8').replace(/\r?\n$/, '') };
    } catch (err) {
      return { problem: `cannot read ${name}_FILE (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
  }
  return { problem: `${name} (or ${name}_FILE) is not set` };
}

function checkUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'is not an http(s) URL';
  } catch {
    return 'is not a URL';
  }
}

/**
 * Every brand's Slack, Teams and webhook endpoints, with their secrets. A missing or bad variable is a start-up
 * error naming the brands.yaml entry and the variable (never the value).
 */
export function resolveEndpoints(
  brands: readonly BrandConfig[],
  env: NodeJS.ProcessEnv,
): Map<string, Endpoint[]> {
  const issues: ConfigIssue[] = [];
  const out = new Map<string, Endpoint[]>();
  for (const brand of brands) {
    const list: Endpoint[] = [];
    const where = (channel: string, index: number) => `brands.yaml ${brand.id} notify.${channel}[${index}]`;
    const url = (channel: string, index: number, name: string): string | undefined => {
      const read = readEnv(name, env);
      if (read.problem) issues.push({ variable: where(channel, index), message: read.problem });
      const bad = read.value !== undefined ? checkUrl(read.value) : undefined;
      if (bad) issues.push({ variable: where(channel, index), message: `${name} ${bad}` });
      return bad ? undefined : read.value;
    };
    for (const channel of ['slack', 'teams'] as const) {
      (brand.notify[channel] ?? []).forEach((e, i) => {
        const value = url(channel, i, e.urlEnv);
        if (value) list.push({ channel, name: e.name, url: value });
      });
    }
    (brand.notify.webhooks ?? []).forEach((w, i) => {
      const value = w.url ?? (w.urlEnv ? url('webhooks', i, w.urlEnv) : undefined);
      const secret = readEnv(w.secretEnv, env);
      if (secret.problem) issues.push({ variable: where('webhooks', i), message: secret.problem });
      else if ((secret.value ?? '').length < 16) {
        issues.push({
          variable: where('webhooks', i),
          message: `${w.secretEnv} must be at least 16 characters`,
        });
      }
      if (value && secret.value)
        list.push({ channel: 'webhook', name: w.name, url: value, secret: secret.value });
    });
    const seen = new Set<string>();
    for (const e of list) {
      const key = `${e.channel}:${e.name}`;
      if (seen.has(key)) {
        issues.push({
          variable: `brands.yaml ${brand.id} notify.${e.channel}`,
          message: `two endpoints named "${e.name}"`,
        });
      }
      seen.add(key);
    }
    out.set(brand.id, list);
  }
  if (issues.length > 0) throw new ConfigError(issues, 'Invalid notification endpoints');
  return out;
}
