import type { ViteUserConfig } from 'vitest/config';

/**
 * One test configuration for every workspace. The "source" condition makes workspace packages
 * resolve to their TypeScript sources, so a test never runs against a stale dist/ of a dependency.
 */
export const sharedTestConfig: ViteUserConfig = {
  resolve: { conditions: ['source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'], externalConditions: ['source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
};
