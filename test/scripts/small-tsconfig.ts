/**
 * The tsconfig.json text of a small tsc project (every .ts under its folder, output to dist): a small lib and
 * skipLibCheck keep each tsc run under a second. `compilerOptions` are added to that base.
 */
export function smallTsconfig(compilerOptions: Record<string, unknown> = {}): string {
  return JSON.stringify({
    compilerOptions: {
      outDir: 'dist',
      rootDir: '.',
      module: 'NodeNext',
      target: 'ES2022',
      types: [],
      lib: ['es5'],
      skipLibCheck: true,
      ...compilerOptions,
    },
    include: ['**/*.ts'],
    exclude: ['dist'],
  });
}
