// Re-exports of lib/reduction. Each concept lives in its own file.
export * from './pca.js';
export * from './tsne.js';
