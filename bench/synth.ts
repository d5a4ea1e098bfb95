/**
 * Synthesis speed and memory: `npm run bench` (options: --runs N, default 7).
 *
 * 1. The default app as `npm run synth` runs it (ts-node with swc, deep provider imports): wall time
 *    median and peak RSS, each run a fresh process.
 * 2. The cdktf template's default for comparison: ts-node type-checking the project and the provider
 *    barrels (`@cdktf/provider-aws`, `@cdktf/provider-docker`) loaded, as `import * from` the barrel does.
 * 3. Scale: 1, 10 and 50 workflows of 5 steps each, in-process-free (each a fresh process).
 *
 * Peak RSS comes from GNU time's "Maximum resident set size" when /usr/bin/time exists, else from the
 * child's own process.resourceUsage() at exit.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 7;
const IMAGE_URI = `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/wf-dev/notifier@sha256:${'0'.repeat(64)}`;
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
const work = fs.mkdtempSync(path.join(root, '.tmp', 'bench-synth-'));

interface Sample {
  readonly seconds: number;
  readonly peakMiB: number;
}

function measure(args: string[], env: NodeJS.ProcessEnv): Sample {
  const rssFile = path.join(work, 'rss');
  const command = GNU_TIME ? [GNU_TIME, '-f', '%M', '-o', rssFile, process.execPath, ...args] : [process.execPath, ...args];
  const started = process.hrtime.bigint();
  const run = spawnSync(command[0], command.slice(1), { cwd: root, env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed:\n${run.stderr}`);
  const kib = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return { seconds, peakMiB: kib / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function series(label: string, args: string[], env: NodeJS.ProcessEnv, runs = RUNS): Sample {
  const samples = Array.from({ length: runs }, () => measure(args, env));
  const result = { seconds: median(samples.map((s) => s.seconds)), peakMiB: Math.max(...samples.map((s) => s.peakMiB)) };
  console.log(`${label.padEnd(58)} median ${result.seconds.toFixed(3)} s   peak ${result.peakMiB.toFixed(0)} MiB   (${runs} runs)`);
  return result;
}

const rssPreload = path.join(work, 'rss.cjs');
fs.writeFileSync(rssPreload, "process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
const preload = GNU_TIME ? [] : ['-r', rssPreload];

console.log(`node ${process.version}, ${os.cpus().length} cpus, ${GNU_TIME ? 'GNU time' : 'resourceUsage'} for peak RSS\n`);
const env = (outdir: string): NodeJS.ProcessEnv => ({ CDKTF_OUTDIR: path.join(work, outdir), NOTIFIER_IMAGE_URI: IMAGE_URI });

const ours = series('default app, as `npm run synth` (swc, deep imports)', [...preload, '-r', 'ts-node/register', 'main.ts'], env('ours'));

if (process.env.npm_execpath) {
  series('`npm run synth` end to end (notifier bundle + synth)', [process.env.npm_execpath, 'run', '-s', 'synth'], env('npm'));
}

const barrels = path.join(work, 'barrels.cjs');
fs.writeFileSync(barrels, ['@cdktf/provider-aws', '@cdktf/provider-docker'].map((name) => `require(${JSON.stringify(require.resolve(name))});\n`).join(''));
const templateConfig = path.join(root, '.tmp', 'tsconfig.template.json');
fs.writeFileSync(templateConfig, JSON.stringify({ extends: '../tsconfig.json', 'ts-node': { swc: false, transpileOnly: false } }));
const template = series(
  'template default (ts-node type-check, provider barrels)',
  [...preload, '-r', barrels, '-r', 'ts-node/register', 'main.ts'],
  { ...env('template'), TS_NODE_PROJECT: templateConfig },
  3,
);
console.log(`ratio: ${(template.seconds / ours.seconds).toFixed(1)}x faster, ${(template.peakMiB / ours.peakMiB).toFixed(1)}x less memory\n`);

const scaleApp = path.join(work, 'scale.ts');
fs.writeFileSync(
  scaleApp,
  `import { buildApp } from ${JSON.stringify(path.join(root, 'stacks', 'app'))};
const count = Number(process.env.WORKFLOWS);
const steps = (w: number) => Array.from({ length: 5 }, (_, s) => ({ name: 'step' + s, image: 'notifier' as const, environment: { N: String(w) } }));
buildApp([{ name: 'dev', accountId: '123456789012', region: 'ap-northeast-1', availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
  workflows: Array.from({ length: count }, (_, w) => ({ name: 'wf' + w, steps: steps(w), schedule: { expression: 'rate(1 day)' } })) }]).synth();
`,
);
const scale = [1, 10, 50].map((count) => ({
  count,
  ...series(`${count} workflow(s) x 5 steps`, [...preload, '-r', 'ts-node/register', scaleApp], { ...env(`scale-${count}`), WORKFLOWS: String(count), TS_NODE_PROJECT: path.join(root, 'tsconfig.json') }, 3),
}));
const perWorkflow = (scale[2].seconds - scale[0].seconds) / 49;
console.log(`growth: ${(perWorkflow * 1000).toFixed(1)} ms per extra workflow (10 -> 50 predicted ${(scale[1].seconds + 40 * perWorkflow).toFixed(2)} s, measured ${scale[2].seconds.toFixed(2)} s)`);
fs.rmSync(work, { recursive: true, force: true });
fs.rmSync(templateConfig, { force: true });
