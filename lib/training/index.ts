export * from './training-metrics.js';
export * from './training-manifest-info.js';
