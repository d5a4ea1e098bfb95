// Docker helpers for the notifier's container test and bench: prerequisites, an offline Node base image
// made from this machine's own `node` binary, and the notifier image built from notifier/Dockerfile.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { REPO_ROOT } from './helpers';
import { blobOf, publishImage, sha256 } from './registry';

const gzip = promisify(zlib.gzip);

const DOCKER_TIMEOUT_MS = 180_000;

/** Runs the docker client; returns stdout. Throws with stderr on failure. */
export function docker(args: readonly string[], timeoutMs = DOCKER_TIMEOUT_MS): string {
  try {
    return execFileSync('docker', [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    throw new Error(`docker ${args.join(' ')} failed: ${typeof stderr === 'string' ? stderr.trim() : String(error)}`, { cause: error });
  }
}

function commandWorks(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, [...args], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** DOCKER_HOST for child processes that run the docker client with a clean environment. */
export function dockerClientEnv(): Record<string, string> {
  return process.env.DOCKER_HOST !== undefined ? { DOCKER_HOST: process.env.DOCKER_HOST } : {};
}

/** The registry to push to: NOTIFIER_TEST_REGISTRY, which must be on loopback (no traffic leaves the machine). */
export function testRegistry(): string | undefined {
  const registry = process.env.NOTIFIER_TEST_REGISTRY;
  if (registry === undefined || registry === '') return undefined;
  return /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost):\d{1,5}$/.test(registry) ? registry : undefined;
}

/** What the container test needs and does not have; empty when everything is there. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  for (const [tool, args] of [
    ['ldd', ['--version']],
    ['tar', ['--version']],
  ] as const) {
    if (!commandWorks(tool, args)) missing.push(`${tool} (to make the offline base image)`);
  }
  if (!commandWorks('docker', ['--version'])) {
    missing.push('docker client');
  } else if (!commandWorks('docker', ['version', '--format', '{{.Server.Version}}'])) {
    missing.push(`a Docker engine answering at DOCKER_HOST=${process.env.DOCKER_HOST ?? '(unset)'}`);
  }
  const registry = testRegistry();
  if (registry === undefined) {
    missing.push('NOTIFIER_TEST_REGISTRY=<loopback host:port> of a local registry (e.g. 127.0.0.1:5000)');
  } else if (!commandWorks(process.execPath, ['-e', `fetch('http://${registry}/v2/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`])) {
    missing.push(`a registry answering at http://${registry}/v2/`);
  }
  return missing;
}

/** Shared libraries `ldd` lists for a binary (absolute paths, including the loader). */
export function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return [...out.matchAll(/(\/\S+)\s+\(0x[0-9a-f]+\)/g)].map((m) => m[1]);
}

/**
 * Makes (once per Node version and engine) a base image that needs no outside registry: this machine's `node` at
 * /nodejs/bin/node, as in distroless nodejs images, plus the libraries it links, stripped of debug symbols when
 * `strip` exists. It is published into the local test registry (registry.ts) and pulled from there, as the FROM
 * of a Dockerfile pulls a real base: the engine then knows the layer is in that registry, and pushing an image
 * built on it mounts the layer there instead of compressing it again. The layer (about 100 MB) is compressed
 * here at gzip level 1; the engine's push compresses at the default level, which took four times the CPU.
 * The layer is reproducible (sorted entries, fixed times and owners), so test files that make it at the same
 * time would publish the same blobs. Returns its reference.
 */
export async function ensureOfflineBaseImage(): Promise<string> {
  const registry = testRegistry();
  if (registry === undefined) throw new Error('the offline base image is published to NOTIFIER_TEST_REGISTRY, which is not set to a loopback registry');
  const tag = `${registry}/notifier-test/node-offline:${process.version.replace(/^v/, '')}`;
  const pulled = () => commandWorks('docker', ['image', 'inspect', tag]);
  // Test files in other workers may need it at the same time: one makes it while the others wait for it. The
  // lock names its holder, so a lock left by a process that is gone (killed midway) is taken over.
  const lock = path.join(process.env.TMPDIR ?? path.join(REPO_ROOT, '.tmp'), `node-offline-${process.version}.lock`);
  while (!pulled()) {
    try {
      fs.mkdirSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!holderAlive(lock)) fs.rmSync(lock, { recursive: true, force: true });
      else await setTimeout(250);
      continue;
    }
    try {
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      if (!pulled()) await makeOfflineBaseImage(tag);
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  return tag;
}

/** Whether the process named in a lock folder still runs (a lock whose holder has not written its name yet counts as held). */
function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    return true;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function makeOfflineBaseImage(tag: string): Promise<void> {
  const work = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(REPO_ROOT, '.tmp'), 'node-base-'));
  try {
    const root = path.join(work, 'root');
    const nodeTarget = path.join(root, 'nodejs', 'bin', 'node');
    fs.mkdirSync(path.dirname(nodeTarget), { recursive: true });
    if (!commandWorks('strip', ['--strip-all', '-o', nodeTarget, process.execPath])) {
      fs.copyFileSync(process.execPath, nodeTarget);
      fs.chmodSync(nodeTarget, 0o755);
    }
    for (const lib of sharedLibraries(process.execPath)) {
      const target = path.join(root, lib);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(fs.realpathSync(lib), target);
      fs.chmodSync(target, 0o755);
    }
    // A passwd entry for the distroless "nonroot" user, so os.userInfo() works as it does on the real base.
    fs.mkdirSync(path.join(root, 'etc'));
    fs.writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n');
    fs.writeFileSync(path.join(root, 'etc', 'group'), 'root:x:0:\nnonroot:x:65532:\n');
    fs.mkdirSync(path.join(root, 'tmp'), { mode: 0o1777 });
    const tarball = path.join(work, 'rootfs.tar');
    execFileSync('tar', ['-C', root, '--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-cf', tarball, '.']);
    const rootfs = fs.readFileSync(tarball);
    const layer = blobOf('application/vnd.docker.image.rootfs.diff.tar.gzip', await gzip(rootfs, { level: 1 }));
    const config = blobOf(
      'application/vnd.docker.container.image.v1+json',
      Buffer.from(
        JSON.stringify({
          architecture: process.arch === 'x64' ? 'amd64' : process.arch,
          os: 'linux',
          config: { User: '65532:65532', Entrypoint: ['/nodejs/bin/node'] },
          rootfs: { type: 'layers', diff_ids: [sha256(rootfs)] },
        }),
      ),
    );
    await publishImage(tag, config, [layer]);
    docker(['pull', '--quiet', tag]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Builds notifier/Dockerfile (context notifier/) on `baseImage`; needs the bundle built first. */
export function buildNotifierImage(tag: string, baseImage: string): void {
  docker(['build', '--quiet', '--build-arg', `BASE_IMAGE=${baseImage}`, '--tag', tag, path.join(REPO_ROOT, 'notifier')]);
}

/** Image size in bytes, as the engine reports it. */
export function imageSizeBytes(tag: string): number {
  return Number(docker(['image', 'inspect', '--format', '{{.Size}}', tag]));
}
