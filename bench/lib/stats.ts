/** Median of the values; undefined for none. Rounds are few, so sorting a copy is fine. */
export function median(values: readonly number[]): number | undefined {
  return percentile(values, 50);
}

/**
 * The p-th percentile by linear interpolation between the closest ranks
 * (p50 of an even count is the mean of the middle two); undefined for none.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = sorted[Math.floor(rank)];
  const upper = sorted[Math.ceil(rank)];
  if (lower === undefined || upper === undefined) return undefined;
  return lower + (upper - lower) * (rank - Math.floor(rank));
}

export function maximum(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : Math.max(...values);
}
