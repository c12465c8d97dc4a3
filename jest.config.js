// One jest run over every project, so tools/test prints one total.
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/libs/domain/*/jest.config.js', '<rootDir>/libs/strategies/*/jest.config.js', '<rootDir>/apps/*/jest.config.js', '<rootDir>/infra/jest.config.js', '<rootDir>/tools/jest.config.js', '<rootDir>/e2e/jest.config.js'],
  maxWorkers: 2,
};
