// Re-exports of lib/reduction. Each concept lives in its own file.
export * from './pca.js';
export * from './scatter-matrix.js';
export * from './tsne.js';
export * from './tsne-sparse-affinities.js';
export { loadingsTable, type LoadingsRow, type LoadingsTableOptions } from './loadings-table.js';
export * from './top-loadings.js';
export * from './component-means-by-label.js';
