module.exports = { displayName: 'nest', preset: '../../jest.preset.js', rootDir: __dirname };
