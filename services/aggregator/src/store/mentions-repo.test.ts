import { MongoBulkWriteError, MongoNetworkError, type BulkWriteResult, type WriteError } from 'mongodb';
import { accountedFor } from './mentions-repo';
import { commandFailureOf, writeErrorsOf } from './write-errors';

describe('accountedFor', () => {
  it('passes a result where every document was inserted or is a duplicate', () => {
    expect(accountedFor(3, { inserted: 2, duplicates: [1] })).toEqual({ inserted: 2, duplicates: [1] });
  });

  it('fails a short result, so the batch is retried instead of counting unstored mentions', () => {
    expect(() => accountedFor(5, { inserted: 3, duplicates: [0] })).toThrow(
      'insert accounted for 4 of 5 mentions (3 inserted, 1 duplicates)',
    );
  });
});

describe('commandFailureOf', () => {
  const result = { insertedCount: 0 } as unknown as BulkWriteResult;

  it('returns the original error of a command that failed as a whole (no server, closed connection)', () => {
    const cause = new MongoNetworkError('connection 2 to 127.0.0.1:27017 closed');
    const err = new MongoBulkWriteError(cause, result);
    expect(writeErrorsOf(err)).toEqual([]);
    expect(commandFailureOf(err)).toBe(cause);
  });

  it('returns nothing for an answer about the documents (duplicates are not a failure)', () => {
    // What the driver builds from the server's answer (its WriteError class is not exported).
    const writeErrors = [
      { index: 0, code: 11000, errmsg: 'E11000 duplicate key' },
    ] as unknown as WriteError[];
    const err = new MongoBulkWriteError({ message: 'E11000', code: 11000, writeErrors }, result);
    expect(commandFailureOf(err)).toBeUndefined();
    expect(writeErrorsOf(err).map((e) => e.code)).toEqual([11000]);
  });
});
