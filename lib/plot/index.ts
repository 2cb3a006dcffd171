// Re-exports of lib/plot. Each concept lives in its own file.
export {};
