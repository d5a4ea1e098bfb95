/**
 * What the two runtime settings of jest.config.js save on the unit tests (`npm run test:unit`, the files that
 * need neither terraform nor Docker): `node -r ts-node/register bench/jest.ts` (options: --runs N, default 3).
 * Each run is a whole `jest --ci` of those files in a fresh process, in each variant:
 * - jest.config.js as it is;
 * - without the mapping of cdktf's stack-trace module to scripts/lazy-stack-trace.ts (moduleNameMapper);
 * - without Node's compile cache (NODE_DISABLE_COMPILE_CACHE=1, which overrides module.enableCompileCache()).
 * Printed: the median CPU time of the run, its processes and their children (user + system, from GNU time,
 * /usr/bin/time, required: steadier than wall time on a busy machine), and the median wall time.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 3;
const GNU_TIME = '/usr/bin/time';
if (!fs.existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed`);

fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
const work = fs.mkdtempSync(path.join(root, '.tmp', 'bench-jest-'));
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');

/** A config file of the variant: jest.config.js with the project's root, less `withoutKey`. */
function configWithout(withoutKey: string | undefined): string {
  const file = path.join(work, `${withoutKey ?? 'as-is'}.config.js`);
  const strip = withoutKey ? `delete config[${JSON.stringify(withoutKey)}];` : '';
  fs.writeFileSync(file, `const config = { ...require(${JSON.stringify(path.join(root, 'jest.config.js'))}), rootDir: ${JSON.stringify(root)} };\n${strip}\nmodule.exports = config;\n`);
  return file;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  const variants = [
    { name: 'jest.config.js as it is', config: configWithout(undefined), env: {} },
    { name: 'without the stack-trace mapping', config: configWithout('moduleNameMapper'), env: {} },
    { name: 'without the compile cache', config: configWithout(undefined), env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
  ];
  const samples = new Map(variants.map((variant) => [variant.name, [] as { cpu: number; wall: number }[]]));
  // Interleaved, so that a busy spell of the machine spreads over the variants.
  for (let i = 0; i < RUNS; i++) {
    for (const variant of variants) {
      const args = ['-f', '%e %U %S', process.execPath, jest, '--ci', '-c', variant.config, '--testPathIgnorePatterns', '\\.(tf|container)\\.test\\.ts$'];
      const result = spawnSync(GNU_TIME, args, { cwd: root, env: { ...process.env, ...variant.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (result.status !== 0) throw new Error(`jest failed (${variant.name}):\n${result.stderr.slice(-4000)}`);
      const [wall, user, system] = result.stderr.trim().split('\n').pop()?.split(' ').map(Number) ?? [];
      samples.get(variant.name)?.push({ cpu: user + system, wall });
    }
  }
  console.log(`unit tests (jest --ci, no .tf/.container files), median of ${RUNS} runs: CPU seconds (user + system), wall seconds`);
  for (const [name, runs] of samples) console.log(`  ${name.padEnd(34)} CPU ${median(runs.map((run) => run.cpu)).toFixed(1)} s, wall ${median(runs.map((run) => run.wall)).toFixed(1)} s`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
