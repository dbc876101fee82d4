/** Layering rules: no cycles, nothing imports the CLI or API, simulators stay independent of the engine. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'nothing-imports-entrypoints',
      severity: 'error',
      from: { pathNot: '^src/(cli|demo)/' },
      to: { path: '^src/(cli|demo)/' },
    },
    {
      name: 'simulators-are-standalone',
      comment: 'A simulator is a stand-in for the external system: it must not use the engine.',
      severity: 'error',
      from: { path: '/simulator/' },
      to: { path: '^src/(runs|sync|steps|store|api|triggers|definitions|mapping)/' },
    },
    {
      name: 'no-test-imports-in-src',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '\\.test\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: 'node_modules' },
    includeOnly: '^src/',
    enhancedResolveOptions: {
      extensions: ['.ts', '.js'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
