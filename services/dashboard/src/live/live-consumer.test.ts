import type { ConsumedMessage } from '@crumbtrail/runtime';
import type { ClassifiedMention } from '@crumbtrail/contracts';
import type { LiveEvent } from '../api/schemas';
import { classified } from '../test-support/harness';
import { LiveHub } from './hub';
import { createLiveHandler, liveGroupId } from './live-consumer';

describe('liveGroupId', () => {
  it('names the shared group, the host and the process, and differs between two starts of one process', () => {
    expect(liveGroupId('crumbtrail.dashboard', { host: 'web-1', pid: 1, random: 'ab12' })).toBe(
      'crumbtrail.dashboard.live.web-1.1.ab12',
    );
    expect(liveGroupId('g', { host: 'a b/c', pid: 7, random: 'x' })).toBe('g.live.a-b-c.7.x');
    expect(liveGroupId('g', { host: 'h', pid: 1 })).not.toBe(liveGroupId('g', { host: 'h', pid: 1 }));
  });
});

describe('createLiveHandler', () => {
  const message = (value: ClassifiedMention, partition: number): ConsumedMessage<ClassifiedMention> => ({
    value,
    key: value.eventId,
    topic: 't',
    partition,
    offset: '0',
    headers: {},
    timestamp: '0',
  });

  it('publishes mentions, and inbox items for complaints, to the streams of their brand only; always ok', async () => {
    const hub = new LiveHub();
    const acme: LiveEvent[] = [];
    const globex: LiveEvent[] = [];
    hub.subscribe('acme', (e) => acme.push(e));
    hub.subscribe('globex', (e) => globex.push(e));
    const handle = createLiveHandler({ hub, knownBrands: new Set(['acme', 'globex']) });
    const at = new Date('2026-01-01T00:00:00Z');
    const outcomes = await handle([
      message(classified({ brand: 'acme', id: '1', at, intent: 'complaint', text: 'broken' }), 0),
      message(classified({ brand: 'acme', id: '2', at, text: 'fine' }), 1),
      message(classified({ brand: 'unknown', id: '3', at }), 2),
      message(classified({ brand: 'initech', id: '4', at }), 2),
    ]);
    expect(outcomes).toEqual([{ status: 'ok' }, { status: 'ok' }, { status: 'ok' }, { status: 'ok' }]);
    expect(acme.map((e) => e.type)).toEqual(['mention', 'inbox', 'mention']);
    expect(acme[0]?.data).toMatchObject({ brand: 'acme', text: 'broken', intent: 'complaint' });
    expect(acme[1]?.data).toMatchObject({ kind: 'complaint', state: 'open' });
    expect(globex).toEqual([]);
  });

  it('tells the read caches of every mention of a known brand, watched or not', async () => {
    const seen: string[] = [];
    const handle = createLiveHandler({
      hub: new LiveHub(),
      knownBrands: new Set(['acme']),
      seen: (m) => seen.push(m.eventId),
    });
    const at = new Date('2026-01-01T00:00:00Z');
    const acme = classified({ brand: 'acme', id: '1', at });
    await handle([message(acme, 0), message(classified({ brand: 'unknown', id: '2', at }), 1)]);
    expect(seen).toEqual([acme.eventId]);
  });

  it('checks the whole mention only for a watched brand, and drops one that fails the check', async () => {
    const hub = new LiveHub();
    const events: LiveEvent[] = [];
    hub.subscribe('acme', (e) => events.push(e));
    const seen: string[] = [];
    const handle = createLiveHandler({
      hub,
      knownBrands: new Set(['acme']),
      seen: (m) => seen.push(m.eventId),
    });
    const at = new Date('2026-01-01T00:00:00Z');
    const { classification: _dropped, ...partial } = classified({ brand: 'acme', id: '1', at });
    const outcomes = await handle([message(partial as unknown as ClassifiedMention, 0)]);
    expect(outcomes).toEqual([{ status: 'ok' }]);
    expect(seen).toEqual([partial.eventId]);
    expect(events).toEqual([]);
  });
});
