import type { z } from 'zod';

/** `brands[1].sources.rss.feeds[0]` */
export function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    const name = String(segment);
    return out === '' ? name : `${out}.${name}`;
  }, '');
}

/** `author.handle: Too small: expected string to have >=1 characters; url: Invalid URL` */
export function formatIssues(issues: readonly z.core.$ZodIssue[], max = 10): string {
  const shown = issues.slice(0, max).map((i) => {
    const where = formatPath(i.path);
    return where === '' ? i.message : `${where}: ${i.message}`;
  });
  if (issues.length > max) shown.push(`and ${issues.length - max} more`);
  return shown.join('; ');
}
