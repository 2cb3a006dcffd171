import { SizefitError } from './errors.js';

/**
 * A TensorFlow.js backend could not be used: a backend forced through `SIZEFIT_TF_BACKEND` is not available,
 * or the tfjs module was asked for before `initTf()` finished. `backend` names the backend concerned.
 */
export class TfBackendError extends SizefitError {
  /** The backend that was asked for (`tensorflow`, `wasm`, `cpu`), or `none` before initialisation. */
  readonly backend: string;
  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super('TF_BACKEND', message, options);
    this.backend = backend;
  }
}
