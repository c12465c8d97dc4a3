const path = require('node:path');

// Server-side specs (gateway) run in node; browser components name their environment per file with
// a `@jest-environment jsdom` docblock.
module.exports = {
  displayName: 'supervisor',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  transform: {
    '^.+\\.m?[tj]sx?$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.spec.json'), diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
  testMatch: ['**/?(*.)+(spec|test).ts?(x)'],
  moduleNameMapper: { '\\.css$': path.join(__dirname, 'src', 'client', 'style-stub.js') },
  modulePathIgnorePatterns: ['<rootDir>/\\.next'],
};
