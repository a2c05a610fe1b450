import type { Deps, BrandInfo } from '../deps';
import { canReadBrand, readableBrands, type Auth } from '../permissions/brand';
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

/** The brands a list route covers: the one asked for (404 unless readable), else every brand the caller may read. */
export function brandsInScope(deps: Deps, auth: Auth, brand: string | undefined): string[] {
  return brand ? [readableBrand(deps, auth, brand).id] : readableBrands(auth, [...deps.brands.keys()]);
}

/** After readableBrand: refuses an action the caller's role does not allow on a brand it may read (403). */
export function requireAction(allowed: boolean, what: string): void {
  if (!allowed) throw forbidden(`your role may not ${what}`);
}
