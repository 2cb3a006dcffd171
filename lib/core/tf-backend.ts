import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { InvalidArgumentError } from './errors.js';
import { TfBackendError } from './tf-backend-error.js';
import { registerMissingTfKernels } from './tf-kernels-register.js';

/** The TensorFlow.js module type (`@tensorflow/tfjs`; `@tensorflow/tfjs-node` exports a superset of it). */
export type Tf = typeof import('@tensorflow/tfjs');

/** The backends sizefit selects from, fastest first: native TensorFlow (tfjs-node), WebAssembly, plain JS. */
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The environment variable that forces a backend: `SIZEFIT_TF_BACKEND=cpu|wasm|tensorflow`. */
export const TF_BACKEND_ENV_VAR = 'SIZEFIT_TF_BACKEND';

/** The TensorFlow.js setup that {@link initTf} chose. */
export interface TfInfo {
  /** The active backend: `tensorflow`, `wasm` or `cpu`. */
  backend: string;
  /** The tfjs version, e.g. `4.22.0`. */
  version: string;
  /** Why this backend and how it runs (forced, SIMD, threads, what was not available), when there is something to say. */
  note?: string;
}

/**
 * Reads a backend choice as given in `SIZEFIT_TF_BACKEND`.
 *
 * @param value - `cpu`, `wasm` or `tensorflow` (case and surrounding spaces ignored); empty or undefined means auto.
 * @returns the forced backend, or `auto`.
 * @throws InvalidArgumentError for any other value.
 */
export function parseTfBackendChoice(value: string | undefined): TfBackendName | 'auto' {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'auto') return 'auto';
  if (v === 'cpu' || v === 'wasm' || v === 'tensorflow') return v;
  throw new InvalidArgumentError(`${TF_BACKEND_ENV_VAR}='${value}' is not a backend: use cpu, wasm or tensorflow`);
}

let pending: Promise<TfInfo> | undefined;
let selected: Tf | undefined;

/**
 * Selects the TensorFlow.js backend once for the process: tfjs-node (`tensorflow`) when `@tensorflow/tfjs-node`
 * loads, is built on the version of sizefit's `@tensorflow/tfjs` and registers its native backend, else `wasm`
 * (its .wasm files are read from the installed `@tensorflow/tfjs-backend-wasm` folder, no network), else `cpu`.
 * `SIZEFIT_TF_BACKEND=cpu|wasm|tensorflow` forces one. On wasm it registers the kernels wasm lacks (`UnsortedSegmentSum`, the gradient of an Embedding
 * layer), skipping any already registered, so danfojs or a second call sharing the tfjs-core instance is safe.
 *
 * Idempotent: every call returns the same promise (after a failure, the next call tries again). Uses no
 * top-level await, so the built library also loads through `require()` (tslab notebooks).
 *
 * @returns the backend, tfjs version and a note; then {@link getTf} returns the tfjs module.
 * @throws InvalidArgumentError (rejects) if `SIZEFIT_TF_BACKEND` has an unknown value.
 * @throws TfBackendError (rejects) if the forced backend cannot be loaded or initialised.
 */
export function initTf(): Promise<TfInfo> {
  pending ??= selectBackend().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

/**
 * The tfjs module that {@link initTf} set up; models use it so that the whole process shares one tfjs
 * instance and one backend.
 *
 * @throws TfBackendError if `await initTf()` has not completed.
 */
export function getTf(): Tf {
  if (selected === undefined) {
    throw new TfBackendError('none', 'TensorFlow.js is not initialised: call `await initTf()` before getTf()');
  }
  return selected;
}

async function selectBackend(): Promise<TfInfo> {
  const choice = parseTfBackendChoice(process.env[TF_BACKEND_ENV_VAR]);
  const notes: string[] = choice === 'auto' ? [] : [`forced by ${TF_BACKEND_ENV_VAR}=${choice}`];

  if (choice === 'auto' || choice === 'tensorflow') {
    const tf = await tryTfjsNode(notes);
    if (tf !== undefined) return finish(tf, notes);
    if (choice === 'tensorflow')
      throw new TfBackendError('tensorflow', `tensorflow backend unavailable: ${notes[notes.length - 1]}`);
  }

  const tf = moduleOf<Tf>(await import('@tensorflow/tfjs'), 'setBackend');
  if (choice === 'auto' || choice === 'wasm') {
    const failure = await tryWasm(tf, notes);
    if (failure === undefined) return finish(tf, notes);
    if (choice === 'wasm') throw new TfBackendError('wasm', `wasm backend unavailable: ${failure}`);
    notes.push(failure);
  }

  if (!(await tf.setBackend('cpu'))) throw new TfBackendError('cpu', 'the cpu backend failed to initialise');
  silenceCpuBanner(tf);
  return finish(tf, notes);
}

function finish(tf: Tf, notes: string[]): TfInfo {
  selected = tf;
  const info: TfInfo = { backend: tf.getBackend(), version: tf.version.tfjs };
  if (notes.length > 0) info.note = notes.join('; ');
  return info;
}

/**
 * Loads tfjs-node if installed, real (an npm override may alias it to plain @tensorflow/tfjs) and built on the
 * @tensorflow/tfjs version sizefit loads (a project with danfojs-node may have a hoisted tfjs-node 3.x, which
 * brings its own tfjs 3.x: models would then run on another tfjs than the rest of sizefit).
 */
async function tryTfjsNode(notes: string[]): Promise<Tf | undefined> {
  // A variable specifier keeps TypeScript from resolving a package that is usually not installed.
  const specifier = '@tensorflow/tfjs-node';
  let tf: Tf;
  try {
    tf = moduleOf<Tf>(await import(specifier), 'setBackend');
  } catch (err) {
    const code = (err as { code?: string }).code;
    notes.push(
      code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
        ? `${specifier} is not installed`
        : `${specifier} failed to load (${firstLine(err)})`,
    );
    return undefined;
  }
  const own = moduleOf<Tf>(await import('@tensorflow/tfjs'), 'setBackend').version.tfjs;
  const theirs = versionOf(tf);
  if (theirs.tfjs !== own) {
    notes.push(
      `${specifier}${theirs.node === undefined ? '' : ` ${theirs.node}`} is built on @tensorflow/tfjs ` +
        `${theirs.tfjs ?? '(unknown version)'}, not the ${own} sizefit uses, so it is not used ` +
        `(install @tensorflow/tfjs-node@${own} for the native backend)`,
    );
    return undefined;
  }
  if (tf.findBackendFactory('tensorflow') == null) {
    notes.push(
      `${specifier} resolves to a package without the native 'tensorflow' backend (here the plain @tensorflow/tfjs ` +
        `that package.json's override installs for danfojs; environment.md says how to install the native one)`,
    );
    return undefined;
  }
  try {
    if (await tf.setBackend('tensorflow')) return tf;
    notes.push(`the 'tensorflow' backend of ${specifier} failed to initialise`);
  } catch (err) {
    notes.push(`the 'tensorflow' backend of ${specifier} failed to initialise (${firstLine(err)})`);
  }
  return undefined;
}

/** Sets up the wasm backend; returns undefined on success, else why it failed. */
async function tryWasm(tf: Tf, notes: string[]): Promise<string | undefined> {
  const pkg = '@tensorflow/tfjs-backend-wasm';
  try {
    const wasm = moduleOf<typeof import('@tensorflow/tfjs-backend-wasm')>(await import(pkg), 'setWasmPaths');
    // The package's main file sits in dist/ beside tfjs-backend-wasm{,-simd,-threaded-simd}.wasm.
    const folder = dirname(createRequire(import.meta.url).resolve(pkg));
    wasm.setWasmPaths(folder + sep);
    registerMissingTfKernels(tf, 'wasm');
    if (!(await tf.setBackend('wasm'))) return `${pkg} failed to initialise`;
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = wasm.getThreadsCount();
    notes.push(`wasm ${simd ? 'with' : 'without'} SIMD, ${threads} thread${threads === 1 ? '' : 's'}`);
    return undefined;
  } catch (err) {
    return `${pkg} failed to load (${firstLine(err)})`;
  }
}

/**
 * tfjs's cpu backend prints a "looks like you are running TensorFlow.js in Node.js" banner on its first tensor.
 * Its warnings are silent in production mode (the PROD flag), so the first tensor is written with PROD on
 * briefly; other warnings stay as they were.
 */
function silenceCpuBanner(tf: Tf): void {
  const env = tf.env();
  const prod = env.getBool('PROD');
  env.set('PROD', true);
  try {
    tf.scalar(0).dispose();
  } finally {
    env.set('PROD', prod);
  }
}

/** The module object of a dynamic import: the CommonJS `module.exports` when there is one, else the namespace. */
function moduleOf<T>(ns: unknown, probe: string): T {
  const def = (ns as { default?: Record<string, unknown> }).default;
  return (def !== undefined && typeof def[probe] === 'function' ? def : ns) as T;
}

/** The tfjs version a loaded tfjs-node module is built on, and its own version, as far as it says. */
function versionOf(tf: Tf): { tfjs: string | undefined; node: string | undefined } {
  const v = (tf as { version?: Record<string, unknown> }).version;
  const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
  return { tfjs: str(v?.tfjs), node: str(v?.['tfjs-node']) };
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String((err as { message?: unknown })?.message ?? err);
  return msg.split('\n')[0];
}
