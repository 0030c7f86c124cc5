import { defineConfig } from 'vitest/config';

export const testConfig = defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.ts',
      'bench/**/*.test.ts',
      'fuzz/**/*.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
  },
});

export default testConfig;
