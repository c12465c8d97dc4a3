module.exports = { displayName: 'domain-strategy', preset: '../../../jest.preset.js', rootDir: __dirname };
