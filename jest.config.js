/** @type {import('jest').Config} */
// @nestjs/* v12 (and a few other deps) ship ESM only. Jest's CJS runtime cannot require(esm) on
// Node < 24.9, so ESM files in node_modules are transpiled to CJS with babel-jest
// (import.meta.url -> file URL of __filename). See ../shared/STACK-NOTES.md §4.
const ESM_PKGS = ['@nestjs', '@langfuse', '@langchain', 'ulid', 'uuid'].join('|');
// A path, not a RegExp: Jest hands transformer options to its worker processes as JSON, where a
// RegExp arrives as {} and Babel refuses the config. Babel matches a path string as a folder prefix;
// the real path, since a git worktree may reach node_modules through a symlink.
const NEST_MODULES = require('node:fs').realpathSync(require('node:path').join(__dirname, 'node_modules', '@nestjs'));

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
        overrides: [{ test: NEST_MODULES, plugins: ['@babel/plugin-transform-dynamic-import'] }],
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
  // Test files run in a worker process that is replaced once it holds more than this after a file.
  // Without a limit Jest ran every file in its own process on a 2-core machine (one worker), which
  // grew past Node's 4 GB heap about halfway through `npm test` (apps, SQLite files, worker threads
  // of ~200 files): the run died without its report. Same concurrency as before: one file at a time.
  workerIdleMemoryLimit: '1536MB',
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
