import type { UserRole } from '@crumbtrail/storage';

/**
 * Who is asking: a logged-in user (cookie session), a script (API token of a user), or the recipient of an alert
 * email acting through a signed link. Every route decides with the functions below and nothing else, so the rules
 * live in one place.
 */
export interface Auth {
  userId: string;
  /** Shown as who did something (audit, inbox, corrections): the user's email, or `email:<recipient>`. */
  actor: string;
  role: UserRole;
  /** Brands assigned to a manager or viewer; an admin reads every brand. */
  brands: ReadonlySet<string>;
  via: 'session' | 'token';
}

export function canReadBrand(auth: Auth | null, brand: string): boolean {
  if (!auth) return false;
  return auth.role === 'admin' || auth.brands.has(brand);
}

function canActOnBrand(auth: Auth | null, brand: string): boolean {
  if (!auth || !canReadBrand(auth, brand)) return false;
  return auth.role === 'admin' || auth.role === 'manager';
}

/** Mark inbox items handled, dismissed or open again. */
export function canTriage(auth: Auth | null, brand: string): boolean {
  return canActOnBrand(auth, brand);
}

/** Correct a mention's sentiment and intent. */
export function canCorrect(auth: Auth | null, brand: string): boolean {
  return canActOnBrand(auth, brand);
}

export function canAcknowledge(auth: Auth | null, brand: string): boolean {
  return canActOnBrand(auth, brand);
}

/** Mute (or unmute) a brand's alerts. */
export function canMute(auth: Auth | null, brand: string): boolean {
  return canActOnBrand(auth, brand);
}

export function canManageUsers(auth: Auth | null): boolean {
  return auth?.role === 'admin';
}

/** The brands of `all` this user may read, in the same order. */
export function readableBrands<T extends string>(auth: Auth | null, all: readonly T[]): T[] {
  return all.filter((b) => canReadBrand(auth, b));
}
