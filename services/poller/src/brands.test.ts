import { BrandsFile } from '@crumbtrail/contracts';
import { ConfigError } from '@crumbtrail/runtime';
import { preparePollerBrands } from './brands';

const file = (brands: unknown[]) => BrandsFile.parse({ brands });

describe('preparePollerBrands', () => {
  it('parses queries and lists enabled sources', () => {
    const [b] = preparePollerBrands(
      file([
        {
          id: 'acme',
          name: 'Acme',
          query: 'acme OR "acme corp"',
          sources: {
            x: { schedule: '*/5 * * * *' },
            hackernews: { schedule: '*/10 * * * *' },
            reddit: { schedule: '* * * * *', enabled: false },
          },
        },
      ]),
      'brands.yaml',
    );
    expect(b!.query.clauses).toHaveLength(2);
    expect(b!.sources).toEqual(['hackernews', 'x']);
  });

  it('names every bad query and schedule by its path and brand', () => {
    let error: unknown;
    try {
      preparePollerBrands(
        file([
          { id: 'a', name: 'A', query: '"acme', sources: { hackernews: { schedule: '*/5 * * * *' } } },
          { id: 'b', name: 'B', query: 'b', sources: { x: { schedule: '99 * * * *' } } },
        ]),
        'brands.yaml',
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((i) => i.variable)).toEqual(['brands[0].query', 'brands[1].sources.x.schedule']);
    expect(issues[0]!.message).toMatch(/unterminated phrase.*\(brand "a"\)/);
    expect(issues[1]!.message).toMatch(/^"99 \* \* \* \*" is not a cron expression: .*\(brand "b"\)/);
    expect((error as Error).message).toMatch(/^Invalid brands file brands.yaml:/);
  });
});
