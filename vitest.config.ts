import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{domain,engine,projections,southbound,history,infra,api,node,ops,test-kit,property-tests,bench}/**/*.test.ts', 'layering.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test-kit/summary-line-reporter.ts'],
  },
});
