// Bundles a container job into one self-contained ES module, and packs it for its image as a tar archive
// (app/<name>.mjs, owned by root, fixed time: the same layer on every build). Run directly, it builds the notifier:
// notifier/dist/notifier.mjs and notifier/dist/notifier.tar. Other jobs (examples/) import buildJob.
// Usage: node notifier/build.mjs   (npm run build:notifier)
import { Buffer } from 'node:buffer';
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Builds `<folder>/dist/<name>.mjs` from `entry`, then `<folder>/dist/<name>.tar`. No runtime npm dependencies:
 * every input must come from one of `sourceFolders`, every import must be a Node built-in.
 */
export async function buildJob({ folder, name, entry, sourceFolders }) {
  const outfile = join(folder, 'dist', `${name}.mjs`);
  // Written beside the target, then renamed: concurrent builds (parallel test files) never expose a partial file.
  const partial = `${outfile}.${process.pid}.partial`;
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
  renameSync(partial, outfile);
  console.log(`${relative(process.cwd(), outfile)}: ${statSync(outfile).size} bytes`);

  const bundle = readFileSync(outfile);
  const archive = Buffer.concat([
    tarHeader('app/', 0o755, 0, '5'),
    tarHeader(`app/${name}.mjs`, 0o644, bundle.length, '0'),
    bundle,
    Buffer.alloc((512 - (bundle.length % 512)) % 512),
    Buffer.alloc(1024),
  ]);
  const tarfile = join(folder, 'dist', `${name}.tar`);
  writeFileSync(`${tarfile}.${process.pid}.partial`, archive);
  renameSync(`${tarfile}.${process.pid}.partial`, tarfile);
  console.log(`${relative(process.cwd(), tarfile)}: ${archive.length} bytes`);
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

const here = dirname(fileURLToPath(import.meta.url));

/** The notifier, as buildJob builds it. */
export const NOTIFIER = { folder: here, name: 'notifier', entry: join(here, 'src', 'main.ts'), sourceFolders: [join(here, 'src')] };

/** Builds `job` when the module at `moduleUrl` is the program node runs (`node <its file>`); on failure, says why and exits 1. */
export async function buildWhenRun(moduleUrl, job) {
  if (!process.argv[1] || pathToFileURL(resolve(process.argv[1])).href !== moduleUrl) return;
  try {
    await buildJob(job);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

await buildWhenRun(import.meta.url, NOTIFIER);
