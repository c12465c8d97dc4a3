module.exports = { displayName: 'nats-server', preset: '../../jest.preset.js', rootDir: __dirname };
