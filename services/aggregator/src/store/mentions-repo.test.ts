import { accountedFor } from './mentions-repo';

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
