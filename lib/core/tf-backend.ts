// PLACEHOLDER: replaced by the tfjs backend work.
export interface TfInfo { backend: string; version: string; note?: string }
export async function initTf(): Promise<TfInfo> {
  const tf = await import('@tensorflow/tfjs');
  await tf.ready();
  return { backend: tf.getBackend(), version: tf.version.tfjs };
}
