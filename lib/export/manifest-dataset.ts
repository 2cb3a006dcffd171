import { FIT_DATA_FORMATS } from '../data/fit-data-formats.js';

/** The longest `dataset.name` of a manifest (a registry name, a file name or a source path: PATH_MAX). */
export const MAX_DATASET_NAME_LENGTH = 4096;

/**
 * A `dataset.format` that is not a record format: a dataset's own format name (`sizefit-synthetic`, a caller's `test`),
 * which the model's records are read in the default RentTheRunway format for.
 */
const FORMAT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A hex sha256 as the library writes one: 64 lower-case hex digits. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * What is wrong with the `dataset` of a model manifest, or undefined when nothing is: `saveModel` refuses to write
 * what `loadModel` refuses to read, so a model directory it wrote always loads. `name` must be a string of 1 to
 * {@link MAX_DATASET_NAME_LENGTH} characters and `sha256` a string. `contentSha256` (absent in older manifests) must be
 * a hex sha256 (64 lower-case hex digits). `format` (absent in older manifests) must be a
 * record format spelled exactly (`renttherunway`, `modcloth`: records are read in it) or a dataset format name of at
 * most 64 letters, digits, `.`, `_` or `-` that is not a misspelled record format (`sizefit-synthetic`: records are
 * read as RentTheRunway ones, as before). `ModCloth`, `' modcloth'` or an empty format were read as RentTheRunway
 * without a word; they are refused.
 * @param dataset - the manifest's `dataset` value (anything: a tampered manifest).
 * @returns the problem, naming the field (`dataset.format 'ModCloth' is not ...`).
 */
export function manifestDatasetProblem(dataset: unknown): string | undefined {
  if (dataset === null || typeof dataset !== 'object' || Array.isArray(dataset)) return 'dataset is missing';
  const d = dataset as { name?: unknown; sha256?: unknown; contentSha256?: unknown; format?: unknown };
  if (typeof d.name !== 'string' || typeof d.sha256 !== 'string') {
    return 'dataset must have a name and a sha256 (strings)';
  }
  if (d.name.length === 0 || d.name.length > MAX_DATASET_NAME_LENGTH) {
    return `dataset.name is ${d.name.length} characters long; a name has 1 to ${MAX_DATASET_NAME_LENGTH}`;
  }
  const content = d.contentSha256;
  if (content !== undefined && (typeof content !== 'string' || !SHA256_HEX.test(content))) {
    const shown = (
      JSON.stringify(typeof content === 'string' ? content.slice(0, 80) : content) ?? String(content)
    ).slice(0, 100);
    return `dataset.contentSha256 ${shown} is not a sha256 (64 lower-case hex digits)`;
  }
  const format = d.format;
  if (format === undefined) return undefined;
  if (typeof format !== 'string') return 'dataset.format is not a string';
  const known = Object.keys(FIT_DATA_FORMATS);
  if (Object.hasOwn(FIT_DATA_FORMATS, format)) return undefined;
  const shown = JSON.stringify(format.slice(0, 80)) + (format.length > 80 ? '...' : '');
  const spelled = known.find((f) => f === format.trim().toLowerCase());
  if (spelled !== undefined) {
    return `dataset.format ${shown} is not a known format: the record format is spelled '${spelled}'`;
  }
  if (!FORMAT_NAME.test(format)) {
    return (
      `dataset.format ${shown} is not a known format (record formats: ${known.join(', ')}) nor a dataset ` +
      `format name (1 to 64 letters, digits, '.', '_' or '-', such as 'sizefit-synthetic')`
    );
  }
  return undefined;
}
