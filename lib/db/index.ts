// Re-exports of lib/db. Each concept lives in its own file.
export * from './database.js';
export * from './schema-name.js';
export * from './postgres-database.js';
export * from './pglite-database.js';
export * from './open-database.js';
export * from './migrations.js';
export * from './text-checks.js';
export * from './content-sha256.js';
export * from './ingest-dataset.js';
export * from './ingested-datasets.js';
export * from './read-dataset-from-db.js';
export * from './query-feature-matrix.js';
export * from './sql-feature-options.js';
export * from './sql-customer-history-features.js';
export * from './sql-article-features.js';
export * from './run-registry.js';
export * from './drop-ingested-dataset.js';
