// Publishing an image straight into the local test registry through its HTTP API (the OCI distribution
// specification's monolithic blob upload and manifest push), the way a base image is published before anyone
// builds on it: the engine then pulls it like the FROM of a Dockerfile would.
import { createHash } from 'node:crypto';

/** One blob of an image: a layer or its configuration, as stored. */
export interface Blob {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly content: Buffer;
}

export function blobOf(mediaType: string, content: Buffer): Blob {
  return { mediaType, digest: sha256(content), size: content.length, content };
}

export function sha256(content: Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** `<registry>/<repository>:<tag>` split into its parts; the registry must be a loopback host:port. */
function parts(reference: string): { registry: string; repository: string; tag: string } {
  const match = /^((?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost):\d{1,5})\/([a-z0-9._/-]+):([\w.-]+)$/.exec(reference);
  if (!match) throw new Error(`not an image reference on a loopback registry: ${reference}`);
  return { registry: match[1], repository: match[2], tag: match[3] };
}

async function expectStatus(response: Response, expected: number, what: string): Promise<Response> {
  if (response.status !== expected) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

/** Uploads a blob unless the repository has it already (OCI distribution spec, "Pushing a blob monolithically"). */
async function pushBlob(base: string, blob: Blob): Promise<void> {
  const head = await fetch(`${base}/blobs/${blob.digest}`, { method: 'HEAD' });
  if (head.status === 200) return;
  const started = await expectStatus(await fetch(`${base}/blobs/uploads/`, { method: 'POST' }), 202, `starting the upload of ${blob.digest}`);
  const location = new URL(started.headers.get('location') ?? '', base);
  location.searchParams.set('digest', blob.digest);
  await expectStatus(
    await fetch(location, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: blob.content }),
    201,
    `uploading ${blob.digest}`,
  );
}

/**
 * Publishes an image of one configuration and its layers as `reference` (`<loopback registry>/<repository>:<tag>`),
 * with a Docker image manifest (schema 2), the format the engine itself pushes.
 */
export async function publishImage(reference: string, config: Blob, layers: readonly Blob[]): Promise<void> {
  const { registry, repository, tag } = parts(reference);
  const base = `http://${registry}/v2/${repository}`;
  for (const blob of [...layers, config]) await pushBlob(base, blob);
  const descriptor = ({ mediaType, digest, size }: Blob) => ({ mediaType, digest, size });
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: descriptor(config),
    layers: layers.map(descriptor),
  };
  await expectStatus(
    await fetch(`${base}/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'content-type': manifest.mediaType },
      body: JSON.stringify(manifest),
    }),
    201,
    `pushing the manifest of ${reference}`,
  );
}
