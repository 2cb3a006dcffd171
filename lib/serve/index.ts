// Re-exports of lib/serve. Each concept lives in its own file.
export * from './http-error.js';
export * from './json-schema.js';
export * from './service-limits.js';
export * from './request-schemas.js';
export * from './request-records.js';
export * from './service-history.js';
export * from './request-log.js';
export * from './fit-service.js';
export * from './fit-server.js';
export * from './prediction-batcher.js';
