// The example result job as a real image: built from examples/list-items/Dockerfile on the offline Node base,
// run read-only with every capability dropped, writing its result to a fake S3 on 127.0.0.1.
// Needs a Docker engine (`source .ci/docker.sh`); without it the test skips loudly, or fails when REQUIRE_INTEGRATION=1.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { docker, dockerClientEnv, ensureOfflineBaseImage, missingPrerequisites } from '../notifier/docker';
import { describeWithDocker, REPO_ROOT, runCommand } from '../notifier/helpers';
import { startFakeAws, type FakeAws } from './fake-aws';

const missing = missingPrerequisites();
const FOLDER = path.join(REPO_ROOT, 'examples', 'list-items');
const image = `fargate-workflows-list-items:test-${process.pid}`;
let aws: FakeAws | undefined;

describeWithDocker('list-items image', 'example job container test (test/examples/list-items-image.container.test.ts)', missing, () => {
  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(FOLDER, 'build.mjs')], { cwd: REPO_ROOT, stdio: 'pipe' });
    docker(['build', '--quiet', '--build-arg', `BASE_IMAGE=${await ensureOfflineBaseImage()}`, '--tag', image, FOLDER]);
  }, 300_000);

  afterEach(async () => {
    await aws?.close();
    aws = undefined;
  });

  afterAll(() => {
    try {
      docker(['image', 'rm', '--force', image]);
    } catch {
      // already gone
    }
  });

  it('runs as a numeric non-root user with node on the bundle as its entrypoint', () => {
    const config = JSON.parse(docker(['image', 'inspect', '--format', '{{json .Config}}', image])) as { User: string; Entrypoint: string[] };
    expect(config.User).toBe('65532:65532');
    expect(config.Entrypoint).toEqual(['/nodejs/bin/node', '/app/list-items.mjs']);
  });

  it('GIVEN a read-only root, no capabilities and a result key THEN it writes its items to that key and exits 0', async () => {
    aws = await startFakeAws();
    const key = 'wf-dev-w/run-1/list_items.json';
    const env = { ...aws.env(), RESULT_BUCKET: 'wf-dev-results-123456789012-ap-northeast-1', RESULT_KEY: key, EXECUTION_ARN: 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-w:run-1', RESULT_MAX_CHARS: '1024', ITEMS: 'x,y' };
    const result = await runCommand(
      'docker',
      ['run', '--rm', '--network=host', '--read-only', '--cap-drop=ALL', '--security-opt=no-new-privileges', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), image],
      { env: dockerClientEnv(), timeoutMs: 60_000 },
    );

    expect(result.code).toBe(0);
    expect(aws.calls.map((call) => [call.method, call.key, call.body])).toEqual([['PUT', key, '{"items":["x","y"]}']]);
  });
});
