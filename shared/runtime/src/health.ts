/** One component's view of itself, as shown on /healthz. */
export interface ComponentHealth {
  name: string;
  healthy: boolean;
  details?: Record<string, unknown>;
}
