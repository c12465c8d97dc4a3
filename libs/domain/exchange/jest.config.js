module.exports = { displayName: 'domain-exchange', preset: '../../../jest.preset.js', rootDir: __dirname };
