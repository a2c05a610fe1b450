import { binomialUpperTail, normalQuantileUpper, poissonUpperTail, wilson } from './stats';

describe('stats', () => {
  it('binomial upper tail matches exact sums', () => {
    expect(binomialUpperTail(3, 10, 0.2)).toBeCloseTo(0.3222004, 6);
    expect(binomialUpperTail(0, 10, 0.2)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.2)).toBe(0);
    expect(binomialUpperTail(90, 120, 0.15)).toBeLessThan(1e-30);
  });
  it('poisson upper tail matches exact sums', () => {
    expect(poissonUpperTail(5, 2)).toBeCloseTo(0.052653, 6);
    expect(poissonUpperTail(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 9);
    expect(poissonUpperTail(0, 3)).toBe(1);
  });
  it('wilson interval', () => {
    const w = wilson(5, 10, 1.96);
    expect(w.lower).toBeCloseTo(0.2366, 3);
    expect(w.upper).toBeCloseTo(0.7634, 3);
    expect(wilson(0, 0, 1.96)).toEqual({ lower: 0, upper: 1 });
  });
  it('normal quantile', () => {
    expect(normalQuantileUpper(0.025)).toBeCloseTo(1.959964, 5);
    expect(normalQuantileUpper(0.005)).toBeCloseTo(2.575829, 5);
  });
});
