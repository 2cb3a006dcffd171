/** One structured log line of the fit service: written as one JSON object per request. */
export interface RequestLogEntry {
  /** ISO time the request ended. */
  time: string;
  /** Request id (the `x-request-id` header sent back). */
  id: string;
  method: string;
  path: string;
  status: number;
  /** Milliseconds from the request's arrival to its answer. */
  ms: number;
  /** Records scored (predictions: records; recommendations: candidate rows); 0 otherwise. */
  records: number;
  /** For 4xx/5xx answers: the message sent (5xx: the internal error, which the client does not see). */
  error?: string;
}

/** Serializes a log entry as one JSON line (no trailing newline). */
export function formatRequestLog(entry: RequestLogEntry): string {
  return JSON.stringify(entry);
}
