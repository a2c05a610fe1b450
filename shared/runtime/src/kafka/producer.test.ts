import type { Message } from 'kafkajs';
import { byteChunks, toKafkaMessage } from './producer';

const message = (valueBytes: number): Message => ({ key: 'k', value: 'x'.repeat(valueBytes) });
const sizes = (chunks: Message[][]) => chunks.map((c) => c.length);

describe('byteChunks', () => {
  it('keeps small sends whole', () => {
    expect(sizes(byteChunks([message(100), message(100)], 10_000))).toEqual([2]);
    expect(byteChunks([], 10_000)).toEqual([]);
  });

  it('splits where the next message would pass the limit, keeping order', () => {
    const messages = Array.from({ length: 10 }, (_, i) => ({ key: String(i), value: 'x'.repeat(300) }));
    const chunks = byteChunks(messages, 1000);
    expect(sizes(chunks)).toEqual([2, 2, 2, 2, 2]);
    expect(chunks.flat().map((m) => m.key)).toEqual(messages.map((m) => m.key));
  });

  it('counts multi-byte characters, headers and buffers by their bytes', () => {
    expect(sizes(byteChunks([message(10), { key: null, value: 'ż'.repeat(400) }], 850))).toEqual([1, 1]);
    const withHeaders = toKafkaMessage({ key: 'k', value: 'v', headers: { reason: 'r'.repeat(900) } });
    expect(sizes(byteChunks([withHeaders, withHeaders], 1500))).toEqual([1, 1]);
    expect(sizes(byteChunks([{ key: null, value: Buffer.alloc(600) }, message(10)], 650))).toEqual([1, 1]);
  });

  it('sends a message bigger than the limit alone rather than dropping it', () => {
    expect(sizes(byteChunks([message(10), message(5000), message(10)], 1000))).toEqual([1, 1, 1]);
  });
});
