/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  rootDir: '.',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/support/loopback-only.ts'],
  // The last lines of a run say when the browser suites were skipped (no Chromium on this machine).
  reporters: ['default', '<rootDir>/test/support/skipped-browser-reporter.js'],
};
