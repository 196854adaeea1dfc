/** @type {import('jest').Config} */
// @nestjs/* v12 (and a few other deps) ship ESM only. Jest's CJS runtime cannot require(esm) on
// Node < 24.9, so ESM files in node_modules are transpiled to CJS with babel-jest
// (import.meta.url -> file URL of __filename). See ../shared/STACK-NOTES.md §4.
const ESM_PKGS = ['@nestjs', '@langfuse', '@langchain', 'ulid', 'uuid'].join('|');

const common = {
  testEnvironment: 'node',
  rootDir: '.',
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'json', 'ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec-cjs.json' }],
    '^.+\\.(m|c)?js$': [
      'babel-jest',
      {
        babelrc: false,
        configFile: false,
        sourceType: 'unambiguous',
        plugins: [
          ['babel-plugin-transform-import-meta', { module: 'ES6' }],
          ['@babel/plugin-transform-modules-commonjs', { importInterop: 'node' }],
        ],
        // Nest loads its optional packages (@nestjs/websockets' SocketModule) with import(), which
        // Jest's CJS runtime cannot serve natively: there they become require() like everything else.
        overrides: [
          { test: /[\\/]node_modules[\\/]@nestjs[\\/]/, plugins: ['@babel/plugin-transform-dynamic-import'] },
        ],
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PKGS})/)`],
  moduleNameMapper: {
    '^@app/([a-z-]+)(|/.*)$': '<rootDir>/libs/$1/src$2',
  },
  // One better-sqlite3 addon serves all test files of a worker: give each file its own error class.
  setupFiles: ['<rootDir>/test/support/better-sqlite3-realm.js'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/apps', '<rootDir>/libs'], testRegex: '.*\\.spec\\.ts$' },
    // A library's module (or the composed app) on a temporary SQLite file, without HTTP.
    {
      ...common,
      displayName: 'medium',
      roots: ['<rootDir>/libs', '<rootDir>/test/medium'],
      testRegex: '.*\\.medium-spec\\.ts$',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.js'],
    },
    // End-to-end tests boot the real app (worker threads, SQLite, child processes) on a 2-core CI
    // machine: their per-test bound is 30 s rather than Jest's 5 s.
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testRegex: '.*\\.e2e-spec\\.ts$',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.js'],
    },
    // The typed client (libs/client) and the examples, against the built service in a child process.
    {
      ...common,
      displayName: 'client',
      roots: ['<rootDir>/test/client', '<rootDir>/test/examples'],
      testRegex: '.*\\.client-spec\\.ts$',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.js'],
      moduleNameMapper: {
        ...common.moduleNameMapper,
        '^@neliti/ai-orchestration-client$': '<rootDir>/libs/client/lib',
      },
    },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testRegex: '.*\\.int-spec\\.ts$',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.js'],
    },
  ],
};
