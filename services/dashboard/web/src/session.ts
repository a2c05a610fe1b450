import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionResponse } from './api/types';

export interface SessionValue {
  session: SessionResponse;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** The logged-in user's session; pages render only inside the app's logged-in shell. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside the logged-in app');
  return value;
}

export type Permission = 'triage' | 'correct' | 'acknowledge' | 'mute';

/** Whether to offer an action on a brand's data (for buttons only: the API checks every request again). */
export function can(session: SessionResponse, brand: string, permission: Permission): boolean {
  return session.permissions[brand]?.[permission] ?? false;
}

export function brandName(session: SessionResponse, brand: string): string {
  return session.brands.find((b) => b.id === brand)?.name ?? brand;
}

/** The brand a page's URL asks for (`?brand=`), if the user may see it; else undefined (all their brands). */
export function visibleBrand(session: SessionResponse, requested: string | null): string | undefined {
  return requested !== null && session.brands.some((b) => b.id === requested) ? requested : undefined;
}
