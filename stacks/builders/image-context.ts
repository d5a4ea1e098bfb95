/**
 * The build context of an image, exactly as the Docker build receives it, as a pure function of the folder:
 * the files its `.dockerignore` admits (plus the Dockerfile and the `.dockerignore`, which the build always
 * receives), the Dockerfile with the scratch volumes of the task appended, and a hash of all of it with the
 * build arguments and the platform. The hash is the image tag: a file the build never sees (an ignored file, a
 * comment in sources that are bundled before the build) leaves the tag, and so the pushed digest and every task
 * definition, unchanged.
 *
 * Scratch volumes: on Fargate a task volume is an empty folder owned by root with mode 0755 unless the image
 * declares a `VOLUME` at its path, whose owner and mode are copied into it (rule `ecs.bind-mount-owner`). So
 * the context gains an archive holding each scratch folder owned by the task user, and the Dockerfile gains
 * `ADD` of that archive and `VOLUME` of each folder. The archive has fixed times and owners, so the layer is the
 * same on every build.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import dockerignore from '@balena/dockerignore';

/** Modification time of every file written into a staged context and into the generated archive. */
export const CONTEXT_MTIME = new Date(0);
/** The archive of scratch folders added to a context that has scratch volumes. */
export const SCRATCH_ARCHIVE = '.fargate-workflows-scratch.tar';

export type ImagePlatform = 'linux/amd64' | 'linux/arm64';

export interface ScratchVolumes {
  /** Absolute container paths. */
  readonly paths: readonly string[];
  /** Numeric `uid` or `uid:gid` that owns them (the task user). */
  readonly user: string;
}

export interface ImageContextInput {
  /** The folder holding the Dockerfile (absolute). */
  readonly directory: string;
  /** Path of the Dockerfile inside `directory`. */
  readonly dockerfile: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly platform: ImagePlatform;
  /** @default - none: the Dockerfile is used as it is */
  readonly scratch?: ScratchVolumes;
}

export type ContextEntry =
  | { readonly kind: 'file'; readonly path: string; readonly mode: number; readonly content: Buffer }
  | { readonly kind: 'directory'; readonly path: string; readonly mode: number }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string };

export interface ImageContext {
  /** Everything the build receives, by posix path relative to the context root, sorted. */
  readonly entries: readonly ContextEntry[];
  /** sha256 (hex) of the entries, the build arguments and the platform. */
  readonly hash: string;
}

/** Problems with a build folder as the configuration names it: undefined when it can be built. */
export function buildFolderProblem(directory: string, dockerfile: string): { field: 'directory' | 'dockerfile'; message: string } | undefined {
  const folder = fs.statSync(directory, { throwIfNoEntry: false });
  if (!folder) return { field: 'directory', message: `no such folder: ${directory}` };
  if (!folder.isDirectory()) return { field: 'directory', message: `not a folder: ${directory}` };
  const file = path.resolve(directory, dockerfile);
  const relative = path.relative(directory, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return { field: 'dockerfile', message: `must be inside the build folder ${directory}` };
  }
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
    return { field: 'dockerfile', message: `no such file in the build folder: ${file}` };
  }
  return undefined;
}

/** The `.dockerignore` rules of a folder (none when it has no such file). */
function ignoreRules(directory: string): string[] {
  const file = path.join(directory, '.dockerignore');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const toPosix = (relative: string) => relative.split(path.sep).join('/');

/** The entries of `directory` the build receives: what `.dockerignore` admits, the Dockerfile and `.dockerignore`. */
function admittedEntries(directory: string, dockerfile: string): ContextEntry[] {
  const rules = ignoreRules(directory);
  const ignore = dockerignore().add(rules);
  const hasExceptions = rules.some((rule) => rule.startsWith('!'));
  const alwaysSent = new Set([toPosix(path.normalize(dockerfile)), '.dockerignore']);
  const entries: ContextEntry[] = [];
  const walk = (relative: string) => {
    for (const name of fs.readdirSync(path.join(directory, relative)).sort()) {
      const child = relative ? `${relative}/${name}` : name;
      const absolute = path.join(directory, child);
      // A file removed between listing and reading (a build's temporary file, renamed into place) was never sent.
      const stat = fs.lstatSync(absolute, { throwIfNoEntry: false });
      if (stat === undefined) continue;
      const ignored = ignore.ignores(child) && !alwaysSent.has(child);
      if (stat.isDirectory()) {
        // An ignored folder can still hold admitted files (exception rules, "!path") or the Dockerfile.
        if (ignored && !hasExceptions && ![...alwaysSent].some((sent) => sent.startsWith(`${child}/`))) continue;
        if (!ignored) entries.push({ kind: 'directory', path: child, mode: stat.mode & 0o7777 });
        walk(child);
      } else if (!ignored && stat.isSymbolicLink()) {
        entries.push({ kind: 'symlink', path: child, target: fs.readlinkSync(absolute) });
      } else if (!ignored && stat.isFile()) {
        entries.push({ kind: 'file', path: child, mode: stat.mode & 0o7777, content: fs.readFileSync(absolute) });
      }
    }
  };
  walk('');
  // A folder that holds admitted files is sent even when the folder itself matches a rule.
  const folders = new Set(entries.filter((entry) => entry.kind === 'directory').map((entry) => entry.path));
  for (const entry of [...entries]) {
    const parts = entry.path.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      if (!folders.has(folder)) {
        folders.add(folder);
        entries.push({ kind: 'directory', path: folder, mode: fs.statSync(path.join(directory, folder)).mode & 0o7777 });
      }
    }
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function parseUser(user: string): { uid: number; gid: number } {
  const [uid, gid] = user.split(':').map(Number);
  return { uid, gid: gid ?? 0 };
}

/** A ustar header block for one entry; `prefix` holds the part of a long name before its last slashes. */
function tarHeader(name: string, fields: { mode: number; uid: number; gid: number; size: number; type: '0' | '5' }): Buffer {
  const header = Buffer.alloc(512);
  let prefix = '';
  let rest = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 2);
    prefix = name.slice(0, cut);
    rest = name.slice(cut + 1);
    if (Buffer.byteLength(rest) > 100 || Buffer.byteLength(prefix) > 155) throw new Error(`path too long for an archive: ${name}`);
  }
  const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, '0')}\0`;
  header.write(rest, 0, 100, 'utf8');
  header.write(octal(fields.mode, 8), 100, 8, 'ascii');
  header.write(octal(fields.uid, 8), 108, 8, 'ascii');
  header.write(octal(fields.gid, 8), 116, 8, 'ascii');
  header.write(octal(fields.size, 12), 124, 12, 'ascii');
  header.write(octal(Math.floor(CONTEXT_MTIME.getTime() / 1000), 12), 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii'); // checksum field counts as spaces while summing
  header.write(fields.type, 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/**
 * A tar archive holding each scratch folder (no contents) owned by `user` with mode 0755, with a fixed time.
 * Missing parent folders are made by the extraction (root, 0755); existing ones are left as they are.
 */
export function scratchArchive(scratch: ScratchVolumes): Buffer {
  const { uid, gid } = parseUser(scratch.user);
  const folders = [...new Set(scratch.paths.map((folder) => `${path.posix.normalize(folder).replace(/^\/+|\/+$/g, '')}/`))].sort();
  return Buffer.concat([
    ...folders.map((folder) => tarHeader(folder, { mode: 0o755, uid, gid, size: 0, type: '5' })),
    Buffer.alloc(1024),
  ]);
}

/** What the Dockerfile gains for scratch volumes: the owned folders, then a VOLUME at each. */
export function scratchInstructions(scratch: ScratchVolumes): string {
  const paths = [...new Set(scratch.paths.map((folder) => path.posix.normalize(folder)))].sort();
  return [
    '',
    '# Added by fargate-workflows for the task\'s scratch paths: each folder owned by the task user',
    `# (${scratch.user}). On Fargate a task volume is owned by root with mode 0755 unless the image declares a VOLUME`,
    '# at its path, whose owner and mode are then copied into it.',
    `ADD ${SCRATCH_ARCHIVE} /`,
    `VOLUME ${JSON.stringify(paths)}`,
    '',
  ].join('\n');
}

/** The build context of `input`: what the build receives, and its hash. Reads the folder; writes nothing. */
export function imageContext(input: ImageContextInput): ImageContext {
  const dockerfile = toPosix(path.normalize(input.dockerfile));
  let entries = admittedEntries(input.directory, dockerfile);
  const scratch = input.scratch && input.scratch.paths.length > 0 ? input.scratch : undefined;
  if (scratch) {
    const amended = entries.map((entry): ContextEntry => {
      if (entry.kind !== 'file') return entry;
      if (entry.path === dockerfile) {
        const text = entry.content.toString('utf8');
        return { ...entry, content: Buffer.from(`${text}${text.endsWith('\n') ? '' : '\n'}${scratchInstructions(scratch)}`) };
      }
      // The archive must reach the build whatever the folder's own rules exclude.
      if (entry.path === '.dockerignore') return { ...entry, content: Buffer.concat([entry.content, Buffer.from(`\n!${SCRATCH_ARCHIVE}\n`)]) };
      return entry;
    });
    amended.push({ kind: 'file', path: SCRATCH_ARCHIVE, mode: 0o644, content: scratchArchive(scratch) });
    entries = amended.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  const hash = createHash('sha256');
  hash.update(`platform ${input.platform}\ndockerfile ${dockerfile}\n`);
  for (const [name, value] of Object.entries(input.buildArgs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(`arg ${JSON.stringify(name)}=${JSON.stringify(value)}\n`);
  }
  for (const entry of entries) {
    if (entry.kind === 'file') hash.update(`file ${JSON.stringify(entry.path)} ${entry.mode.toString(8)} ${createHash('sha256').update(entry.content).digest('hex')}\n`);
    else if (entry.kind === 'directory') hash.update(`dir ${JSON.stringify(entry.path)} ${entry.mode.toString(8)}\n`);
    else hash.update(`link ${JSON.stringify(entry.path)} ${JSON.stringify(entry.target)}\n`);
  }
  return { entries, hash: hash.digest('hex') };
}

/**
 * Writes `context` into the empty folder `target`, every file and folder with the time {@link CONTEXT_MTIME}, so
 * that a build that copies them records the same times whenever and wherever it runs.
 */
export function writeImageContext(context: ImageContext, target: string): void {
  fs.mkdirSync(target, { recursive: true });
  for (const entry of context.entries) {
    const destination = path.join(target, ...entry.path.split('/'));
    if (entry.kind === 'directory') fs.mkdirSync(destination, { recursive: true, mode: entry.mode });
    else {
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      if (entry.kind === 'file') fs.writeFileSync(destination, entry.content, { mode: entry.mode });
      else fs.symlinkSync(entry.target, destination);
    }
  }
  // Times last, deepest first: writing a file changes its folder's time.
  for (const entry of [...context.entries].reverse()) {
    if (entry.kind === 'symlink') continue;
    const destination = path.join(target, ...entry.path.split('/'));
    fs.chmodSync(destination, entry.mode);
    fs.utimesSync(destination, CONTEXT_MTIME, CONTEXT_MTIME);
  }
  fs.utimesSync(target, CONTEXT_MTIME, CONTEXT_MTIME);
}
