module.exports = { displayName: 'domain-risk', preset: '../../../jest.preset.js', rootDir: __dirname };
