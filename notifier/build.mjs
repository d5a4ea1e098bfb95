// Bundles a container job into one self-contained ES module, and packs it for its image as a tar archive
// (app/<name>.mjs, owned by root, fixed time: the same layer on every build). Run directly, it builds the notifier:
// notifier/dist/notifier.mjs and notifier/dist/notifier.tar. Other jobs (examples/) import buildJob.
// Usage: node notifier/build.mjs [--force]   (npm run build:notifier)
//
// A build is skipped when nothing it is built from changed since the last one (see cachedBuild below, which
// scripts/bundle.mjs uses as well): `npm run synth` then pays a few hundred stat calls instead of esbuild.
// This file imports nothing from the rest of the project, so that a copy of notifier/ builds on its own.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * @typedef {object} BuildOutcome What a cached build did: `built` false when the outputs were current.
 * @property {boolean} built
 * @property {string} reason Why it built (`notifier/src/main.ts changed`, `no manifest`, `forced`), or `up to date`.
 */

/**
 * Builds `<folder>/dist/<name>.mjs` from `entry`, then `<folder>/dist/<name>.tar`, unless both are current for
 * what they were built from (`<folder>/dist/<name>.manifest.json`, see cachedBuild). No runtime npm
 * dependencies: every input must come from one of `sourceFolders`, every import must be a Node built-in.
 * @param {{ folder: string, name: string, entry: string, sourceFolders: string[] }} job
 * @param {{ force?: boolean }} [options] force: build even when the outputs are current.
 * @returns {Promise<BuildOutcome>}
 */
export async function buildJob({ folder, name, entry, sourceFolders }, { force = false } = {}) {
  const outfile = join(folder, 'dist', `${name}.mjs`);
  const tarfile = join(folder, 'dist', `${name}.tar`);
  const outcome = await cachedBuild({
    manifest: join(folder, 'dist', `${name}.manifest.json`),
    key: { job: name, entry: resolve(entry), sourceFolders: sourceFolders.map((source) => resolve(source)) },
    // What the bundle is built from besides its sources: this build script, the job's own, and what its image
    // is built with (absent files count too: one that appears makes the next run build).
    extraInputs: [fileURLToPath(import.meta.url), ...['build.mjs', 'Dockerfile', '.dockerignore'].map((file) => join(folder, file))],
    force,
    build: async () => {
      // Written beside the target, then renamed by cachedBuild: concurrent builds (parallel test files) never
      // expose a partial file.
      const partial = `${outfile}.${process.pid}.partial`;
      const { build } = await import('esbuild');
      const result = await build({
        entryPoints: [entry],
        outfile: partial,
        bundle: true,
        format: 'esm',
        platform: 'node',
        // The oldest Node.js line the bundle runs on (the image has 24; tests run it on 22 and 24 as well).
        target: 'node22',
        minify: true,
        sourcemap: false,
        legalComments: 'none',
        metafile: true,
        logLevel: 'warning',
      });
      const allowed = sourceFolders.map((source) => relative(process.cwd(), source));
      const foreign = Object.keys(result.metafile.inputs).filter((input) => !allowed.some((source) => input.startsWith(source)));
      const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
      const nonBuiltin = imports.filter((path) => !path.startsWith('node:'));
      if (foreign.length > 0 || nonBuiltin.length > 0) {
        rmSync(partial, { force: true });
        throw new Error(`${name} bundle must hold only ${allowed.join(', ')} and node: built-ins; found ${[...foreign, ...nonBuiltin].join(', ')}`);
      }
      const bundle = readFileSync(partial);
      const archive = Buffer.concat([
        tarHeader('app/', 0o755, 0, '5'),
        tarHeader(`app/${name}.mjs`, 0o644, bundle.length, '0'),
        bundle,
        Buffer.alloc((512 - (bundle.length % 512)) % 512),
        Buffer.alloc(1024),
      ]);
      const partialTar = `${tarfile}.${process.pid}.partial`;
      writeFileSync(partialTar, archive);
      return { inputs: Object.keys(result.metafile.inputs).map((input) => resolve(input)), outputs: [[outfile, partial], [tarfile, partialTar]] };
    },
  });
  const state = outcome.built ? '' : ' (up to date)';
  console.log(`${relative(process.cwd(), outfile)}: ${statSync(outfile).size} bytes${state}`);
  console.log(`${relative(process.cwd(), tarfile)}: ${statSync(tarfile).size} bytes${state}`);
  return outcome;
}

/** One ustar header: `name`, numeric owner 0:0, time 0 (what Docker's ADD extracts into the layer). */
function tarHeader(name, mode, size, type) {
  const header = Buffer.alloc(512);
  const octal = (value, width) => `${value.toString(8).padStart(width - 1, '0')}\0`;
  header.write(name, 0, 100, 'utf8');
  header.write(octal(mode, 8), 100, 8, 'ascii');
  header.write(octal(0, 8), 108, 8, 'ascii');
  header.write(octal(0, 8), 116, 8, 'ascii');
  header.write(octal(size, 12), 124, 12, 'ascii');
  header.write(octal(0, 12), 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii');
  header.write(type, 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

// ---------------------------------------------------------------------------------------------------------
// The build cache. A manifest beside the outputs lists what they were built from, each file as git's index
// does: size, mtime, ctime and inode (a stat call tells whether it may have changed) and its SHA-256 (which
// decides when the stat differs, so that a touched or checked-out-again file costs a hash, not a build):
//   - every input esbuild read (its metafile), by real path;
//   - the extra inputs the caller names (build scripts, Dockerfile, .dockerignore), present or absent;
//   - for every input of our own (outside node_modules): its folder's listing (a file added beside it can
//     change how an import resolves) and, in its folder and every one above it, package.json, tsconfig.json
//     and jsconfig.json, present or absent, and where node_modules points;
//   - for every input in node_modules: its package's package.json (an upgrade changes its version);
//   - the outputs themselves (deleted or edited: built again);
//   - the node and esbuild versions and the caller's key (entry, options).
// The outputs are current only when all of that matches; anything else builds, and the manifest is written
// after the outputs. An input whose ctime is not older than the build's start (changed while esbuild read
// it) leaves no manifest, so the next run builds again: a bundle is never served for sources it was not
// built from.
// ---------------------------------------------------------------------------------------------------------

const MANIFEST_VERSION = 1;
/** Files whose presence or content changes how esbuild resolves and compiles the sources of a folder. */
const PROBES = ['package.json', 'tsconfig.json', 'jsconfig.json'];

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** A file's stat (bigint: nanosecond times), or undefined when it does not exist. */
function statOf(path) {
  try {
    return statSync(path, { bigint: true });
  } catch (error) {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** What git's index keeps to tell an unchanged file without reading it. */
const fingerprint = (stat) => `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`;

/** The esbuild version, from its package.json: checking the cache must not load esbuild. */
function esbuildVersion() {
  return JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8')).version;
}

/** How a path is shown in a reason: relative to the working directory. */
const shown = (path) => relative(process.cwd(), path) || path;

/** The record of one file: absent, or its fingerprint and hash. */
function fileRecord(path) {
  const stat = statOf(path);
  if (!stat || !stat.isFile()) return { absent: true };
  return { stat: fingerprint(stat), sha256: sha256(readFileSync(path)) };
}

/** A folder's entry names, hashed. */
const listingOf = (folder) => sha256(readdirSync(folder).sort().join('\n'));

/** Where `<folder>/node_modules` leads, or absent. */
function nodeModulesOf(folder) {
  try {
    return realpathSync(join(folder, 'node_modules'));
  } catch {
    return '';
  }
}

/** The package folder of a file inside node_modules (`.../node_modules/@scope/name` or `.../node_modules/name`). */
function packageFolderOf(path) {
  const parts = path.split(sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  return parts.slice(0, parts[at + 1].startsWith('@') ? at + 3 : at + 2).join(sep);
}

/** Everything the outputs depend on, as described above (without the outputs and the key). */
function recordInputs(inputs, extraInputs) {
  const files = {};
  const folders = {};
  const links = {};
  const add = (path) => {
    if (!(path in files)) files[path] = fileRecord(path);
  };
  for (const input of inputs) add(input);
  for (const extra of extraInputs) add(extra);
  for (const input of inputs) {
    const pkg = packageFolderOf(input);
    if (pkg) {
      add(join(pkg, 'package.json'));
      continue;
    }
    for (let folder = dirname(input), first = true; ; first = false) {
      if (folder in links) break;
      if (first) folders[folder] = listingOf(folder);
      links[folder] = nodeModulesOf(folder);
      for (const probe of PROBES) add(join(folder, probe));
      const parent = dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
  }
  // The listing of a folder reached first as a parent is recorded when an input lives in it as well.
  for (const input of inputs) if (!packageFolderOf(input) && !(dirname(input) in folders)) folders[dirname(input)] = listingOf(dirname(input));
  return { files, folders, links };
}

/** Why `manifest` no longer describes the outputs, or undefined when it does. `touched` collects files to re-stat. */
function staleness(manifest, key, touched) {
  if (manifest.version !== MANIFEST_VERSION) return 'manifest of another version';
  const wanted = JSON.stringify(key);
  if (JSON.stringify(manifest.key) !== wanted) return `built with ${JSON.stringify(manifest.key)}, now ${wanted}`;
  const fileReason = (path, record, what) => {
    const stat = statOf(path);
    if (record.absent) return stat?.isFile() ? `${shown(path)} appeared` : undefined;
    if (!stat || !stat.isFile()) return `${shown(path)} ${what === 'output' ? 'is missing' : 'was removed'}`;
    if (fingerprint(stat) === record.stat) return undefined;
    if (sha256(readFileSync(path)) !== record.sha256) return `${shown(path)} changed`;
    touched.push(path);
    return undefined;
  };
  for (const [path, record] of Object.entries(manifest.outputs)) {
    const reason = fileReason(path, record, 'output');
    if (reason) return reason;
  }
  for (const [path, record] of Object.entries(manifest.files)) {
    const reason = fileReason(path, record, 'input');
    if (reason) return reason;
  }
  for (const [folder, listing] of Object.entries(manifest.folders)) {
    let now;
    try {
      now = listingOf(folder);
    } catch {
      return `${shown(folder)} was removed`;
    }
    if (now !== listing) return `a file was added to or removed from ${shown(folder)}`;
  }
  for (const [folder, target] of Object.entries(manifest.links)) {
    if (nodeModulesOf(folder) !== target) return `${shown(join(folder, 'node_modules'))} leads elsewhere`;
  }
  return undefined;
}

function readManifest(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Writes `path` beside itself, then renames it: a reader sees the old file or the new one, never a part. */
function writeAtomically(path, data) {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}

/**
 * Runs `build` unless the manifest at `manifest` says its outputs are current (see above).
 *
 * `build` writes each output to a partial file and returns the inputs esbuild read and `[output, partial]`
 * pairs; this renames the partial files over the outputs, then writes the manifest.
 * @param {{
 *   manifest: string,
 *   key: object,
 *   extraInputs?: string[],
 *   force?: boolean,
 *   build: () => Promise<{ inputs: string[], outputs: [string, string][] }>,
 * }} options key: what else decides the outputs (entry, options), compared as JSON.
 * @returns {Promise<BuildOutcome>}
 */
export async function cachedBuild({ manifest, key, extraInputs = [], force = false, build }) {
  const fullKey = { node: process.version, esbuild: esbuildVersion(), ...key };
  const previous = force ? undefined : readManifest(manifest);
  if (previous) {
    const touched = [];
    const reason = staleness(previous, fullKey, touched);
    if (!reason) {
      // Same content under a new stat (touched, checked out again): remember the new stat, so that the next
      // check does not hash these files again.
      if (touched.length > 0) {
        for (const path of touched) {
          const record = path in previous.outputs ? previous.outputs : previous.files;
          record[path] = { ...record[path], stat: fingerprint(statSync(path, { bigint: true })) };
        }
        writeAtomically(manifest, `${JSON.stringify(previous)}\n`);
      }
      return { built: false, reason: 'up to date' };
    }
    return runBuild(reason);
  }
  return runBuild(force ? 'forced' : 'no manifest');

  async function runBuild(reason) {
    mkdirSync(dirname(manifest), { recursive: true });
    // The build's start on the file system's own clock: any input changed after it has a ctime not older.
    const stamp = `${manifest}.${process.pid}.stamp`;
    writeFileSync(stamp, '');
    const started = statSync(stamp, { bigint: true }).ctimeNs;
    rmSync(stamp, { force: true });
    let outputs = [];
    try {
      const result = await build();
      outputs = result.outputs;
      const written = {};
      for (const [output, partial] of outputs) {
        const before = statSync(partial, { bigint: true });
        const content = readFileSync(partial);
        renameSync(partial, output);
        const after = statOf(output);
        // Another process may have renamed its own output over ours since: then only the hash is kept.
        written[output] = { stat: after && after.ino === before.ino ? fingerprint(after) : '', sha256: sha256(content) };
      }
      const recorded = recordInputs(result.inputs, extraInputs);
      const racy = Object.entries(recorded.files).find(([path, record]) => !record.absent && statSync(path, { bigint: true }).ctimeNs >= started);
      if (racy) {
        // Changed while it was read: what the bundle holds is unknown, so the next run builds again.
        rmSync(manifest, { force: true });
      } else {
        writeAtomically(manifest, `${JSON.stringify({ version: MANIFEST_VERSION, key: fullKey, outputs: written, ...recorded }, null, 1)}\n`);
      }
    } finally {
      for (const [, partial] of outputs) rmSync(partial, { force: true });
    }
    return { built: true, reason };
  }
}

const here = dirname(fileURLToPath(import.meta.url));

/** The notifier, as buildJob builds it. */
export const NOTIFIER = { folder: here, name: 'notifier', entry: join(here, 'src', 'main.ts'), sourceFolders: [join(here, 'src')] };

/**
 * Builds `job` when the module at `moduleUrl` is the program node runs (`node <its file> [--force]`); on failure,
 * says why and exits 1.
 */
export async function buildWhenRun(moduleUrl, job) {
  if (!process.argv[1] || pathToFileURL(resolve(process.argv[1])).href !== moduleUrl) return;
  try {
    await buildJob(job, { force: process.argv.includes('--force') });
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

await buildWhenRun(import.meta.url, NOTIFIER);
