/**
 * When to rebuild a MongoDB client that sees no server although the server is back.
 *
 * The driver's monitor normally finds a restarted server within one heartbeat (10 s). After a restart of FerretDB
 * the aggregator was seen to keep a client whose every operation failed server selection for minutes, while a new
 * connection to the same server worked at once (issue 20). The watchdog closes and reconnects such a client — the
 * same client object, so every repository built on its `Db` keeps working — but only when a fresh connection has
 * answered for longer than a heartbeat: a client that is merely slow to notice the restart is left alone.
 */

export interface RecoveryState {
  /** Since when the client has had no data-bearing server it could select (undefined: it has one). */
  noServerSince?: number;
  /** Since when fresh probe connections have answered a ping in a row (undefined: the last probe failed). */
  reachableSince?: number;
}

export interface RecoveryTimings {
  /** How long the client may see no server, and the probe must have answered, before the client is rebuilt. */
  graceMs: number;
}

/** Longer than the driver's heartbeatFrequencyMS (10 s), so that its own monitor gets a full round first. */
export const DEFAULT_RECOVERY_GRACE_MS = 15_000;

export type RecoveryAction = 'idle' | 'probe' | 'rebuild';

/** What the watchdog does on one tick. */
export function recoveryAction(now: number, s: RecoveryState, t: RecoveryTimings): RecoveryAction {
  if (s.noServerSince === undefined || now - s.noServerSince < t.graceMs) return 'idle';
  if (s.reachableSince !== undefined && now - s.reachableSince >= t.graceMs) return 'rebuild';
  return 'probe';
}

/** The state after a probe answered (or not) at `now`. */
export function afterProbe(s: RecoveryState, now: number, answered: boolean): RecoveryState {
  if (!answered) return { ...s, reachableSince: undefined };
  return { ...s, reachableSince: s.reachableSince ?? now };
}
