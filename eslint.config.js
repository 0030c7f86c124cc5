// Lint keeps the layers honest: only electron/main and electron/preload may import electron;
// shared/ imports neither node:* nor the DOM; the engine never imports electron or the renderer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'http',
  'stream',
  'zlib',
  'url',
  'util',
  'events',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'e2e/artifacts/**',
      'bench/out/**',
      'fixtures/**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, 'electron', 'react', 'react-dom', '**/electron/**', '**/renderer/**'],
              message: 'shared/ is platform-neutral: no node:*, electron, DOM or renderer imports.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator'],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/web/**/*.ts', 'electron/cli/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // `paths` for the electron module itself: a gitignore-style pattern 'electron' would also match
      // the repository folder in bench imports such as '../electron/engine/...'.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only electron/main and electron/preload import electron; the engine runs in Node, workers, the CLI and tests.',
            },
          ],
          patterns: [
            {
              group: ['electron/*', '**/renderer/**', 'react', 'react-dom'],
              message:
                'Only electron/main and electron/preload import electron; the engine runs in Node, workers, the CLI and tests.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, 'electron', '**/electron/**'],
              message: 'The renderer reaches the host only through the contract in shared/.',
            },
          ],
        },
      ],
    },
  },
);
