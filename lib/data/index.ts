// Re-exports of lib/data. Each concept lives in its own file.
export * from './columnar-dataset.js';
