/** A proportion with its 95 % confidence interval. */
export interface ProportionInterval {
  /** Successes / trials. */
  readonly rate: number;
  /** Lower end of the 95 % Wilson score interval. */
  readonly low: number;
  /** Upper end of the 95 % Wilson score interval. */
  readonly high: number;
}

const Z_95 = 1.959963984540054; // two-sided 95 % normal quantile

/**
 * The 95 % Wilson score interval of `successes` out of `trials` (well behaved near 0 and 1, unlike the
 * normal approximation).
 */
export function wilsonInterval(successes: number, trials: number): ProportionInterval {
  if (trials <= 0) return { rate: 0, low: 0, high: 1 };
  const p = successes / trials;
  const z2 = Z_95 * Z_95;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (Z_95 * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Median of a list of numbers (NaN for an empty list). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
