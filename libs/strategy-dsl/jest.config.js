module.exports = { displayName: 'strategy-dsl', preset: '../../jest.preset.js', rootDir: __dirname };
