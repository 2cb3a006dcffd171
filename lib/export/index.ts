// Re-exports of lib/export. Each concept lives in its own file.
export {};
