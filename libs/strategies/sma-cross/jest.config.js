module.exports = { displayName: 'strategy-sma-cross', preset: '../../../jest.preset.js', rootDir: __dirname };
