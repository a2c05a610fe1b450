import { afterProbe, recoveryAction, type RecoveryState } from './mongo-recovery';

const t = { graceMs: 15_000 };

describe('recoveryAction', () => {
  it('does nothing while the client has a server', () => {
    expect(recoveryAction(1_000_000, {}, t)).toBe('idle');
    expect(recoveryAction(1_000_000, { reachableSince: 0 }, t)).toBe('idle');
  });

  it("leaves the driver's own monitor a grace period before probing", () => {
    expect(recoveryAction(14_999, { noServerSince: 0 }, t)).toBe('idle');
    expect(recoveryAction(15_000, { noServerSince: 0 }, t)).toBe('probe');
  });

  it('keeps probing while the server does not answer fresh connections (an outage: nothing to rebuild)', () => {
    let s: RecoveryState = { noServerSince: 0 };
    for (let now = 15_000; now < 300_000; now += 5_000) {
      expect(recoveryAction(now, s, t)).toBe('probe');
      s = afterProbe(s, now, false);
    }
  });

  it('rebuilds once fresh connections have answered for the grace period while the client still sees none', () => {
    let s: RecoveryState = { noServerSince: 0 };
    s = afterProbe(s, 20_000, true);
    expect(recoveryAction(25_000, s, t)).toBe('probe');
    s = afterProbe(s, 25_000, true);
    expect(s.reachableSince).toBe(20_000);
    expect(recoveryAction(34_999, s, t)).toBe('probe');
    expect(recoveryAction(35_000, s, t)).toBe('rebuild');
  });

  it('starts the reachable period over after a failed probe', () => {
    let s: RecoveryState = { noServerSince: 0, reachableSince: 20_000 };
    s = afterProbe(s, 30_000, false);
    expect(s.reachableSince).toBeUndefined();
    s = afterProbe(s, 40_000, true);
    expect(recoveryAction(50_000, s, t)).toBe('probe');
    expect(recoveryAction(55_000, s, t)).toBe('rebuild');
  });
});
