// Re-exports of lib/reduction. Each concept lives in its own file.
export {};
