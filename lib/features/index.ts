// Re-exports of lib/features. Each concept lives in its own file.
export {};
