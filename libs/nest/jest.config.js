// The transport spec declares Nest controllers with decorators, so the specs compile with decorator support.
const path = require('node:path');

module.exports = {
  displayName: 'nest',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  transform: {
    '^.+\\.m?[tj]s$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.spec.json'), diagnostics: false }],
  },
};
