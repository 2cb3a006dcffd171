import type { RequestProblem } from './http-error.js';
import type { FitPredictionsResponse, FitService, ServiceResult } from './fit-service.js';

interface Pending {
  body: unknown;
  readingNotes: readonly RequestProblem[];
  resolve: (r: ServiceResult<FitPredictionsResponse>) => void;
  reject: (e: unknown) => void;
}

/**
 * Batches the fit-prediction requests that arrive together: the requests whose bodies were read in one turn of the
 * event loop are answered in the next (`setImmediate`) by {@link FitService.predictMany}, which scores their records in
 * one call of the model. Under load many requests arrive in one turn and each costs about half as much (one record
 * alone: about 280 us in the model; sixteen together: about 125 us each, `best` on RentTheRunway); a request that
 * arrives alone waits only for the turn to end. Every answer is the one `FitService.predict` gives the request alone.
 * A request with more than `maxRecords` records, or whose `records` is not an array, is answered at once, alone.
 */
export class PredictionBatcher {
  private queue: Pending[] = [];

  /**
   * @param service - the service answering.
   * @param maxRecords - the most records scored in one model call (and the largest request batched).
   */
  constructor(
    private readonly service: FitService,
    private readonly maxRecords: number,
  ) {}

  /**
   * The answer {@link FitService.predict} gives `body`.
   * @returns a Promise of the result, rejected with what `predict` throws for the request.
   */
  predict(body: unknown, readingNotes: readonly RequestProblem[] = []): Promise<ServiceResult<FitPredictionsResponse>> {
    const records = body !== null && typeof body === 'object' ? (body as { records?: unknown }).records : undefined;
    if (!Array.isArray(records) || records.length > this.maxRecords) {
      return new Promise((resolve) => resolve(this.service.predict(body, readingNotes)));
    }
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ body, readingNotes, resolve, reject });
    });
  }

  /** Requests waiting for the next turn. */
  get waiting(): number {
    return this.queue.length;
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    let outcomes;
    try {
      outcomes = this.service.predictMany(batch, this.maxRecords);
    } catch (e) {
      // predictMany gives each request its own error; anything it throws itself fails the whole batch.
      for (const p of batch) p.reject(e);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if ('result' in o) p.resolve(o.result);
      else p.reject(o.error);
    });
  }
}
