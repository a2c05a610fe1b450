import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ComposeService {
  environment: Record<string, string>;
  dockerfile?: string;
  buildArgs?: Record<string, string>;
  healthcheck?: string[];
  dependsOn?: string[];
  restart?: string;
  image?: string;
}

/**
 * docker-compose.yml as Docker Compose itself would resolve it (anchors, defaults, interpolation), read through the
 * compose-check tool built by the local stack's install step. The demo and the end-to-end suites start each service
 * with this same environment, so what runs here is what devops deploy.
 */
export function loadComposeServices(
  repoRoot: string,
  env: NodeJS.ProcessEnv = {},
): Record<string, ComposeService> {
  const tool = join(process.env.CRUMBTRAIL_CACHE_DIR ?? join(repoRoot, '.cache'), 'bin', 'compose-check');
  if (!existsSync(tool)) {
    throw new Error(`${tool} is missing: run "npm run stack:up" (it builds the compose checker) first`);
  }
  // Interpolate with a clean environment so developer shells don't leak into the result.
  const output = execFileSync(tool, [join(repoRoot, 'docker-compose.yml')], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', ...env },
  });
  return JSON.parse(output) as Record<string, ComposeService>;
}

export interface LocalEndpoints {
  KAFKA_BROKERS: string;
  MONGO_URL: string;
  SMTP_HOST?: string;
  SMTP_PORT?: string;
}

/**
 * Turns a compose service's environment into the one for a local process: container host names become the local
 * stack's loopback endpoints; everything else (topics, groups, tuning) stays exactly as compose says.
 */
export function localServiceEnvironment(
  composeEnv: Record<string, string>,
  endpoints: LocalEndpoints,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = { ...composeEnv };
  env.KAFKA_BROKERS = endpoints.KAFKA_BROKERS;
  if ('MONGO_URL' in env) env.MONGO_URL = endpoints.MONGO_URL;
  if ('SMTP_HOST' in env && endpoints.SMTP_HOST) env.SMTP_HOST = endpoints.SMTP_HOST;
  if ('SMTP_PORT' in env && endpoints.SMTP_PORT) env.SMTP_PORT = endpoints.SMTP_PORT;
  return { ...env, ...overrides };
}
