// One jest run over every project, so tools/test prints one total.
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/infra/jest.config.js', '<rootDir>/tools/jest.config.js'],
  maxWorkers: 2,
};
