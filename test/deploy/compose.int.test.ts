import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { loadComposeServices } from '../../deploy/pipeline/compose-env';
import { configSchema as aggregator } from '../../services/aggregator/src/config';
import { configSchema as classifier } from '../../services/classifier/src/config';
import { configSchema as dashboard } from '../../services/dashboard/src/config';
import { configSchema as notifier } from '../../services/notifier/src/config';
import { configSchema as poller } from '../../services/poller/src/config';

/**
 * docker-compose.yml is the deployment path, but no Docker engine runs in CI: the file is loaded by compose-go (the
 * library Docker Compose itself uses) and compared with what each service actually reads.
 */
const repoRoot = resolve(__dirname, '..', '..');
const schemas: Record<string, z.ZodObject> = { poller, classifier, aggregator, notifier, dashboard };
const compose = loadComposeServices(repoRoot);
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** Variables named in the README's configuration tables: rows starting with `| `NAME` |`. */
function documentedVariables(): Set<string> {
  const section = readme.slice(readme.indexOf('## Configuration'));
  return new Set([...section.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`/gm)].map((m) => m[1]!));
}

function isRequired(schema: z.ZodObject, key: string): boolean {
  const field = schema.shape[key] as z.ZodType;
  return !field.safeParse(undefined).success;
}

describe('docker-compose.yml', () => {
  it('has every service, built from deploy/docker/Dockerfile, restarting, with a health check in the image', () => {
    for (const name of Object.keys(schemas)) {
      expect(compose[name]).toBeDefined();
      expect(compose[name]!.dockerfile).toBe('deploy/docker/Dockerfile');
      expect(compose[name]!.buildArgs).toEqual({ SERVICE: name });
      expect(compose[name]!.restart).toBe('unless-stopped');
    }
    const dockerfile = readFileSync(join(repoRoot, 'deploy', 'docker', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it.each(Object.keys(schemas))('sets every variable %s requires, and none it does not read', (name) => {
    const schema = schemas[name]!;
    const env = compose[name]!.environment;
    const known = new Set(Object.keys(schema.shape));
    const missing = [...known].filter((key) => isRequired(schema, key) && !(key in env));
    expect(missing).toEqual([]);
    expect(Object.keys(env).filter((key) => !known.has(key))).toEqual([]);
    // The compose environment must itself be a valid configuration for the service.
    const result = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
    expect(
      result.success ? [] : result.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`),
    ).toEqual([]);
  });

  it('documents every variable any service reads in the README configuration table', () => {
    const documented = documentedVariables();
    const undocumented = Object.values(schemas)
      .flatMap((schema) => Object.keys(schema.shape))
      .filter((key, index, all) => all.indexOf(key) === index && !documented.has(key));
    expect(undocumented).toEqual([]);
  });
});
