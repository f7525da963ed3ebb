/** Jest runs TypeScript through @swc/jest (transpile only); `npm test` type-checks separately with tsc. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Documentation snippets import the package by name; in tests that name is this checkout's lib/.
  moduleNameMapper: {
    '^cdktf-container-registries$': '<rootDir>/lib',
    '^cdktf-container-registries/(aws|gcp|azure|harbor|docker|guardrails)$': '<rootDir>/lib/$1',
  },
};
