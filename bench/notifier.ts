// Figures for the notifier: bundle size, image size (offline base), and the time from process start to the
// request reaching a webhook on 127.0.0.1 (median of repeated runs).
// Usage: npm run bench:notifier   (image figures need `source .ci/docker.sh` first; skipped otherwise)
import * as fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildNotifierImage, docker, dockerClientEnv, ensureOfflineBaseImage, imageSizeBytes, missingPrerequisites, testRegistry } from '../test/notifier/docker';
import { BUNDLE, buildBundle, runCommand, runNotifier, startFakeSlack } from '../test/notifier/helpers';

const RUNS = Number(process.env.BENCH_RUNS ?? '31');
const CONTAINER_RUNS = Number(process.env.BENCH_CONTAINER_RUNS ?? '7');

const TARGETS = { bundleBytes: 50 * 1024, imageBytes: 100e6, startToRequestMs: 150 };

function quantile(sorted: readonly number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

/** Milliseconds from spawning `start` to the fake webhook seeing the request, over `runs` runs, sorted. */
async function startToRequest(runs: number, start: (url: string) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const server = await startFakeSlack([{ status: 200 }]);
    try {
      const arrived = server.nextRequestAt();
      const spawnedAt = performance.now();
      const finished = start(server.url);
      const at = await arrived;
      await finished;
      samples.push(at - spawnedAt);
    } finally {
      await server.close();
    }
  }
  return samples.sort((a, b) => a - b);
}

function report(name: string, value: string, target: string, ok: boolean | undefined): void {
  const verdict = ok === undefined ? '' : ok ? 'within target' : 'OVER TARGET';
  console.log(`${name.padEnd(34)} ${value.padEnd(28)} target ${target.padEnd(10)} ${verdict}`);
}

async function main(): Promise<void> {
  buildBundle();
  const bundle = fs.readFileSync(BUNDLE);
  report('bundle size (notifier.mjs)', `${bundle.length} B (${gzipSync(bundle).length} B gzip)`, '<= 50 KB', bundle.length <= TARGETS.bundleBytes);

  const host = await startToRequest(RUNS, (url) => runNotifier({ env: { SLACK_WEBHOOK_URL: url, NOTIFY_TEXT: 'bench' } }));
  const median = quantile(host, 0.5);
  report(
    `start-to-request, node (n=${RUNS})`,
    `median ${median.toFixed(1)} ms, p90 ${quantile(host, 0.9).toFixed(1)}, min ${host[0].toFixed(1)}`,
    '<= 150 ms',
    median <= TARGETS.startToRequestMs,
  );

  const missing = missingPrerequisites();
  const registry = testRegistry();
  if (missing.length > 0 || registry === undefined) {
    console.warn(`image figures skipped; missing: ${missing.join('; ')}`);
    return;
  }
  const image = `${registry}/fargate-workflows-notifier:bench-${process.pid}`;
  const base = await ensureOfflineBaseImage();
  buildNotifierImage(image, base);
  try {
    const size = imageSizeBytes(image);
    report('image size (offline node base)', `${(size / 1e6).toFixed(1)} MB (base ${(imageSizeBytes(base) / 1e6).toFixed(1)} MB)`, '<= 100 MB', size <= TARGETS.imageBytes);
    const container = await startToRequest(CONTAINER_RUNS, (url) =>
      runCommand('docker', ['run', '--rm', '--network=host', '--read-only', '--cap-drop=ALL', '-e', `SLACK_WEBHOOK_URL=${url}`, '-e', 'NOTIFY_TEXT=bench', image], {
        env: dockerClientEnv(),
      }),
    );
    report(
      `start-to-request, docker run (n=${CONTAINER_RUNS})`,
      `median ${quantile(container, 0.5).toFixed(1)} ms, min ${container[0].toFixed(1)}`,
      '(info)',
      undefined,
    );
  } finally {
    docker(['image', 'rm', '--force', image]);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
