module.exports = { displayName: 'domain-market-data', preset: '../../../jest.preset.js', rootDir: __dirname };
