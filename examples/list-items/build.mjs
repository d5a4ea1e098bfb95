// Bundles the example job into dist/list-items.mjs and packs it as dist/list-items.tar for its image, with the
// notifier's build (it shares the notifier's signed Step Functions client, notifier/src/execution.ts).
// Usage: node examples/list-items/build.mjs   (npm run build:images)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildJob } from '../../notifier/build.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The example job, as buildJob builds it. */
export const LIST_ITEMS = { folder: here, name: 'list-items', entry: join(here, 'src', 'main.ts'), sourceFolders: [join(here, 'src'), join(here, '..', '..', 'notifier', 'src')] };

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  try {
    await buildJob(LIST_ITEMS);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
