import type { InboxItem } from '../../api/types';
import { applyInboxEvent } from './inbox-state';

function item(id: string, state: InboxItem['state'], kind: InboxItem['kind'] = 'complaint'): InboxItem {
  return {
    kind,
    state,
    mention: {
      id: id.repeat(32),
      brand: 'acme-cloud',
      publishedAt: '2026-12-06T10:00:00.000Z',
      source: 'replay',
      lang: 'en',
      author: 'a',
      url: null,
      text: 't',
      sentiment: 'negative',
      sentimentScore: -0.5,
      sentimentConfidence: null,
      intent: kind,
      intentConfidence: null,
      modelVersion: 'm',
      correction: null,
    },
  };
}

describe('applyInboxEvent', () => {
  const shown = [item('a', 'open'), item('b', 'open')];

  it('appends a new open item to the open list (oldest first)', () => {
    expect(applyInboxEvent(shown, item('c', 'open'), { state: 'open' }).map((i) => i.mention.id[0])).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('drops an item handled elsewhere and ignores other kinds', () => {
    expect(
      applyInboxEvent(shown, item('a', 'handled'), { state: 'open' }).map((i) => i.mention.id[0]),
    ).toEqual(['b']);
    expect(
      applyInboxEvent(shown, item('q', 'open', 'question'), { state: 'open', kind: 'complaint' }),
    ).toHaveLength(2);
  });

  it('puts a newly handled item on top of the handled list and updates in place', () => {
    const handled = [item('x', 'handled')];
    expect(
      applyInboxEvent(handled, item('y', 'handled'), { state: 'handled' }).map((i) => i.mention.id[0]),
    ).toEqual(['y', 'x']);
    const updated = { ...item('x', 'handled'), stateBy: 'someone' };
    expect(applyInboxEvent(handled, updated, { state: 'handled' })[0]!.stateBy).toBe('someone');
  });
});
