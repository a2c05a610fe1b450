import { ekmanGroups, emotionFromLogits } from './emotion';

describe('emotion', () => {
  it('groups GoEmotions labels as Ekman, without repeats, ignoring unknown labels', () => {
    expect(ekmanGroups(['annoyance', 'anger', 'disapproval'])).toEqual(['anger']);
    expect(ekmanGroups(['curiosity', 'gratitude'])).toEqual(['surprise', 'joy']);
    expect(ekmanGroups(['neutral'])).toEqual(['none']);
    expect(ekmanGroups(['grief', 'nervousness', 'disgust'])).toEqual(['sadness', 'fear', 'disgust']);
    expect(ekmanGroups(['no-such-emotion'])).toEqual([]);
  });

  it('takes the most probable of the seven heads at an offset', () => {
    const logits = [9, 9, 9, 0, 0, 0, 2, 0, 0, 0];
    const r = emotionFromLogits(logits, 3);
    expect(r.label).toBe('joy');
    // softmax over [0, 0, 0, 2, 0, 0, 0]: e^2 / (6 + e^2)
    expect(r.confidence).toBeCloseTo(Math.exp(2) / (6 + Math.exp(2)), 4);
  });
});
