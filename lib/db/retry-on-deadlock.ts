/** PostgreSQL's SQLSTATE of a transaction aborted to break a deadlock. */
export const DEADLOCK_DETECTED = '40P01';

/**
 * Runs `attempt` (a whole transaction) again when PostgreSQL aborted it to break a deadlock
 * (SQLSTATE 40P01), up to `tries` times in all, waiting 50, 100, 200... ms between tries. An aborted
 * transaction left nothing behind, so running it again is safe; any other error, or the last
 * deadlock, is thrown as it came.
 *
 * @param onRetry - told of each retry (the error and the number of the next try).
 */
export async function retryOnDeadlock<T>(
  attempt: () => Promise<T>,
  tries = 4,
  onRetry?: (error: unknown, nextTry: number) => void,
): Promise<T> {
  for (let k = 1; ; k++) {
    try {
      return await attempt();
    } catch (e) {
      if ((e as { code?: unknown }).code !== DEADLOCK_DETECTED || k >= tries) throw e;
      onRetry?.(e, k + 1);
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** (k - 1)));
    }
  }
}
