import type { KernelConfig } from '@tensorflow/tfjs';
import { unsortedSegmentSumWasmKernel } from './tf-kernels-unsorted-segment-sum.js';

/**
 * The kernels sizefit adds to TensorFlow.js backends that lack them. On wasm (tfjs 4.22) training an
 * Embedding + Dense + softmax model with Adam (and SGD, RMSprop, Adamax, Adagrad, Adadelta, momentum; with
 * dropout, L1/L2 regularisers, batch normalisation, sparse or dense cross-entropy) needs only
 * `UnsortedSegmentSum`, the gradient of `gather`.
 */
export const SIZEFIT_TF_KERNELS: readonly KernelConfig[] = [unsortedSegmentSumWasmKernel];

/** The part of the tfjs module that kernel registration uses (any tfjs 4.x module satisfies it). */
export interface TfKernelRegistry {
  getKernel(kernelName: string, backendName: string): KernelConfig | undefined;
  registerKernel(config: KernelConfig): void;
}

/** What {@link registerMissingTfKernels} did, as `Kernel@backend` names. */
export interface TfKernelRegistration {
  /** Kernels this call registered. */
  registered: string[];
  /** Kernels that were already registered (by an earlier call, by tfjs itself, or by the user) and left alone. */
  skipped: string[];
}

/**
 * Registers sizefit's kernels for `backendName` that are not registered yet. Safe to call any number of times
 * and from any code sharing the tfjs-core instance (danfojs uses the same one): `tf.registerKernel` throws on a
 * duplicate, so each kernel is checked with `tf.getKernel` first and an existing kernel is never replaced.
 *
 * @param tf - the tfjs module (or anything with `getKernel` and `registerKernel`).
 * @param backendName - the backend whose kernels to add, e.g. `wasm`; backends sizefit has no kernels for
 *   get none.
 * @returns the kernels registered and the ones skipped.
 */
export function registerMissingTfKernels(tf: TfKernelRegistry, backendName: string): TfKernelRegistration {
  const result: TfKernelRegistration = { registered: [], skipped: [] };
  for (const kernel of SIZEFIT_TF_KERNELS) {
    if (kernel.backendName !== backendName) continue;
    const name = `${kernel.kernelName}@${kernel.backendName}`;
    if (tf.getKernel(kernel.kernelName, kernel.backendName) !== undefined) {
      result.skipped.push(name);
    } else {
      tf.registerKernel(kernel);
      result.registered.push(name);
    }
  }
  return result;
}
