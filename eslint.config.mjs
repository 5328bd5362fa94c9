// ESLint 9 flat config: Next.js (core web vitals + its TypeScript set) plus type-aware typescript-eslint
// rules for the mistakes tsc lets through (a promise nobody awaits, a promise where a callback is expected).
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import tseslint from 'typescript-eslint';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: {
      // vitest.config.mts is outside tsconfig's include (tsc never needs it); lint it with default options.
      parserOptions: { projectService: { allowDefaultProject: ['vitest.config.mts'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
      // Only informs that the React Compiler would skip a component (tanstack's useReactTable); the compiler is not enabled.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    // Playwright fixtures hand their value to the test through a callback named `use`, which is not React's hook.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Vitest helpers such as `useTestOrm` are named after what they set up for a test file, not React hooks.
    files: ['lib/**/*.test.ts', 'lib/testing/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  globalIgnores(['.next/**', 'out/**', 'build/**', 'next-env.d.ts', '.data/**', 'examples/**', 'test-results/**', 'playwright-report/**', 'coverage/**']),
]);
