import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStackEnv, stackDataDir } from './stack-env';

function dirWithStackEnv(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'crumbtrail-stack-env-'));
  writeFileSync(join(dir, 'stack.env'), `${lines.join('\n')}\n`);
  return dir;
}

describe('stackDataDir', () => {
  it('is <repo>/.data unless CRUMBTRAIL_DATA_DIR says otherwise, as in stack.sh', () => {
    expect(stackDataDir('/repo', {})).toBe('/repo/.data');
    expect(stackDataDir('/repo', { CRUMBTRAIL_DATA_DIR: '  ' })).toBe('/repo/.data');
    expect(stackDataDir('/repo', { CRUMBTRAIL_DATA_DIR: '/srv/crumbs' })).toBe('/srv/crumbs');
  });
});

describe('readStackEnv', () => {
  it('reads the stack that stack.sh started under CRUMBTRAIL_DATA_DIR, not <repo>/.data', () => {
    const dataDir = dirWithStackEnv([
      "export KAFKA_BROKERS='127.0.0.1:39092'",
      "export MONGO_URL='mongodb://127.0.0.1:37017/'",
      "export SMTP_HOST='127.0.0.1'",
    ]);
    const repo = mkdtempSync(join(tmpdir(), 'crumbtrail-repo-'));
    expect(readStackEnv(repo, { CRUMBTRAIL_DATA_DIR: dataDir })).toEqual({
      KAFKA_BROKERS: '127.0.0.1:39092',
      MONGO_URL: 'mongodb://127.0.0.1:37017/',
      SMTP_HOST: '127.0.0.1',
    });
    expect(() => readStackEnv(repo, {})).toThrow('KAFKA_BROKERS and MONGO_URL are unknown');
  });

  it('lets the environment name external services over the local stack', () => {
    const repo = mkdtempSync(join(tmpdir(), 'crumbtrail-repo-'));
    mkdirSync(join(repo, '.data'));
    writeFileSync(
      join(repo, '.data', 'stack.env'),
      "export KAFKA_BROKERS='a:1'\nexport MONGO_URL='mongodb://a/'\n",
    );
    expect(readStackEnv(repo, { KAFKA_BROKERS: 'b:2' })).toEqual({
      KAFKA_BROKERS: 'b:2',
      MONGO_URL: 'mongodb://a/',
    });
  });
});
