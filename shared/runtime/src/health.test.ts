import { consumerHealth } from './health';

describe('consumerHealth', () => {
  it('is unhealthy, not started, before the consumer runs', () => {
    expect(consumerHealth(undefined)).toEqual({
      name: 'consumer',
      healthy: false,
      details: { state: 'not started' },
    });
  });

  it("is the consumer's own report once it runs", () => {
    const report = { name: 'consumer', healthy: true, details: { lag: 0 } };
    expect(consumerHealth({ health: () => report })).toBe(report);
  });
});
