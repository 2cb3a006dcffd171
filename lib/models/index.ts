// Re-exports of lib/models. Each concept lives in its own file.
export {};
export * from './gbdt.js';
export * from './gbdt-options.js';
export * from './gbdt-input.js';
export * from './latent-fit-options.js';
export * from './latent-fit-catalog.js';
export * from './latent-monotone-projection.js';
export * from './latent-fit-params.js';
export * from './latent-fit-sgd.js';
export * from './latent-logistic-head.js';
export * from './lmnn-metric.js';
export * from './lmnn-prototype-head.js';
export * from './latent-fit-model.js';
export * from './latent-fit-presets.js';
