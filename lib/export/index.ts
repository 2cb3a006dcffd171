// Re-exports of lib/export. Each concept lives in its own file.
export * from './model-manifest.js';
export * from './record-format.js';
export * from './model-file-reading.js';
export * from './manifest-dataset.js';
export * from './json-depth.js';
export * from './read-model-file.js';
export * from './model-file-sha256.js';
export * from './artifact-file-name.js';
export * from './parsed-file-limits.js';
export * from './binary-pack.js';
export * from './save-model.js';
export * from './load-model.js';
export * from './layers-model-files.js';
