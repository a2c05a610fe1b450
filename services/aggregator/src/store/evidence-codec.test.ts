import { decodeEvidence, encodeEvidence } from './evidence-codec';

describe('evidence codec', () => {
  it('round-trips candidates, including negative and fractional numbers and ids with separators', () => {
    for (const c of [
      { id: '0123456789abcdef0123456789abcdef', sc: -0.8125, e: 12.5 },
      { id: 'a|b', sc: 0, e: 0 },
      { id: 'x', sc: -1, e: 1e6 },
    ]) {
      expect(decodeEvidence(encodeEvidence(c))).toEqual(c);
    }
  });

  it('names a malformed stored value', () => {
    expect(() => decodeEvidence('-0.5')).toThrow('stored evidence "-0.5" is not "score|engagement|eventId"');
  });
});
