export * from './errors.js';
export * from './rng.js';
export * from './version.js';
export * from './labels.js';
export * from './tf-backend.js';
export * from './tf-backend-error.js';
export * from './tf-kernels-register.js';
export * from './tf-kernels-unsorted-segment-sum.js';
