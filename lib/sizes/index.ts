// Re-exports of lib/sizes. Each concept lives in its own file.
export {};
