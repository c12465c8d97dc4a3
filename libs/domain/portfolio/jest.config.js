module.exports = { displayName: 'domain-portfolio', preset: '../../../jest.preset.js', rootDir: __dirname };
