// Re-exports of lib/serve. Each concept lives in its own file.
export {};
