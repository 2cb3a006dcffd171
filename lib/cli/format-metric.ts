/** A metric with 4 decimals for the CLI's text output, or 'undefined' for NaN (the AUC of a class without rows). */
export function formatMetric(v: number): string {
  return Number.isNaN(v) ? 'undefined' : v.toFixed(4);
}
