// Re-exports of lib/sizes. Each concept lives in its own file.
export type { BodyDimension, BodyDimensions, Size, SizeGender, SizeKind } from './size.js';
export type { SizeRegion, SizeSystem } from './size-system.js';
export { getSizeSystem, listSizeSystems, parseSize } from './size-registry.js';
export { compareSizes } from './compare-sizes.js';
export { stepSize } from './step-size.js';
export { convertSize } from './convert-size.js';
export type { ConvertSizeOptions, SizeConversion } from './convert-size.js';
export { detectSizeSystem } from './detect-size-system.js';
export type { DetectSizeHints } from './detect-size-system.js';
export type { RentTheRunwaySizeCode } from './rent-the-runway-size.js';
