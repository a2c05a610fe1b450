import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrandsFileError, loadBrandsFile } from './brands-file';
import { ConfigError } from './config';

const dir = mkdtempSync(join(tmpdir(), 'crumbtrail-brands-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function brandsError(fn: () => unknown): BrandsFileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BrandsFileError) return err;
    throw err;
  }
  throw new Error('expected a BrandsFileError');
}

const goodYaml = `
brands:
  - id: acme
    name: Acme Corp
    query: '"acme" OR acmecorp -roadrunner'
    sources:
      hackernews: { schedule: "*/5 * * * *" }
      rss:
        schedule: "*/10 * * * *"
        feeds: [https://example.com/feed.xml]
    notify:
      recipients: [ops@example.com]
  - id: globex
    name: Globex
    query: globex
`;

describe('loadBrandsFile', () => {
  it('reads YAML and applies the contract defaults', () => {
    const brands = loadBrandsFile(file('good.yaml', goodYaml));
    expect(brands.brands.map((b) => b.id)).toEqual(['acme', 'globex']);
    const acme = brands.brands[0]!;
    expect(acme.sources.rss?.feeds).toEqual(['https://example.com/feed.xml']);
    expect(acme.sources.hackernews?.enabled).toBe(true);
    expect(acme.alerts.sensitivity).toBe('normal');
    expect(brands.brands[1]!.notify).toEqual({ recipients: [], dailyDigest: false });
  });

  it('reads JSON by extension', () => {
    const json = JSON.stringify({ brands: [{ id: 'acme', name: 'Acme', query: 'acme' }] });
    expect(loadBrandsFile(file('good.json', json)).brands[0]!.id).toBe('acme');
  });

  it('names each bad entry by its path', () => {
    const bad = `
brands:
  - id: acme
    name: Acme
    query: acme
  - id: initech
    name: Initech
    query: initech
    sources:
      rss: { schedule: "*/10 * * * *", feeds: ["not a url"] }
    notify: { recipients: [nobody] }
  - id: Bad_Id
    name: Bad
    query: bad
    colour: blue
`;
    const err = brandsError(() => loadBrandsFile(file('bad.yaml', bad)));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('brands[1].sources.rss.feeds[0]: Invalid URL');
    expect(err.message).toContain('(brand "initech")');
    expect(err.issues.map((i) => i.variable)).toEqual(
      expect.arrayContaining([
        'brands[1].sources.rss.feeds[0]',
        'brands[1].notify.recipients[0]',
        'brands[2].id',
        'brands[2]',
      ]),
    );
    expect(err.message).toContain('colour');
    expect(err.message).toContain(join(dir, 'bad.yaml'));
  });

  it('reports duplicate brand ids', () => {
    const dup = 'brands:\n  - {id: acme, name: A, query: a}\n  - {id: acme, name: B, query: b}\n';
    expect(brandsError(() => loadBrandsFile(file('dup.yml', dup))).message).toContain(
      'brands[1].id: duplicate brand id "acme"',
    );
  });

  it('reports YAML syntax errors, unknown extensions and missing files', () => {
    expect(
      brandsError(() => loadBrandsFile(file('syntax.yaml', 'brands: [\n  - id: x'))).issues[0]!.variable,
    ).toBe('(syntax)');
    expect(brandsError(() => loadBrandsFile(file('brands.toml', 'x = 1'))).message).toContain('.toml');
    expect(brandsError(() => loadBrandsFile(join(dir, 'missing.yaml'))).message).toContain('ENOENT');
  });
});
