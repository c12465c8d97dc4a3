module.exports = { displayName: 'domain-orders', preset: '../../../jest.preset.js', rootDir: __dirname };
