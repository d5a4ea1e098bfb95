// Bundles the notifier into one self-contained ES module, notifier/dist/notifier.mjs, and packs it for the
// image as notifier/dist/notifier.tar (app/notifier.mjs, owned by root, fixed time: the same layer on every build).
// Usage: node notifier/build.mjs   (npm run build:notifier)
import { Buffer } from 'node:buffer';
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, 'dist', 'notifier.mjs');
// Written beside the target, then renamed: concurrent builds (parallel test files) never expose a partial file.
const partial = `${outfile}.${process.pid}.partial`;

const result = await build({
  entryPoints: [join(here, 'src', 'main.ts')],
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

// No runtime npm dependencies: every input must be our own source, every import a Node built-in.
const foreign = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith(relative(process.cwd(), join(here, 'src'))));
const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
const nonBuiltin = imports.filter((path) => !path.startsWith('node:'));
if (foreign.length > 0 || nonBuiltin.length > 0) {
  console.error(`notifier bundle must hold only notifier/src and node: built-ins; found ${[...foreign, ...nonBuiltin].join(', ')}`);
  rmSync(partial, { force: true });
  process.exit(1);
}
renameSync(partial, outfile);
console.log(`${relative(process.cwd(), outfile)}: ${statSync(outfile).size} bytes`);

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

const bundle = readFileSync(outfile);
const archive = Buffer.concat([
  tarHeader('app/', 0o755, 0, '5'),
  tarHeader('app/notifier.mjs', 0o644, bundle.length, '0'),
  bundle,
  Buffer.alloc((512 - (bundle.length % 512)) % 512),
  Buffer.alloc(1024),
]);
const tarfile = join(here, 'dist', 'notifier.tar');
writeFileSync(`${tarfile}.${process.pid}.partial`, archive);
renameSync(`${tarfile}.${process.pid}.partial`, tarfile);
console.log(`${relative(process.cwd(), tarfile)}: ${archive.length} bytes`);
