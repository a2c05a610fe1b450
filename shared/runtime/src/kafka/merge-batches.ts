/**
 * Wraps a batch handler so that the batches of several partitions, handed over at about the same time (kafkajs
 * runs one fetch's partitions concurrently with `partitionsConsumedConcurrently` > 1), are handled in one call:
 * group commit. Worth it when a call's cost is mostly per call rather than per message, such as a database write
 * per touched document. Calls that arrive while one runs wait for it and then go together.
 *
 * Each caller gets the outcomes of its own messages, in order; if the merged call throws, every caller sees the
 * throw (and retries its own batch). The handler must therefore accept messages of several partitions at once.
 */
export function mergeConcurrentBatches<M, O>(
  handle: (messages: M[]) => Promise<O[]>,
): (messages: M[]) => Promise<O[]> {
  interface Waiting {
    messages: M[];
    resolve(outcomes: O[]): void;
    reject(err: unknown): void;
  }
  let queue: Waiting[] = [];
  let running = false;

  const runQueued = async (): Promise<void> => {
    running = true;
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      try {
        const outcomes = await handle(group.flatMap((w) => w.messages));
        let at = 0;
        for (const w of group) {
          w.resolve(outcomes.slice(at, at + w.messages.length));
          at += w.messages.length;
        }
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
    running = false;
  };

  return (messages) =>
    new Promise<O[]>((resolve, reject) => {
      queue.push({ messages, resolve, reject });
      // setImmediate runs after the promise jobs of the current turn, in which kafkajs hands over the other
      // partitions of the same fetch: they join this call instead of waiting for the next one.
      if (!running) {
        running = true;
        setImmediate(() => void runQueued());
      }
    });
}
