// Images built from the contexts of stacks/builders/image-context.ts, on a real Docker engine:
// - scratch paths: Fargate gives a task volume as an empty folder owned by root with mode 0755 unless the image
//   declares a VOLUME there (rule ecs.bind-mount-owner). The first is reproduced by bind-mounting such a host
//   folder, the second by the volume Docker populates from the image's VOLUME: user 65532 cannot write the
//   first and can write the second.
// - reproducible layers: two uncached builds of the notifier context give the same layers.
// Needs a Docker engine and registry (`source .ci/docker.sh`); without them it skips loudly, or fails when
// REQUIRE_INTEGRATION=1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIND_MOUNT_DEFAULT } from '../../stacks/aws/ecs-fargate';
import { imageContext, writeImageContext, type ScratchVolumes } from '../../stacks/builders/image-context';
import { docker, dockerClientEnv, ensureOfflineBaseImage, missingPrerequisites } from '../notifier/docker';
import { buildBundle, describeWithDocker, REPO_ROOT, runCommand } from '../notifier/helpers';

const missing = missingPrerequisites();

const NOTIFIER = path.join(REPO_ROOT, 'notifier');
const SCRATCH: ScratchVolumes = { paths: ['/scratch'], user: '65532:65532' };
const tags: string[] = [];
let baseImage = '';
let work = '';

/** Writes the notifier's build context (with `scratch`, if given) into a new folder and builds it, uncached. */
function buildNotifier(name: string, scratch?: ScratchVolumes): string {
  const context = imageContext({ directory: NOTIFIER, dockerfile: 'Dockerfile', buildArgs: {}, platform: 'linux/amd64', scratch });
  const folder = path.join(work, name);
  writeImageContext(context, folder);
  const tag = `fargate-workflows-image-test:${name}-${process.pid}`;
  docker(['build', '--quiet', '--no-cache', '--build-arg', `BASE_IMAGE=${baseImage}`, '--tag', tag, folder]);
  tags.push(tag);
  return tag;
}

interface Probe {
  readonly written: boolean;
  readonly code?: string;
  readonly uid: number;
  readonly mode: number;
}

/** Runs node in `image` as the task runs (user 65532, read-only root, no capabilities), writing into /scratch. */
async function probeScratch(image: string, mount: string[] = []): Promise<Probe> {
  const script = [
    "const fs = require('node:fs');",
    "const { uid, mode } = fs.statSync('/scratch');",
    "try { fs.writeFileSync('/scratch/probe', 'x'); console.log(JSON.stringify({ written: true, uid, mode: mode & 0o7777 })); }",
    'catch (error) { console.log(JSON.stringify({ written: false, code: error.code, uid, mode: mode & 0o7777 })); }',
  ].join('\n');
  const result = await runCommand(
    'docker',
    ['run', '--rm', '--network=none', '--read-only', '--cap-drop=ALL', '--security-opt=no-new-privileges', '--user', '65532:65532', ...mount, '--entrypoint', '/nodejs/bin/node', image, '-e', script],
    { env: dockerClientEnv(), timeoutMs: 60_000 },
  );
  if (result.code !== 0) throw new Error(`probe failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as Probe;
}

describeWithDocker('images built from their contexts', 'image build container test (test/stacks/image-build.container.test.ts)', missing, () => {
  let scratchImage = '';

  beforeAll(async () => {
    buildBundle();
    baseImage = await ensureOfflineBaseImage();
    work = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(REPO_ROOT, '.tmp'), 'image-build-'));
    scratchImage = buildNotifier('scratch', SCRATCH);
  }, 300_000);

  afterAll(() => {
    for (const tag of tags) {
      try {
        docker(['image', 'rm', '--force', tag]);
      } catch {
        // already gone
      }
    }
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('GIVEN scratch paths THEN the image declares a VOLUME at each', () => {
    const volumes = JSON.parse(docker(['image', 'inspect', '--format', '{{json .Config.Volumes}}', scratchImage])) as Record<string, unknown>;
    expect(Object.keys(volumes)).toEqual(['/scratch']);
  });

  it('GIVEN what Fargate mounts without a matching VOLUME (an empty folder, root, 0755) THEN user 65532 cannot write it', async () => {
    const host = fs.mkdtempSync(path.join(work, 'bind-'));
    fs.chownSync(host, BIND_MOUNT_DEFAULT.uid, BIND_MOUNT_DEFAULT.gid);
    fs.chmodSync(host, BIND_MOUNT_DEFAULT.mode);

    const probe = await probeScratch(scratchImage, ['--volume', `${host}:/scratch`]);

    expect(probe).toEqual({ written: false, code: 'EACCES', uid: 0, mode: 0o755 });
    expect(fs.readdirSync(host)).toEqual([]);
  });

  it('GIVEN the volume populated from the image\'s VOLUME, as Fargate copies it THEN it is owned by 65532 and writable', async () => {
    const probe = await probeScratch(scratchImage);

    expect(probe).toEqual({ written: true, uid: 65532, mode: 0o755 });
  });

  it('GIVEN the notifier context written twice and built twice without cache THEN both images have the same layers', () => {
    const layersOf = (tag: string) => JSON.parse(docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', tag])) as string[];
    const first = buildNotifier('first');
    const second = buildNotifier('second');

    expect(layersOf(second)).toEqual(layersOf(first));
    // The same with scratch volumes: the owned folders come from an archive with fixed times too.
    expect(layersOf(buildNotifier('scratch-again', SCRATCH))).toEqual(layersOf(scratchImage));
    // The image IDs differ: the legacy builder stamps each step of the image configuration with the build time.
    console.info(`uncached builds, same layers; image IDs ${docker(['image', 'inspect', '--format', '{{.Id}}', first])} and ${docker(['image', 'inspect', '--format', '{{.Id}}', second])}`);
  }, 300_000);
});
