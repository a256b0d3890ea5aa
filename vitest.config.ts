import { defineConfig } from 'vitest/config';

// One suite for both databases: PGlite in-process by default, PostgreSQL when DATABASE_URL is set
// (each test file then works in a database of its own; see test/support/database.ts).
export default defineConfig({
  resolve: {
    // Node loads graphql 16 through its "main" (CommonJS) entry, whoever imports it; vite would
    // pick the ESM build for our code and the CommonJS one for Pothos and yoga, two graphql
    // instances that reject each other's types. One entry for everyone, as in production.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
