import type { Deps, BrandInfo } from '../deps';
import { canReadBrand, type Auth } from '../permissions/brand';
import { forbidden, notFound } from '../http/errors';

/**
 * The brand, when it exists and the caller may read it; otherwise 404 — the same answer for a brand that does not
 * exist and one the caller may not see, so brand names cannot be probed.
 */
export function readableBrand(deps: Deps, auth: Auth, brand: string): BrandInfo {
  const info = deps.brands.get(brand);
  if (!info || !canReadBrand(auth, brand)) throw notFound(`brand ${brand}`);
  return info;
}

/** After readableBrand: refuses an action the caller's role does not allow on a brand it may read (403). */
export function requireAction(allowed: boolean, what: string): void {
  if (!allowed) throw forbidden(`your role may not ${what}`);
}
