// The statistical tests used to compare generators against the originals, checked on values
// with known answers (scipy.stats.chi2.sf, scipy.stats.kstwobign.sf).
import { describe, expect, it } from 'vitest';
import { chiSquaredHomogeneity, gammaQ, ksTwoSample } from './helpers.ts';

describe('statistical helpers', () => {
  it('chi-squared survival matches scipy.stats.chi2.sf', () => {
    expect(gammaQ(9 / 2, 16.919 / 2)).toBeCloseTo(0.05, 4); // chi2.ppf(0.95, 9) = 16.919
    expect(gammaQ(9 / 2, 21.666 / 2)).toBeCloseTo(0.01, 4); // chi2.ppf(0.99, 9) = 21.666
    expect(gammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 12); // df = 2: sf(x) = exp(-x/2)
  });

  it('chi-squared homogeneity of identical histograms has statistic 0 and p = 1', () => {
    const r = chiSquaredHomogeneity([10, 20, 30], [20, 40, 60]);
    expect(r.statistic).toBeCloseTo(0, 12);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(1, 12);
  });

  it('KS distance of disjoint samples is 1 and equal samples give p = 1', () => {
    expect(ksTwoSample([1, 2, 3], [4, 5, 6]).d).toBe(1);
    expect(ksTwoSample([1, 2, 3, 4], [1, 2, 3, 4]).p).toBe(1);
    // kstwobign.sf(1.36) = 0.0494
    const n = 10000;
    const shifted = ksTwoSample(Array.from({ length: n }, (_, i) => i / n), Array.from({ length: n }, (_, i) => i / n + 0.0192));
    expect(shifted.d).toBeCloseTo(0.0192, 3);
    expect(shifted.p).toBeGreaterThan(0.04);
    expect(shifted.p).toBeLessThan(0.07);
  });
});
