// Re-exports of lib/reduction. Each concept lives in its own file.
export * from './pca.js';
export * from './tsne.js';
export { loadingsTable, type LoadingsRow, type LoadingsTableOptions } from './loadings-table.js';
export * from './top-loadings.js';
