/**
 * sizefit: size and fit research library. This file is the public surface: everything a notebook,
 * the CLI or a service uses is exported here.
 */
export * from './core/index.js';
export * from './data/index.js';
export * from './sizes/index.js';
export * from './features/index.js';
export * from './reduction/index.js';
export * from './models/index.js';
export * from './validation/index.js';
export * from './plot/index.js';
export * from './export/index.js';
export * from './db/index.js';
export * from './advice/index.js';
export * from './serve/index.js';
export * from './training/index.js';
