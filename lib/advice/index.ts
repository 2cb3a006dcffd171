// Re-exports of lib/advice. Each concept lives in its own file.
export * from './fit-codes.js';
export * from './advice-history.js';
export * from './candidate-rows.js';
export * from './choose-size.js';
export * from './size-advice.js';
export * from './gamma-sample.js';
export * from './size-flags.js';
export * from './size-mixture.js';
export * from './customer-size-profile.js';
export * from './evaluate-synthetic-advice.js';
export * from './evaluate-synthetic-flags.js';
export * from './evaluate-synthetic-profiles.js';
export * from './evaluate-held-out-advice.js';
export * from './load-advice-history.js';
export * from './probabilities-by-usual-offset.js';
