module.exports = { displayName: 'node-agent', preset: '../../jest.preset.js', rootDir: __dirname };
