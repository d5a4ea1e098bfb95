/**
 * Synthesis speed and memory: `npm run bench` (options: --runs N, default 7). Every figure is the median wall
 * time over runs, each run a fresh process, the median CPU time (user + system: steadier than wall time on a
 * busy machine) and the peak RSS of those runs.
 *
 * 1. The bundle of main.ts: built (scripts/bundle.mjs --force), and checked when current (what `npm run synth`
 *    pays when nothing changed: the build cache's stat calls).
 * 2. The default app, `node -e "require('cdktf')"` (what any cdktf app pays before declaring anything),
 *    `node scripts/synth.mjs` (what cdktf.json runs) and `npm run synth`, their runs interleaved (one of each,
 *    then again), so that a machine busy for a while slows them alike. The two synth commands run as after an
 *    edit-free second run: the job bundles and the app bundle current (one warm-up run first).
 * 3. The cdktf TypeScript template's default, for comparison: the same app with barrel imports of the providers
 *    (`import { ecsCluster } from '@cdktf/provider-aws'`), run by ts-node type-checking (no swc, no
 *    transpile-only) under the template's own tsconfig.json, as its cdktf.json `app: npx ts-node main.ts` does
 *    (ts-node's bin is run directly: npx's own start-up is left out).
 * 4. Scale: 1, 50 and 120 workflows of 5 steps, bundled like the app: the cost of each extra workflow. (With
 *    names this short one environment takes about 145 workflows, fewer with longer names: the notifier's task
 *    role names each state machine, within IAM's inline policy size.)
 *
 * Goals of the issue "fast, deterministic development loop": the app at most 2x bare `require('cdktf')`,
 * `npm run synth` (everything current) at most 3x, each extra workflow at most 12 ms. Reported here, never
 * asserted (speed is not a test). `npm run synth` is measured only when the bench runs under npm (it needs npm's
 * own path, npm_execpath).
 *
 * Peak RSS and CPU time come from GNU time when /usr/bin/time exists, else from the child's own
 * process.resourceUsage() at exit.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 7;
/** The slow series (template, scale) run at most this often. */
const FEW_RUNS = Math.min(RUNS, 3);
const IMAGE_URI = `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/wf-dev/notifier@sha256:${'0'.repeat(64)}`;
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const GOAL_APP_VS_CDKTF = 2;
const GOAL_NPM_SYNTH_VS_CDKTF = 3;
const GOAL_MS_PER_WORKFLOW = 12;
fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
const work = fs.mkdtempSync(path.join(root, '.tmp', 'bench-synth-'));

/** The project's `lib`: the app uses APIs newer than the template's es2018 (e.g. Intl.supportedValuesOf, ES2022). */
const PROJECT_LIB = (JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as { compilerOptions: { lib: string[] } }).compilerOptions.lib;

/**
 * The cdktf TypeScript template's tsconfig.json, copied from hashicorp/terraform-cdk,
 * packages/@cdktf/cli-core/templates/typescript/tsconfig.json (the same file ships in
 * node_modules/@cdktf/cli-core/templates/typescript/ with cdktf-cli 0.21.0), with one change: `lib` is the
 * project's instead of ["es2018"], without which this app does not compile. It has no "ts-node" section:
 * ts-node type-checks.
 */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: PROJECT_LIB,
    module: 'CommonJS',
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: 'ES2018',
    incremental: true,
    skipLibCheck: true,
  },
  include: ['**/*.ts'],
  exclude: ['node_modules', 'cdktf.out'],
};

interface Sample {
  /** Wall time. */
  readonly seconds: number;
  /** User + system CPU time. */
  readonly cpuSeconds: number;
  readonly peakMiB: number;
}

function measure(command: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Sample {
  const rssFile = path.join(work, 'rss');
  fs.rmSync(rssFile, { force: true });
  const argv = GNU_TIME ? [GNU_TIME, '-f', '%M %U %S', '-o', rssFile, ...command] : [...command];
  const started = process.hrtime.bigint();
  const run = spawnSync(argv[0], argv.slice(1), { cwd, env: { ...env, BENCH_RSS_FILE: rssFile }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${command.join(' ')} failed:\n${run.stderr}${run.stdout}`);
  const [kib, user, system] = (fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { seconds, cpuSeconds: user + system, peakMiB: kib / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const rssPreload = path.join(work, 'rss.cjs');
fs.writeFileSync(
  rssPreload,
  "process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeFileSync(process.env.BENCH_RSS_FILE, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}`); });\n",
);
/** `node` with the RSS probe when GNU time is missing. */
const node = (...args: string[]) => (GNU_TIME ? [process.execPath, ...args] : [process.execPath, '-r', rssPreload, ...args]);

/** The environment of every run: none of the parent's TS_NODE_* settings, a fresh output folder. */
function envFor(outdir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: path.join(work, outdir), NOTIFIER_IMAGE_URI: IMAGE_URI, CHECKPOINT_DISABLE: '1', ...extra };
  for (const name of Object.keys(env)) if (name.startsWith('TS_NODE_')) delete env[name];
  return env;
}

function series(label: string, command: readonly string[], env: NodeJS.ProcessEnv, runs = RUNS, cwd = root): Sample {
  return report(label, Array.from({ length: runs }, () => measure(command, env, cwd)), runs);
}

/** The medians (the peak for memory) of `samples`, printed on one line. */
function report(label: string, samples: readonly Sample[], runs: number): Sample {
  const result = {
    seconds: median(samples.map((s) => s.seconds)),
    cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
    peakMiB: Math.max(...samples.map((s) => s.peakMiB)),
  };
  console.log(
    `${label.padEnd(68)} median ${result.seconds.toFixed(3).padStart(6)} s, cpu ${result.cpuSeconds.toFixed(3).padStart(6)} s   peak ${result.peakMiB.toFixed(0).padStart(5)} MiB   (${runs} runs)`,
  );
  return result;
}

/** Like {@link series} for several commands at once, their runs interleaved: one of each, then again. */
function interleaved(commands: readonly { label: string; command: readonly string[]; env: NodeJS.ProcessEnv }[], runs = RUNS): Sample[] {
  const samples = commands.map(() => [] as Sample[]);
  for (let run = 0; run < runs; run++) commands.forEach(({ command, env }, index) => samples[index].push(measure(command, env, root)));
  return commands.map(({ label }, index) => report(label, samples[index], runs));
}

function bundle(entry: string, outfile: string): void {
  const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs'), entry, outfile], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scripts/bundle.mjs ${entry} failed:\n${run.stderr}`);
}

const camelCase = (name: string) => name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/**
 * A copy of main.ts and stacks/ whose deep provider imports are barrel imports, as the template's users write them:
 * `import { A } from '@cdktf/provider-aws/lib/ecs-cluster'` becomes
 * `import { ecsCluster as providerAws_ecsCluster } from '@cdktf/provider-aws'; import A = providerAws_ecsCluster.A;`
 * (an alias names both the class and its type, as the deep import did).
 */
function templateCopy(folder: string): string {
  const deepImport = /^import (type )?\{([^}]*)\} from '@cdktf\/(provider-[a-z]+)\/lib\/([a-z0-9-]+)';$/gm;
  const files = ['main.ts', ...fs.readdirSync(path.join(root, 'stacks'), { recursive: true, encoding: 'utf8' }).map((file) => path.join('stacks', file))];
  let rewritten = 0;
  for (const file of files.filter((name) => name.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(root, file), 'utf8').replace(deepImport, (_, _type: string | undefined, names: string, provider: string, module: string) => {
      rewritten++;
      const namespace = `${camelCase(provider)}_${camelCase(module)}`;
      const aliases = names
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
        .map((name) => {
          const [imported, local = imported] = name.split(/\s+as\s+/);
          return `import ${local} = ${namespace}.${imported};`;
        });
      return [`import { ${camelCase(module)} as ${namespace} } from '@cdktf/${provider}';`, ...aliases].join('\n');
    });
    if (/@cdktf\/provider-[a-z]+\/lib\//.test(source)) throw new Error(`${file}: a deep provider import the bench cannot turn into a barrel import`);
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), source);
  }
  if (rewritten === 0) throw new Error('no deep provider import found to turn into a barrel import');
  fs.writeFileSync(path.join(folder, 'tsconfig.json'), `${JSON.stringify(TEMPLATE_TSCONFIG, null, 2)}\n`);
  return folder;
}

console.log(`node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg()[0].toFixed(2)}, ${GNU_TIME ? 'GNU time' : 'resourceUsage'} for peak RSS and CPU time`);
console.log(`template tsconfig: the cdktf template's, lib ${JSON.stringify(PROJECT_LIB)} instead of ["es2018"] (the app needs it)\n`);

const appBundle = path.join(work, 'app.js');
series('app bundle build (scripts/bundle.mjs main.ts --force)', node(path.join('scripts', 'bundle.mjs'), 'main.ts', appBundle, '--force'), envFor('build'));
series('app bundle check, current (scripts/bundle.mjs main.ts)', node(path.join('scripts', 'bundle.mjs'), 'main.ts', appBundle), envFor('build'));
const synthScript = node(path.join('scripts', 'synth.mjs'));
const npmSynth = process.env.npm_execpath ? node(process.env.npm_execpath, 'run', '-s', 'synth') : undefined;
// As typed, without NOTIFIER_IMAGE_URI: the notifier image built from its context (cdktf copies it as an asset).
const asTyped = (outdir: string) => envFor(outdir, { NOTIFIER_IMAGE_URI: undefined });
// Warm-up: builds whatever is not current, so that the measured runs find the job bundles and the app bundle current.
measure(synthScript, asTyped('warm-up'), root);
console.log('');
const [app, cdktf, synthMjs, endToEnd] = interleaved([
  { label: 'default app, its bundle run with plain node', command: node(appBundle), env: envFor('app') },
  { label: 'node -e "require(\'cdktf\')"', command: node('-e', "require('cdktf')"), env: envFor('cdktf') },
  { label: 'node scripts/synth.mjs (cdktf.json\'s app; bundles current)', command: synthScript, env: asTyped('synth') },
  ...(npmSynth ? [{ label: '`npm run synth` end to end (bundles current)', command: npmSynth, env: asTyped('npm') }] : []),
]);
const template = series(
  'cdktf template default (barrels, ts-node type-check, its tsconfig)',
  node(require.resolve('ts-node/dist/bin.js'), 'main.ts'),
  envFor('template'),
  FEW_RUNS,
  templateCopy(path.join(work, 'template')),
);

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
/** "1.47x the time, 1.40x the CPU time": a ratio of wall and of CPU time. */
const times = (a: Sample, b: Sample, digits: number) => `${(a.seconds / b.seconds).toFixed(digits)}x the time, ${(a.cpuSeconds / b.cpuSeconds).toFixed(digits)}x the CPU time`;
const appVsCdktf = [app.seconds / cdktf.seconds, app.cpuSeconds / cdktf.cpuSeconds];
console.log('');
console.log(
  `app vs require('cdktf'):           ${times(app, cdktf, 2)}, ${(app.peakMiB / cdktf.peakMiB).toFixed(2)}x the memory ` +
    `(goal at most ${GOAL_APP_VS_CDKTF}x: ${verdict(appVsCdktf[0] <= GOAL_APP_VS_CDKTF)} in time, ${verdict(appVsCdktf[1] <= GOAL_APP_VS_CDKTF)} in CPU time)`,
);
console.log(`synth.mjs vs require('cdktf'):     ${times(synthMjs, cdktf, 2)}`);
if (endToEnd) {
  const ratio = endToEnd.seconds / cdktf.seconds;
  console.log(
    `npm run synth vs require('cdktf'): ${ratio.toFixed(2)}x the time (median ${endToEnd.seconds.toFixed(3)} s vs ${cdktf.seconds.toFixed(3)} s), ` +
      `${(endToEnd.cpuSeconds / cdktf.cpuSeconds).toFixed(2)}x the CPU time (goal at most ${GOAL_NPM_SYNTH_VS_CDKTF}x in time: ${verdict(ratio <= GOAL_NPM_SYNTH_VS_CDKTF)})`,
  );
} else {
  console.log('npm run synth vs require(\'cdktf\'): not measured (run the bench as `npm run bench`: it needs npm\'s path)');
}
console.log(`template vs app:                   ${times(template, app, 1)}, ${(template.peakMiB / app.peakMiB).toFixed(1)}x the memory`);
if (endToEnd) console.log(`template vs npm run synth:         ${times(template, endToEnd, 1)}`);
console.log('');

const scaleApp = path.join(work, 'scale.ts');
fs.writeFileSync(
  scaleApp,
  `import { buildApp } from ${JSON.stringify(path.join(root, 'stacks', 'app', 'app'))};
const count = Number(process.env.WORKFLOWS);
const steps = (w: number) => Array.from({ length: 5 }, (_, s) => ({ name: 'step' + s, image: 'notifier' as const, environment: { N: String(w) } }));
buildApp([{ name: 'dev', accountId: '123456789012', region: 'ap-northeast-1', availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
  workflows: Array.from({ length: count }, (_, w) => ({ name: 'wf' + w, steps: steps(w), schedule: { expression: 'rate(1 day)' } })) }]).synth();
`,
);
const scaleBundle = path.join(work, 'scale.js');
bundle(scaleApp, scaleBundle);
const scale = [1, 50, 120].map((count) => ({
  count,
  ...series(`${count} workflow(s) x 5 steps (bundle, plain node)`, node(scaleBundle), envFor(`scale-${count}`, { WORKFLOWS: String(count) }), FEW_RUNS),
}));
type Point = (typeof scale)[number];
const slope = (from: Point, to: Point, of: (point: Point) => number) => ((of(to) - of(from)) / (to.count - from.count)) * 1000;
const slopes = (of: (point: Point) => number) => {
  const perWorkflow = slope(scale[0], scale[2], of);
  return (
    `${perWorkflow.toFixed(1).padStart(5)} ms from 1 to 120 (goal at most ${GOAL_MS_PER_WORKFLOW} ms: ${verdict(perWorkflow <= GOAL_MS_PER_WORKFLOW)}); ` +
    `${slope(scale[0], scale[1], of).toFixed(1)} ms from 1 to 50, ${slope(scale[1], scale[2], of).toFixed(1)} ms from 50 to 120`
  );
};
console.log('');
console.log(`per extra workflow, time: ${slopes((point) => point.seconds)}`);
console.log(`per extra workflow, CPU:  ${slopes((point) => point.cpuSeconds)}`);
fs.rmSync(work, { recursive: true, force: true });
