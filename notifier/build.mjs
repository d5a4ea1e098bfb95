// Bundles the notifier into one self-contained ES module: notifier/dist/notifier.mjs.
// Usage: node notifier/build.mjs   (npm run build:notifier)
import { build } from 'esbuild';
import { renameSync, rmSync, statSync } from 'node:fs';
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
