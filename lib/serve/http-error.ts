import { SizefitError } from '../core/errors.js';

/** One thing wrong with a request: where (a JSON path such as `records[3].height`) and why. */
export interface RequestProblem {
  /** JSON path into the request body (`$` for the body itself). */
  path: string;
  /** What is wrong there. */
  reason: string;
}

/**
 * An error the fit service answers with an HTTP status instead of a 500: a bad request (400), an unknown
 * path (404), a wrong method (405), a body too large (413), a wrong content type (415), a missing
 * capability (501), a service shutting down (503).
 */
export class HttpError extends SizefitError {
  /** The HTTP status code of the answer. */
  readonly status: number;
  /** Field-level problems, for a 400 on a request that does not match its schema. */
  readonly problems: readonly RequestProblem[];
  /** Extra response headers (e.g. `Allow` for a 405). */
  readonly headers: Readonly<Record<string, string>>;

  /**
   * @param status - HTTP status code (4xx or 5xx).
   * @param message - one line saying what is wrong.
   * @param problems - field-level problems, listed in the response body.
   * @param headers - extra response headers.
   */
  constructor(
    status: number,
    message: string,
    problems: readonly RequestProblem[] = [],
    headers: Readonly<Record<string, string>> = {},
  ) {
    super('HTTP_' + status, message);
    this.status = status;
    this.problems = problems;
    this.headers = headers;
  }
}
