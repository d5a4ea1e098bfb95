// Shared by the notifier's tests and bench: a scripted fake Slack webhook on 127.0.0.1, the bundle, and a runner.
import { execFileSync, spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BUNDLE = path.join(REPO_ROOT, 'notifier', 'dist', 'notifier.mjs');

/** The secret part of the test webhook URL: it must never appear in any output. */
export const SECRET_PATH = '/services/T0TEST0001/B0TEST0001/s3cr3tW3bh00kT0k3nXyZ';

/** Builds notifier/dist/notifier.mjs through the project's build script. */
export function buildBundle(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'notifier', 'build.mjs')], { cwd: REPO_ROOT, stdio: 'pipe' });
}

/** One scripted answer of the fake webhook. */
export type Reply =
  | { readonly status: number; readonly body?: string; readonly headers?: Readonly<Record<string, string>> }
  | 'hang'
  | 'reset';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

export interface FakeSlack {
  /** Webhook URL on this server with the secret path. */
  readonly url: string;
  readonly port: number;
  readonly requests: readonly ReceivedRequest[];
  /**
   * Resolves when the next request's headers arrive, with performance.now() at that moment: an event for tests
   * to act on, and a figure for the benchmark only (tests assert on events, never on durations).
   */
  nextRequestAt(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts a fake Slack incoming webhook on 127.0.0.1. Answers the n-th request with replies[n], repeating the
 * last reply after the script runs out; or, given a function, with what it returns when the request arrives.
 */
export async function startFakeSlack(replies: readonly Reply[] | (() => Reply), host = '127.0.0.1'): Promise<FakeSlack> {
  const requests: ReceivedRequest[] = [];
  let waiters: ((at: number) => void)[] = [];
  let count = 0;
  const server = http.createServer((req, res) => {
    const at = performance.now();
    const reply = typeof replies === 'function' ? replies() : replies[Math.min(count, replies.length - 1)];
    count += 1;
    for (const waiter of waiters) waiter(at);
    waiters = [];
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (reply === 'hang') return;
      if (reply === 'reset') {
        req.socket.resetAndDestroy();
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? (reply.status === 200 ? 'ok' : ''));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}${SECRET_PATH}`,
    port,
    requests,
    nextRequestAt: () => new Promise<number>((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A seeded source of [0, 1) (mulberry32): jitter that varies like Math.random, and repeats from run to run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Called once the process is spawned, e.g. to signal it later. */
  readonly onSpawn?: (kill: (signal: NodeJS.Signals) => void) => void;
  /** A safety net, not a measurement: SIGKILL the process if it is still running after this long. */
  readonly timeoutMs?: number;
}

/** Runs a command with a clean environment (PATH only, plus `env`), capturing its output. */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.onSpawn?.((signal) => child.kill(signal));
  });
}

/** Runs the bundled notifier (`node notifier/dist/notifier.mjs [args]`). */
export function runNotifier(options: RunOptions = {}): Promise<RunResult> {
  return runCommand(process.execPath, [BUNDLE, ...(options.args ?? [])], options);
}

/** The JSON lines a run printed, stdout then stderr, parsed. */
export function logLines(result: Pick<RunResult, 'stdout' | 'stderr'>): Record<string, unknown>[] {
  return `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Fails when any form of the secret path appears in the output. */
export function assertNoSecret(result: Pick<RunResult, 'stdout' | 'stderr'>): void {
  const output = `${result.stdout}${result.stderr}`;
  for (const secret of [SECRET_PATH, SECRET_PATH.slice(1), 's3cr3tW3bh00kT0k3nXyZ']) {
    if (output.includes(secret)) throw new Error(`the webhook path appeared in the output:\n${output}`);
  }
}

/** Environment for tests that need external programs: skip loudly, or fail when REQUIRE_INTEGRATION=1. */
export function integrationRequired(): boolean {
  return process.env.REQUIRE_INTEGRATION === '1';
}

/**
 * `describe` for tests that need Docker and the local registry: runs when nothing is `missing`; otherwise fails
 * under REQUIRE_INTEGRATION=1, or skips loudly, with the reason in the skipped block's name (which
 * test/skipped-reporter.js prints at the end of the run). `what` names the test in the banner.
 */
export function describeWithDocker(name: string, what: string, missing: readonly string[], body: () => void): void {
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  if (integrationRequired()) {
    describe(`${name} (REQUIRE_INTEGRATION=1)`, () => {
      it('has a Docker engine and a local registry', () => {
        throw new Error(`container test prerequisites missing:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
      });
    });
    return;
  }
  console.warn(skipBanner(what, missing));
  describe.skip(`${name} (SKIPPED: ${missing.join('; ')})`, body);
}

export function skipBanner(what: string, missing: readonly string[]): string {
  const line = '='.repeat(78);
  return [
    line,
    `SKIPPED: ${what}`,
    ...missing.map((m) => `  missing: ${m}`),
    '  Run `source .ci/docker.sh` first, or set REQUIRE_INTEGRATION=1 to make this a failure.',
    line,
  ].join('\n');
}
