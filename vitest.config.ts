import { defineConfig } from 'vitest/config';

// One suite for both databases: PGlite in-process by default, PostgreSQL when DATABASE_URL is set
// (each test file then works in a database of its own; see test/support/database.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
