// Re-exports of lib/models. Each concept lives in its own file.
export {};
