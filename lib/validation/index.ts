// Re-exports of lib/validation. Each concept lives in its own file.
export {};
