// One jest run over every project (each folder with its own jest.config.js), so tools/test prints one total.
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

function findProjects(dir, depth) {
  if (existsSync(join(dir, 'jest.config.js')) && dir !== __dirname) return [dir];
  if (depth === 0) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !['node_modules', 'dist', 'src', 'tmp', '.cache', '.nx'].includes(d.name) && !d.name.startsWith('.'))
    .flatMap((d) => findProjects(join(dir, d.name), depth - 1));
}

module.exports = {
  projects: ['libs', 'apps', 'infra', 'tools', 'e2e'].flatMap((top) => findProjects(join(__dirname, top), 3)),
  maxWorkers: 2,
};
