import { MAX_PACKED_VALUES } from './binary-pack.js';

/**
 * The largest `estimator.json` read (256 MiB), checked before a byte is read. Real ones are a few KiB to a few MiB
 * (large numeric arrays go to `weights.bin`); a file near V8's longest string (512 MiB) could not be parsed at all.
 */
export const MAX_ESTIMATOR_JSON_BYTES = 256 * 1024 * 1024;

/** The largest `weights.bin` read (2 GiB): {@link MAX_PACKED_VALUES} float64 values, checked before a byte is read. */
export const MAX_WEIGHTS_BYTES = MAX_PACKED_VALUES * 8;
