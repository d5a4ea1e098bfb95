// The example callback job as a real image: built from examples/list-items/Dockerfile on the offline Node base,
// run read-only with every capability dropped, reporting to a fake Step Functions API on 127.0.0.1.
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

  it('GIVEN a read-only root, no capabilities and a task token THEN it reports its items with SendTaskSuccess and exits 0', async () => {
    aws = await startFakeAws();
    const env = { ...aws.env(), TASK_TOKEN: 'token-from-the-step', EXECUTION_ARN: 'arn:aws:states:ap-northeast-1:123456789012:execution:wf-dev-w:run-1', TASK_RESULT_MAX_CHARS: '1024', ITEMS: 'x,y' };
    const result = await runCommand(
      'docker',
      ['run', '--rm', '--network=host', '--read-only', '--cap-drop=ALL', '--security-opt=no-new-privileges', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), image],
      { env: dockerClientEnv(), timeoutMs: 60_000 },
    );

    expect(result.code).toBe(0);
    expect(aws.calls.map((call) => [call.target, call.body])).toEqual([['AWSStepFunctions.SendTaskSuccess', { taskToken: 'token-from-the-step', output: '{"items":["x","y"]}' }]]);
  });
});
