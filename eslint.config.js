// One lint configuration for every workspace: type-checked rules that catch real bugs (unawaited
// promises, non-exhaustive switches) and the house rule that only the config package reads process.env.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.test.ts', '**/vitest.config.ts'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read settings through @safe-screen/config (loadConfig) only' }],
    },
  },
  {
    // The CLI's process edge hands the environment to loadConfig, as the config package does for the service.
    files: ['services/cli/src/cli-io.ts', 'packages/config/**/*.ts', 'packages/testing/**/*.ts', 'test/**/*.ts', '**/bench/**/*.ts', '**/*.bench.ts', 'infra/**/*.ts', 'packages/*/src/bench.ts', 'packages/learning/src/*-cli.ts', 'packages/learning/src/evaluate.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
