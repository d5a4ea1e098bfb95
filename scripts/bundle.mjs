// Bundles one entry point of the project (our TypeScript and its npm dependencies) into one CommonJS file
// under .tmp/bundle/, so that the commands run with plain `node`: no ts-node, no type-check, no source-map
// rewriting of the stack trace cdktf records for every token (which is formatted only when read, see
// scripts/lazy-stack-trace.ts). Type errors are `npm run typecheck`'s job.
//
//   node scripts/bundle.mjs app              main.ts                          -> .tmp/bundle/app.js
//   node scripts/bundle.mjs check-security   tools/security/check-cli.ts     -> .tmp/bundle/check-security.js
//   node scripts/bundle.mjs graph            tools/graph/graph-cli.ts              -> .tmp/bundle/graph.js
//   node scripts/bundle.mjs plan-summary     tools/review/plan-summary-cli.ts -> .tmp/bundle/plan-summary.js
//   node scripts/bundle.mjs <entry.ts> <out.js>   any other entry (bench/synth.ts uses it)
//   --force                                        build even when the bundle is current
//
// The npm scripts run it before every run (`npm run synth` through scripts/synth.mjs), so the bundle is never
// stale; it is built only when something it is built from changed since the last build (`<out>.manifest.json`
// beside it lists that: notifier/build.mjs's cachedBuild). It prints nothing unless something fails (the
// commands' standard output stays theirs); on failure it exits 2.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedBuild } from '../notifier/build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIRECTORY = join(root, '.tmp', 'bundle');
export const ENTRIES = {
  app: 'main.ts',
  'check-security': 'tools/security/check-cli.ts',
  graph: 'tools/graph/graph-cli.ts',
  'plan-summary': 'tools/review/plan-summary-cli.ts',
};

// cdktf zips archive assets by running its own lib/private/fs.js as a program (`node ${__filename}`): inside
// a bundle __filename would be the bundle itself. That one file stays in node_modules.
const cdktfFilesThatRunThemselves = {
  name: 'cdktf-files-that-run-themselves',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\/private\/fs$/ }, (args) =>
      /[\\/]node_modules[\\/]cdktf[\\/]lib$/.test(args.resolveDir) ? { path: 'cdktf/lib/private/fs.js', external: true } : undefined,
    );
  },
};

// main.ts synthesizes only when it is the program (`require.main === module`). Inside a bundle every module
// shares the bundle's `module`, so when another command (graph) bundles main.ts for its declarations, main.ts
// must be told it is not the program. The build fails if the guard is no longer found, rather than synthesize.
const MAIN = join(root, 'main.ts');
const MAIN_GUARD = 'require.main === module';
const mainIsNotTheProgram = {
  name: 'main-is-not-the-program',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]main\.ts$/ }, (args) => {
      if (args.path !== MAIN) return undefined;
      const source = readFileSync(MAIN, 'utf8');
      if (!source.includes(MAIN_GUARD)) return { errors: [{ text: `main.ts no longer guards its synthesis with \`${MAIN_GUARD}\`: update scripts/bundle.mjs` }] };
      return { contents: source.replaceAll(MAIN_GUARD, 'false /* bundled into another command */'), loader: 'ts' };
    });
  },
};

// cdktf formats the creation stack of every token at once, though it is read only to explain a resolution
// error; scripts/lazy-stack-trace.ts keeps the same frames and formats them when read.
const LAZY_STACK_TRACE = join(root, 'scripts', 'lazy-stack-trace.ts');
const lazyStackTraces = {
  name: 'lazy-stack-traces',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: readFileSync(LAZY_STACK_TRACE, 'utf8'),
      loader: 'ts',
      resolveDir: dirname(LAZY_STACK_TRACE),
    }));
  },
};

/** The manifest of the bundle at `outfile`: what it was built from (see cachedBuild). */
export const manifestOf = (outfile) => `${outfile}.manifest.json`;

/**
 * Bundles `entry` into `outfile` (written beside it, then renamed: concurrent builds never expose a partial
 * file), unless `outfile` is current for what it was built from.
 * @param {string} entry
 * @param {string} outfile
 * @param {{ force?: boolean }} [options] force: build even when the bundle is current.
 * @returns {Promise<import('../notifier/build.mjs').BuildOutcome>}
 */
export async function bundle(entry, outfile, { force = false } = {}) {
  const isMain = resolve(entry) === MAIN;
  return cachedBuild({
    manifest: manifestOf(outfile),
    key: { entry: resolve(entry), isMain },
    // This script (its options and plugins), and what the plugins read instead of what esbuild would.
    extraInputs: [fileURLToPath(import.meta.url), LAZY_STACK_TRACE, MAIN],
    force,
    build: async () => {
      const partial = `${outfile}.${process.pid}.partial`;
      const { build } = await import('esbuild');
      try {
        const result = await build({
          entryPoints: [entry],
          outfile: partial,
          bundle: true,
          format: 'cjs',
          platform: 'node',
          target: 'node22',
          sourcemap: false,
          legalComments: 'none',
          logLevel: 'error',
          metafile: true,
          plugins: [cdktfFilesThatRunThemselves, lazyStackTraces, ...(isMain ? [] : [mainIsNotTheProgram])],
        });
        return { inputs: Object.keys(result.metafile.inputs).map((input) => resolve(input)), outputs: [[outfile, partial]] };
      } catch (error) {
        rmSync(partial, { force: true });
        throw error;
      }
    },
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  const [name, out] = process.argv.slice(2).filter((arg) => arg !== '--force');
  const entry = ENTRIES[name] ? join(root, ENTRIES[name]) : name?.endsWith('.ts') && out ? resolve(name) : undefined;
  if (!entry) {
    console.error(`usage: node scripts/bundle.mjs <${Object.keys(ENTRIES).join(' | ')}> | <entry.ts> <out.js> [--force]`);
    process.exit(2);
  }
  try {
    await bundle(entry, ENTRIES[name] ? join(BUNDLE_DIRECTORY, `${name}.js`) : resolve(out), { force });
  } catch (error) {
    // esbuild has printed the errors already (logLevel 'error').
    console.error(`bundle ${name} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    process.exit(2);
  }
}
