const path = require('node:path');

module.exports = {
  displayName: 'indicators',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  transform: {
    '^.+\\.m?[tj]s$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.spec.json'), diagnostics: false }],
  },
};
