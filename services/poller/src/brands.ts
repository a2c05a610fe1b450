import { SOURCE_NAMES } from '@crumbtrail/contracts';
import type { BrandConfig, BrandsFile, SourceName } from '@crumbtrail/contracts';
import { ConfigError } from '@crumbtrail/runtime';
import { QueryError, parseQuery } from './query';
import type { BrandQuery } from './query';
import { cronProblem } from './scheduler';

export interface PollerBrand {
  brand: BrandConfig;
  query: BrandQuery;
  /** Enabled sources of this brand, in catalogue order. */
  sources: SourceName[];
}

/**
 * What the poller needs beyond the shared schema: every brand query parses (phrases, OR, NOT) and every source
 * schedule is a cron expression node-cron runs. Every problem is reported at once, by its path in the file.
 */
export function preparePollerBrands(file: BrandsFile, path: string): PollerBrand[] {
  const issues: { variable: string; message: string }[] = [];
  const out: PollerBrand[] = [];
  file.brands.forEach((brand, index) => {
    let query: BrandQuery | undefined;
    try {
      query = parseQuery(brand.query);
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      issues.push({ variable: `brands[${index}].query`, message: `${err.message} (brand "${brand.id}")` });
    }
    const sources: SourceName[] = [];
    for (const name of SOURCE_NAMES) {
      const options = brand.sources[name];
      if (!options || !options.enabled) continue;
      const problem = cronProblem(options.schedule);
      if (problem) {
        issues.push({
          variable: `brands[${index}].sources.${name}.schedule`,
          message: `"${options.schedule}" is not a cron expression: ${problem} (brand "${brand.id}")`,
        });
      }
      sources.push(name);
    }
    if (query) out.push({ brand, query, sources });
  });
  if (issues.length > 0) throw new ConfigError(issues, `Invalid brands file ${path}`);
  return out;
}
