module.exports = { displayName: 'domain-core', preset: '../../../jest.preset.js', rootDir: __dirname };
