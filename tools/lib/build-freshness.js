// Whether `tools/setup` may skip the Nx build: every build output exists and no build input changed
// since the last successful build (its start time is the mtime of .cache/build.stamp).
//
// Why not always call Nx: without its daemon (tools/setup runs with NX_DAEMON=false), Nx cannot tell
// whether the outputs on disk match its cache, so even a cache hit deletes each output folder and
// copies it back. A supervisor or service of another stack running from the same checkout (the
// browser tests run several) then finds apps/supervisor/.next or a bundle missing for a moment.
//
// Usage: node tools/lib/build-freshness.js  → exit 0 "fresh", exit 1 with the reason on stdout.
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const STAMP = join('.cache', 'build.stamp');
// Root files every build reads (Nx's sharedGlobals and the lock file that pins the toolchain).
const ROOT_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'nx.json'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

/** The newest input file under `dir` with an mtime after `than` (build outputs and hidden folders skipped), else undefined. */
function newerInput(dir, than) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = newerInput(path, than);
      if (found !== undefined) return found;
    } else if (statSync(path).mtimeMs > than) {
      return path;
    }
  }
  return undefined;
}

/** Output folders of every app with a build target, relative to `root`. */
function buildOutputs(root, nxDefaults) {
  const outputs = [];
  for (const app of readdirSync(join(root, 'apps'))) {
    const projectFile = join(root, 'apps', app, 'project.json');
    if (!existsSync(projectFile)) continue;
    const build = JSON.parse(readFileSync(projectFile, 'utf8')).targets?.build;
    if (build === undefined) continue;
    for (const output of build.outputs ?? nxDefaults) outputs.push(output.replace('{projectRoot}', join('apps', app)));
  }
  return outputs;
}

/** { fresh: true } or { fresh: false, reason } for the checkout at `root`. */
function buildFreshness(root) {
  const stampPath = join(root, STAMP);
  if (!existsSync(stampPath)) return { fresh: false, reason: `no successful build recorded (${STAMP})` };
  const builtAt = statSync(stampPath).mtimeMs;
  const nx = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8'));
  for (const output of buildOutputs(root, nx.targetDefaults?.build?.outputs ?? ['{projectRoot}/dist'])) {
    const path = join(root, output);
    if (!existsSync(path) || readdirSync(path).length === 0) return { fresh: false, reason: `${output} is missing` };
  }
  for (const file of ROOT_INPUTS) {
    const path = join(root, file);
    if (existsSync(path) && statSync(path).mtimeMs > builtAt) return { fresh: false, reason: `${file} changed` };
  }
  for (const dir of ['apps', 'libs']) {
    const changed = newerInput(join(root, dir), builtAt);
    if (changed !== undefined) return { fresh: false, reason: `${changed.slice(root.length + 1)} changed` };
  }
  return { fresh: true };
}

module.exports = { buildFreshness, STAMP };

if (require.main === module) {
  const verdict = buildFreshness(process.argv[2] ?? join(__dirname, '..', '..'));
  process.stdout.write(verdict.fresh ? 'fresh\n' : `${verdict.reason}\n`);
  process.exit(verdict.fresh ? 0 : 1);
}
