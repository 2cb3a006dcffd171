// Re-exports of lib/db. Each concept lives in its own file.
export {};
