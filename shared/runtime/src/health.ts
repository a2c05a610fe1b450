/** One component's view of itself, as shown on /healthz. */
export interface ComponentHealth {
  name: string;
  healthy: boolean;
  details?: Record<string, unknown>;
}

/** A service's Kafka consumer on /healthz: its own report once started, before that unhealthy, "not started". */
export function consumerHealth(consumer: { health(): ComponentHealth } | undefined): ComponentHealth {
  return consumer
    ? consumer.health()
    : { name: 'consumer', healthy: false, details: { state: 'not started' } };
}
