/**
 * Whether a column with standard deviation `sd` around `mean` varies, rather than being constant up to rounding: a
 * constant column has sd 0 or a rounding residue of its mean (copies of 0.1 give about 1e-17), so the test is
 * relative to the mean, and a varying column of tiny values (1e-13) still varies. The scalers (StandardScaler, PCA
 * with `scale`, the logistic regression's standardisation) scale only such columns.
 */
export function hasSpread(sd: number, mean: number): boolean {
  return sd > 1e-12 * Math.abs(mean);
}
