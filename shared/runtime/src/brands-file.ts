import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { BrandsFile } from '@crumbtrail/contracts';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config';
import type { ConfigIssue } from './config';
import { formatPath } from './zod-issues';

/** brands.yaml could not be read or is not valid; `issues` name each bad entry by its path. */
export class BrandsFileError extends ConfigError {
  constructor(
    readonly file: string,
    issues: ConfigIssue[],
  ) {
    super(issues, `Invalid brands file ${file}`);
    this.name = 'BrandsFileError';
  }
}

/** Reads and validates brands.yaml (`.yaml`/`.yml`) or `.json`; defaults from the contract are applied. */
export function loadBrandsFile(path: string): BrandsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new BrandsFileError(path, [
      { variable: '(file)', message: `cannot read it (${code}); check BRANDS_FILE` },
    ]);
  }
  return parseBrandsFile(text, path);
}

/** As loadBrandsFile, from text already read; `path` picks the format and names the file in errors. */
export function parseBrandsFile(text: string, path: string): BrandsFile {
  const data = parseDocument(text, path);
  const result = BrandsFile.safeParse(data);
  if (!result.success) throw new BrandsFileError(path, describeIssues(result.error.issues, data));
  return result.data;
}

function parseDocument(text: string, path: string): unknown {
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.json') return JSON.parse(text) as unknown;
    if (ext === '.yaml' || ext === '.yml') return parseYaml(text, { prettyErrors: true }) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new BrandsFileError(path, [{ variable: '(syntax)', message: message ?? 'cannot parse' }]);
  }
  throw new BrandsFileError(path, [
    { variable: '(file)', message: `unknown extension "${ext}"; use .yaml, .yml or .json` },
  ]);
}

/** `brands[1].sources.rss.feeds[0]: Invalid URL (brand "acme")` */
function describeIssues(issues: z.core.$ZodIssue[], data: unknown): ConfigIssue[] {
  return issues.map((issue) => {
    const where = formatPath(issue.path);
    const brandId = brandIdAt(data, issue.path);
    const message = brandId === undefined ? issue.message : `${issue.message} (brand "${brandId}")`;
    return { variable: where === '' ? '(root)' : where, message };
  });
}

function brandIdAt(data: unknown, path: PropertyKey[]): string | undefined {
  if (path[0] !== 'brands' || typeof path[1] !== 'number' || path.length < 3) return undefined;
  const brands = (data as { brands?: unknown } | null)?.brands;
  if (!Array.isArray(brands)) return undefined;
  const id = (brands[path[1]] as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}
