import type { SourceName } from '@crumbtrail/contracts';

/**
 * Health of each brand's source: consecutive failed polls make it unhealthy, one good poll makes it healthy again.
 * An unhealthy source is reported in /healthz details and the `poller_source_healthy` gauge; it does not fail the
 * process's liveness, since restarting the poller does not fix an API that is down (the other sources go on).
 */
export interface SourceHealthEntry {
  brand: string;
  source: SourceName;
  state: 'healthy' | 'unhealthy' | 'skipped' | 'pending';
  consecutiveFailures: number;
  lastError?: string;
  /** The URL (credentials redacted) and reason of the last failure, when it came from one request or page. */
  lastFailure?: { url?: string; reason: string };
  /** First failed poll of the current run of failures. */
  failingSince?: string;
  lastSuccessAt?: string;
  lastAttemptAt?: string;
  skippedReason?: string;
}

/** A source that became unhealthy (`source_down`) or healthy again (`source_recovered`). */
export interface SourceTransition {
  event: 'source_down' | 'source_recovered';
  /** The entry after the change. */
  entry: SourceHealthEntry;
  /** On recovery: the entry as it was while down (what failed, since when, how many polls). */
  down?: SourceHealthEntry;
}

export class SourceHealth {
  private readonly entries = new Map<string, SourceHealthEntry>();

  constructor(
    private readonly unhealthyAfter: number,
    private readonly onChange: (entry: SourceHealthEntry) => void = () => {},
    private readonly onTransition: (t: SourceTransition) => void = () => {},
  ) {}

  private entry(brand: string, source: SourceName): SourceHealthEntry {
    const key = `${brand}:${source}`;
    let e = this.entries.get(key);
    if (!e) {
      e = { brand, source, state: 'pending', consecutiveFailures: 0 };
      this.entries.set(key, e);
    }
    return e;
  }

  register(brand: string, source: SourceName): void {
    this.onChange(this.entry(brand, source));
  }

  skipped(brand: string, source: SourceName, reason: string): void {
    const e = this.entry(brand, source);
    e.state = 'skipped';
    e.skippedReason = reason;
    this.onChange(e);
  }

  success(brand: string, source: SourceName, at: Date): void {
    const e = this.entry(brand, source);
    const wasDown = e.state === 'unhealthy';
    const down = wasDown ? { ...e } : undefined;
    e.state = 'healthy';
    e.consecutiveFailures = 0;
    e.lastError = undefined;
    e.lastFailure = undefined;
    e.failingSince = undefined;
    e.lastSuccessAt = at.toISOString();
    e.lastAttemptAt = at.toISOString();
    this.onChange(e);
    if (down) this.onTransition({ event: 'source_recovered', entry: { ...e }, down });
  }

  failure(
    brand: string,
    source: SourceName,
    error: string,
    at: Date,
    detail?: { url?: string; reason: string },
  ): void {
    const e = this.entry(brand, source);
    const wasDown = e.state === 'unhealthy';
    e.consecutiveFailures += 1;
    e.lastError = error.slice(0, 500);
    e.lastFailure = detail ? { ...detail, reason: detail.reason.slice(0, 500) } : undefined;
    e.failingSince ??= at.toISOString();
    e.lastAttemptAt = at.toISOString();
    if (e.consecutiveFailures >= this.unhealthyAfter) e.state = 'unhealthy';
    else if (e.state !== 'unhealthy') e.state = e.lastSuccessAt ? 'healthy' : 'pending';
    this.onChange(e);
    if (!wasDown && e.state === 'unhealthy') this.onTransition({ event: 'source_down', entry: { ...e } });
  }

  isHealthy(brand: string, source: SourceName): boolean {
    return this.entries.get(`${brand}:${source}`)?.state !== 'unhealthy';
  }

  snapshot(): SourceHealthEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }
}
