import { createLogger } from '@crumbtrail/runtime';
import { createDetectionScheduler } from './scheduler';

const logger = createLogger({ service: 'aggregator-test', level: 'silent' });

describe('detection scheduler', () => {
  it('evaluates nothing while this instance is not the detection owner', async () => {
    const ran: string[] = [];
    const sched = createDetectionScheduler({
      throttleMs: 0,
      intervalMs: 60_000,
      allBrands: () => ['a', 'b'],
      runBrand: (brand) => Promise.resolve(void ran.push(brand)),
      republish: () => Promise.resolve(void ran.push('republish')),
      active: () => false,
      logger,
    });
    await sched.runAll();
    sched.request(['a']);
    await sched.stop();
    expect(ran).toEqual([]);
  });

  it('stops a cycle at the next brand once the lease is lost', async () => {
    const ran: string[] = [];
    let owner = true;
    const sched = createDetectionScheduler({
      throttleMs: 0,
      intervalMs: 60_000,
      allBrands: () => ['a', 'b', 'c'],
      runBrand: (brand) => {
        ran.push(brand);
        if (brand === 'a') owner = false; // the lease lapses during the first evaluation
        return Promise.resolve();
      },
      republish: () => Promise.resolve(void ran.push('republish')),
      logger,
    });
    sched.setActive(() => owner);
    await sched.runAll();
    await sched.stop();
    expect(ran).toEqual(['republish', 'a']);
  });
});
