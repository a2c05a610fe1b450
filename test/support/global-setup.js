// @ts-check
// Jest globalSetup for the integration and e2e projects. With KAFKA_BROKERS and MONGO_URL set (and not pointing at
// this checkout's own local stack) the tests use those services as they are. Otherwise the local stack is brought
// up (idempotent; a running healthy stack is reused) and its connection variables are copied into process.env,
// which the test workers inherit.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

/**
 * Parses the `export NAME=value` lines that deploy/local/stack.sh writes (values quoted with bash's printf %q).
 * @param {string} text
 * @returns {Record<string, string>}
 */
function parseEnvFile(text) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match || match[1] === undefined || match[2] === undefined) {
      throw new Error(`cannot parse stack env line: ${rawLine}`);
    }
    env[match[1]] = unquote(match[2]);
  }
  return env;
}

/** @param {string} value */
function unquote(value) {
  if (value === "''") return '';
  if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) return value.slice(1, -1);
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  return value.replace(/\\(.)/g, '$1');
}

/**
 * True when KAFKA_BROKERS and MONGO_URL are set and are not what this checkout's stack wrote to stack.env.
 * @param {NodeJS.ProcessEnv} env
 * @param {Record<string, string> | undefined} own
 */
function usesExternalServices(env, own) {
  if (!env.KAFKA_BROKERS || !env.MONGO_URL) return false;
  if (!own) return true;
  return env.KAFKA_BROKERS !== own.KAFKA_BROKERS || env.MONGO_URL !== own.MONGO_URL;
}

/** @param {string} file */
function readEnvFile(file) {
  try {
    return parseEnvFile(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function globalSetup() {
  const dataDir = process.env.CRUMBTRAIL_DATA_DIR || path.join(root, '.data');
  const envFile = path.join(dataDir, 'stack.env');
  if (usesExternalServices(process.env, readEnvFile(envFile))) {
    console.error(`\nusing external services: KAFKA_BROKERS=${process.env.KAFKA_BROKERS} MONGO_URL set`);
    return;
  }
  // Both the integration and the e2e project run this; the second call in the same run has nothing to do.
  if (process.env.CRUMBTRAIL_STACK_VERIFIED === '1') return;
  try {
    const out = execFileSync('bash', [path.join(root, 'deploy', 'local', 'stack.sh'), 'up'], {
      cwd: root,
      env: { ...process.env, CRUMBTRAIL_STACK_QUIET: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    process.stderr.write(`\n${out.trim()}\n`);
  } catch (err) {
    const e = /** @type {{ stdout?: string; stderr?: string }} */ (err);
    throw new Error(
      `the local stack did not start (bash deploy/local/stack.sh up):\n${e.stdout ?? ''}${e.stderr ?? ''}`,
    );
  }
  const own = readEnvFile(envFile);
  if (!own) throw new Error(`stack.sh up succeeded but wrote no ${envFile}`);
  Object.assign(process.env, own, { CRUMBTRAIL_STACK_VERIFIED: '1' });
}

module.exports = globalSetup;
module.exports.parseEnvFile = parseEnvFile;
module.exports.usesExternalServices = usesExternalServices;
