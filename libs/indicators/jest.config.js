module.exports = { displayName: 'indicators', preset: '../../jest.preset.js', rootDir: __dirname };
