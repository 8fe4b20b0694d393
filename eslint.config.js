// ESLint flat config: typescript-eslint's type-checked rules where they catch real bugs (promises,
// exhaustiveness, type-only imports); formatting is Prettier's job, so no stylistic rules here.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'test-output/**', 'examples/**', '**/*.gen.ts'],
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each file is checked with its nearest tsconfig (root, portal/, sdk/); vitest.config.ts
        // belongs to none and gets the default program.
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Beyond recommendedTypeChecked: rules that catch real bugs in this code base.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-deprecated': 'error',
      '@typescript-eslint/no-non-null-asserted-nullish-coalescing': 'error',
      '@typescript-eslint/no-mixed-enums': 'error',
      // JSX event handlers (onSubmit={async …}) may be async: each one catches its own errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // House style: interface implementations (MemoryBus, limiters, fakes) stay async so a throw is a rejection.
      '@typescript-eslint/require-await': 'off',
      // Callback interfaces are written with method syntax but implemented by closures that never use `this`.
      '@typescript-eslint/unbound-method': 'off',
      // A `let` that a closure reads before its one assignment (herald.ts wires dispatcher and wake-up that way).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `_`-prefixed names are placeholders on purpose (unused callback parameters, rest-omitted fields).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Kysely's migration pattern: a migration runs against the schema of its own time, not today's types.
    files: ['src/store/migrations/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests (and the scale bench's API driver) read JSON bodies and captured fake requests as `any` and assert on them.
    files: ['test/**/*.ts', '**/*.test.ts', '**/*.contract.ts', 'bench/scale/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'vitest.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['portal/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest']],
    languageOptions: { globals: globals.browser },
    rules: {
      // React Compiler rules; the portal is not compiled by it and keeps "latest handler in a ref" and
      // "reset state when the input changes" effects on purpose.
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    files: ['sdk/src/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['portal/public/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    // Runs in the test's headless browser.
    files: ['test/sdk/react-app.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
