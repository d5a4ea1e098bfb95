// The notifier as a real image: built from notifier/Dockerfile on an offline Node base, pushed to a local
// registry, pulled back, and run read-only with every capability dropped against a webhook on 127.0.0.1.
// Needs a Docker engine and registry (`source .ci/docker.sh`); without them it skips loudly, or fails when
// REQUIRE_INTEGRATION=1.
import { buildNotifierImage, docker, dockerClientEnv, ensureOfflineBaseImage, imageSizeBytes, missingPrerequisites, testRegistry } from './docker';
import {
  assertNoSecret,
  buildBundle,
  describeWithDocker,
  type FakeSlack,
  logLines,
  type Reply,
  runCommand,
  type RunResult,
  startFakeSlack,
} from './helpers';

const missing = missingPrerequisites();
const registry = testRegistry();


const image = `${registry}/fargate-workflows-notifier:test-${process.pid}`;
let baseImage = '';
let server: FakeSlack | undefined;

const runImage = async (replies: readonly Reply[], env: Record<string, string>, args: string[] = []): Promise<RunResult> => {
  server = await startFakeSlack(replies);
  const envArgs = Object.entries({ SLACK_WEBHOOK_URL: server.url, NOTIFY_ATTEMPT_TIMEOUT_MS: '2000', ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const result = await runCommand(
    'docker',
    ['run', '--rm', '--network=host', '--read-only', '--cap-drop=ALL', '--security-opt=no-new-privileges', ...envArgs, image, ...args],
    { env: dockerClientEnv(), timeoutMs: 60_000 },
  );
  assertNoSecret(result);
  return result;
};

// missingPrerequisites() names a missing or non-loopback NOTIFIER_TEST_REGISTRY too.
describeWithDocker('notifier image', 'notifier container test (test/notifier/image.container.test.ts)', missing, () => {
  beforeAll(async () => {
    buildBundle();
    baseImage = await ensureOfflineBaseImage();
    buildNotifierImage(image, baseImage);
    docker(['push', image]);
    // Pull back what the registry holds, not what the build left behind.
    docker(['image', 'rm', image]);
    docker(['pull', image]);
  }, 300_000);

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  afterAll(() => {
    try {
      docker(['image', 'rm', '--force', image]);
    } catch {
      // already gone
    }
  });

  it('runs as a numeric non-root user with node on the bundle as its entrypoint, adding at most 1 MB to its base', () => {
    const config = JSON.parse(docker(['image', 'inspect', '--format', '{{json .Config}}', image])) as {
      User: string;
      Entrypoint: string[];
    };
    expect(config.User).toBe('65532:65532');
    expect(config.Entrypoint).toEqual(['/nodejs/bin/node', '/app/notifier.mjs']);
    // The offline base is this machine's own node binary (its size follows the Node.js line the tests run on);
    // what the notifier itself adds is the bundle and its folders.
    const size = imageSizeBytes(image);
    const added = size - imageSizeBytes(baseImage);
    console.info(`notifier image on the offline base: ${(size / 1e6).toFixed(1)} MB, of which the notifier ${(added / 1e3).toFixed(0)} kB`);
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThanOrEqual(1e6);
  });

  it('GIVEN a read-only root and no capabilities WHEN Slack answers 200 THEN it delivers and exits 0', async () => {
    const result = await runImage([{ status: 200 }], { NOTIFY_STATUS: 'SUCCEEDED', WORKFLOW_NAME: 'nightly' }, ['from the container']);

    expect(result.code).toBe(0);
    expect(server?.requests).toHaveLength(1);
    const payload = JSON.parse(server?.requests[0].body ?? '{}') as { text: string };
    expect(payload.text).toContain('from the container');
    expect(logLines(result).find((line) => line.event === 'outcome')).toMatchObject({ delivered: true, exitCode: 0 });
  });

  it('GIVEN 404 channel_not_found THEN the container exits 1 after one request', async () => {
    const result = await runImage([{ status: 404, body: 'channel_not_found' }], { NOTIFY_TEXT: 'hello' });

    expect(result.code).toBe(1);
    expect(server?.requests).toHaveLength(1);
    expect(result.stderr).toContain('channel_not_found');
  });

  it('GIVEN a 500 then 200 THEN the container retries and exits 0', async () => {
    const result = await runImage([{ status: 500 }, { status: 200 }], { NOTIFY_TEXT: 'hello', NOTIFY_BACKOFF_BASE_MS: '10', NOTIFY_BACKOFF_MAX_MS: '20' });

    expect(result.code).toBe(0);
    expect(server?.requests).toHaveLength(2);
  });

  it('GIVEN no text THEN the container exits 2 without a request', async () => {
    const result = await runImage([{ status: 200 }], {});

    expect(result.code).toBe(2);
    expect(server?.requests).toHaveLength(0);
  });

  it('has no shell to run', async () => {
    const result = await runCommand('docker', ['run', '--rm', '--network=none', '--entrypoint', '/bin/sh', image, '-c', 'true'], {
      env: dockerClientEnv(),
      timeoutMs: 60_000,
    });
    expect(result.code).not.toBe(0);
  });
});
