import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Notebook sources (scripts/nbsrc) are checked by executing the notebooks, not by lint.
    ignores: [
      '**/dist/**',
      'node_modules/**',
      '.venv/**',
      'reports/**',
      'examples/**/node_modules/**',
      'scripts/nbsrc/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use Rng from lib/core with a seed option.' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
