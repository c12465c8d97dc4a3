// Shared jest settings. typebox is ESM-only, so it is transformed too; ts-jest compiles TS and JS.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.m?[tj]s$': [
      'ts-jest',
      { tsconfig: path.join(__dirname, 'tsconfig.spec.json'), diagnostics: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!typebox/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  resolver: '@nx/jest/plugins/resolver',
  testMatch: ['**/?(*.)+(spec|test).ts'],
};
