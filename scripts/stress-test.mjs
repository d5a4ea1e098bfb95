// Runs the test suite three times in a row while every core is kept busy, to flush out tests that depend on
// timing. Usage: npm run test:stress [-- <jest arguments, e.g. test/notifier>]
// Exit code: 0 when every run passed, 1 otherwise.
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';

const RUNS = 3;
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const jestArgs = process.argv.slice(2);

// A tight loop of integer arithmetic (its result is read, so the loop is not optimized away); every few hundred
// million steps it checks that this script is still alive (signal 0 tests, sends nothing) and ends if not, so
// no load process outlives an abrupt end of ours.
const LOAD = `
const parent = Number(process.argv[1]);
let x = 1;
for (;;) {
  for (let i = 0; i < 2e8; i += 1) x = (x * 1103515245 + 12345) >>> 0;
  try { process.kill(parent, 0); } catch { process.exit(x === -1 ? 1 : 0); }
}`;

/** @type {import('node:child_process').ChildProcess[]} */
const loaders = [];
/** @type {import('node:child_process').ChildProcess | undefined} */
let current;

function stopLoad() {
  for (const loader of loaders.splice(0)) {
    if (loader.exitCode === null && loader.signalCode === null && loader.pid !== undefined) {
      try {
        process.kill(loader.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

function startLoad() {
  for (let i = 0; i < cores; i += 1) {
    loaders.push(spawn(process.execPath, ['-e', LOAD, String(process.pid)], { stdio: 'ignore' }));
  }
  console.log(`[stress] ${cores} busy-loop processes keep every core busy (pids ${loaders.map((l) => l.pid).join(', ')})`);
}

/** Runs `npx jest --ci <args>` once; resolves with its exit code. */
function runSuite() {
  return new Promise((resolve) => {
    const child = spawn('npx', ['jest', '--ci', ...jestArgs], { stdio: ['ignore', 'inherit', 'inherit'] });
    current = child;
    child.on('error', (error) => {
      console.error(`[stress] could not start jest: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal !== null ? 1 : 0));
    });
  });
}

process.on('exit', stopLoad);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`\n[stress] ${signal}: stopping the load and the test run`);
    stopLoad();
    if (current?.pid !== undefined) {
      try {
        process.kill(current.pid, signal);
      } catch {
        // already gone
      }
    }
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  });
}

async function main() {
  console.log(`[stress] npx jest --ci ${jestArgs.join(' ')}`.trimEnd() + `, ${RUNS} times under load`);
  startLoad();
  /** @type {{ run: number, passed: boolean, seconds: number }[]} */
  const results = [];
  try {
    for (let run = 1; run <= RUNS; run += 1) {
      console.log(`\n[stress] run ${run}/${RUNS}`);
      const started = performance.now();
      const code = await runSuite();
      const seconds = (performance.now() - started) / 1000;
      results.push({ run, passed: code === 0, seconds });
      console.log(`[stress] run ${run}/${RUNS}: ${code === 0 ? 'PASS' : `FAIL (exit ${code})`} in ${seconds.toFixed(1)} s`);
    }
  } finally {
    stopLoad();
  }
  console.log(`\n[stress] summary (${cores} load processes on ${cores} cores)`);
  for (const { run, passed, seconds } of results) {
    console.log(`[stress]   run ${run}: ${passed ? 'PASS' : 'FAIL'}  ${seconds.toFixed(1)} s`);
  }
  const failed = results.filter((r) => !r.passed).length;
  console.log(failed === 0 ? `[stress] all ${RUNS} runs passed` : `[stress] ${failed} of ${RUNS} runs failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`[stress] ${error instanceof Error ? error.message : String(error)}`);
    stopLoad();
    process.exitCode = 1;
  },
);
