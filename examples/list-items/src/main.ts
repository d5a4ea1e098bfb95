// Entry point in the container: Node's fetch and clock, at most 30 seconds for writing its result.
import { run } from './job';

const deps = { fetch, env: process.env, nowMs: Date.now, signal: AbortSignal.timeout(30_000) };
void run(process.env, deps, (line) => console.log(line)).then((code) => {
  process.exitCode = code;
});
