import { generateSynthetic, type SyntheticOptions, type SyntheticResult } from './synthetic-generator.js';
import { toRentTheRunwayLines } from './sample-format.js';
import { formatSyntheticTruth } from './synthetic-truth.js';

/**
 * The generator options of the bundled `sample` dataset (datasets/sample/): 3,000 rows from 500 accounts and
 * 200 articles; every other option is the generator's default (10% shared accounts, 8% bracketing orders,
 * ~10% missing bra sizes, ~15% missing weights).
 */
export const SAMPLE_OPTIONS: Readonly<SyntheticOptions> = Object.freeze({
  seed: 20180402,
  customers: 500,
  articles: 200,
  purchases: 3000,
});

/** Generates the `sample` dataset and its ground truth in memory (what datasets/sample/ holds). */
export function generateSample(): SyntheticResult {
  return generateSynthetic({ ...SAMPLE_OPTIONS });
}

/** File names and byte-exact contents of the committed sample. */
export interface SampleFiles {
  /** `sample.jsonl`: the data in RentTheRunway JSON-lines format plus the extra fields. */
  'sample.jsonl': string;
  /** `truth.json`: generator options, dataset sha256 and the ground truth. */
  'truth.json': string;
}

/**
 * The contents of datasets/sample/ as regenerated from {@link SAMPLE_OPTIONS}: scripts/make-sample.ts writes
 * them and a test checks that the committed files equal them byte for byte.
 */
export function sampleFiles(result: SyntheticResult = generateSample()): SampleFiles {
  return {
    'sample.jsonl': toRentTheRunwayLines(result.dataset),
    'truth.json': formatSyntheticTruth(result.truth, {
      generator: 'generateSynthetic',
      options: result.options,
      optionsSha256: result.dataset.meta.sha256,
    }),
  };
}
