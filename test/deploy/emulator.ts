/**
 * Starts and stops the AWS API emulator (test/deploy/emulator.py: moto's server on a free loopback port, with the
 * calls stock moto lacks). Python comes from PYTHON or PATH (`python3`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const LAUNCHER = path.join(__dirname, 'emulator.py');
export const INSTALL_HINT = "install it with: pip install 'moto[server]==5.2.1'";
const START_TIMEOUT_MS = 60_000;

function python(): string {
  return process.env.PYTHON ?? 'python3';
}

/** undefined when the emulator can start here, else why not (with how to install it). */
export function emulatorMissing(): string | undefined {
  const check = spawnSync(python(), [LAUNCHER, '--check'], { encoding: 'utf8' });
  if (check.error) return `${python()} cannot be run (${check.error.message}): the AWS API emulator moto needs Python 3; then ${INSTALL_HINT}`;
  if (check.status === 3) return check.stderr.trim();
  if (check.status !== 0) return `the AWS API emulator moto does not start with ${python()}: ${(check.stderr || check.stdout).trim()}; ${INSTALL_HINT}`;
  return undefined;
}

export interface Emulator {
  readonly endpoint: string;
  readonly pid: number;
  /** The last lines of the emulator's log (its requests and tracebacks). */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/** Starts an emulator logging to `logFile`; resolves once it listens. */
export async function startEmulator(logFile: string): Promise<Emulator> {
  const log = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(python(), [LAUNCHER], { stdio: ['pipe', 'pipe', log] });
  fs.closeSync(log);
  const logTail = (lines = 30) => {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trimEnd().split('\n') : [];
    // The request lines bury the last error: that one first (its traceback), then the last lines.
    const traceback = log.lastIndexOf('Traceback (most recent call last):');
    const error = traceback >= 0 ? log.slice(traceback, traceback + 80).filter((line) => !line.includes('" 200 -')).slice(-40) : [];
    return [...(error.length > 0 ? ['(last error)', ...error, '(last lines)'] : []), ...log.slice(-lines)].join('\n');
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      child.stdin?.end();
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the emulator did not listen within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const line = out.split('\n').find((candidate) => candidate.startsWith('{'));
        if (line) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { port: number }).port);
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the emulator exited (code ${String(code)}) before it listened`));
      });
    });
    if (child.pid === undefined) throw new Error('the emulator has no process id');
    return { endpoint: `http://127.0.0.1:${port}`, pid: child.pid, logTail, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; ${INSTALL_HINT} if it is missing. Its log (${logFile}):\n${logTail()}`, { cause: error });
  }
}
