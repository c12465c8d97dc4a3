import base from '../../eslint.config.mjs';

export default [
  ...base,
  { ignores: ['.next*/**', 'next-env.d.ts'] },
  {
    // The browser never talks to NATS: client code reaches the system only through the gateway.
    files: ['src/client/**', 'src/app/**'],
    ignores: ['src/app/api/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@nats-io/*', '@helios/nats', '@helios/nest', '@helios/nats-server', '**/gateway/**'], message: 'browser code talks to the gateway (REST /api/v1, WebSocket /ws), never to NATS' },
        ],
      }],
    },
  },
];
