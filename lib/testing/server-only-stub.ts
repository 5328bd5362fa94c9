// Vitest runs lib code as plain Node; `server-only` would throw there (see vitest.config.ts).
export {};
