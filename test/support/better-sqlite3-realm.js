'use strict';
// Jest setup file (jest.config.js `setupFiles`): runs in every test file's module registry.
//
// better-sqlite3 loads its native addon through `bindings`, and Jest loads `.node` files with
// Node's own `require`, so one addon object is shared by every test file of a worker process.
// The addon keeps the error class it throws SQLite errors as (`setErrorConstructor`), and
// better-sqlite3 registers it only once per addon (`addon.isInitialized`). Without this file,
// every later test file would get errors of the *first* file's `SqliteError`, whose prototype
// chain ends in that file's vm context's `Error`: in the current file `err instanceof Error` is
// false, so e.g. `expect(promise).rejects.toThrow(/FOREIGN KEY/)` reports "Received function did
// not throw" although the statement was rejected. Re-register this registry's class instead.
// (A production process has one registry, so it is not affected.)
const { dirname } = require('node:path');

const root = dirname(require.resolve('better-sqlite3/package.json'));
// Same lookup as better-sqlite3's own (lib/database.js), so it returns the same, cached addon.
const bindings = require(require.resolve('bindings', { paths: [root] }));
const addon = bindings({ bindings: 'better_sqlite3.node', module_root: root });
addon.setErrorConstructor(require('better-sqlite3').SqliteError);
addon.isInitialized = true;
