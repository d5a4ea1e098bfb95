// `npm run synth`: the container jobs' bundles and image contexts (what `npm run build:images` builds:
// notifier/build.mjs, examples/list-items/build.mjs) and the bundle of main.ts (scripts/bundle.mjs), each built
// only when something it is built from changed since its last build (the manifest beside it says what), then
// main.ts's bundle run as the program that synthesizes, in this same process, with this process's arguments
// and its exit code. One node process and no npm in between: the same steps as
// `npm run -s build:images && node scripts/bundle.mjs app && node .tmp/bundle/app.js`, without starting four
// more processes for them, nor esbuild when everything is current.
//
// Exit codes: the app's own, or 1 when a job does not build, 2 when main.ts does not bundle.
import './node-version.mjs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIST_ITEMS } from '../examples/list-items/build.mjs';
import { buildJob, NOTIFIER } from '../notifier/build.mjs';
import { BUNDLE_DIRECTORY, bundle, ENTRIES } from './bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(BUNDLE_DIRECTORY, 'app.js');
const [jobs, bundled] = await Promise.allSettled([Promise.all([buildJob(NOTIFIER), buildJob(LIST_ITEMS)]), bundle(join(root, ENTRIES.app), app)]);
if (jobs.status === 'rejected') {
  console.error(jobs.reason instanceof Error ? jobs.reason.message : String(jobs.reason));
  process.exit(1);
}
if (bundled.status === 'rejected') {
  // esbuild has printed the errors already (logLevel 'error').
  console.error(`bundle app failed: ${bundled.reason instanceof Error ? bundled.reason.message.split('\n')[0] : String(bundled.reason)}`);
  process.exit(2);
}
// The bundle (3 MB) compiled once and kept, where jest and npm keep theirs (.tmp/node-compile-cache), unless
// NODE_COMPILE_CACHE names another place.
Module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE ?? join(root, '.tmp', 'node-compile-cache'));
// Run as the program (`node .tmp/bundle/app.js ...`): main.ts synthesizes only when `require.main === module`.
process.argv = [process.argv[0], app, ...process.argv.slice(2)];
Module.runMain(app);
