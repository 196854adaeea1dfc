/**
 * Browser tests (npm run test:browser): the shared e2e settings, run one file at a time against
 * Debian's headless Chromium. Not part of `npm test`, which must not need a browser.
 */
const base = require('../../jest.config.js');

const e2e = base.projects.find((p) => p.displayName === 'e2e');

module.exports = {
  ...e2e,
  rootDir: '../..',
  displayName: 'browser',
  roots: ['<rootDir>/test/browser'],
  testRegex: '.*\\.browser-spec\\.ts$',
  testTimeout: 60000,
};
