// Re-exports of lib/data. Each concept lives in its own file.
export * from './columnar-dataset.js';
export * from './synthetic-size-systems.js';
export * from './synthetic-body.js';
export * from './synthetic-truth.js';
export * from './synthetic-generator.js';
export * from './sample-format.js';
export * from './sample-dataset.js';
