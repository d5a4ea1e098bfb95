// Bundles the example job into dist/list-items.mjs and packs it as dist/list-items.tar for its image, with the
// notifier's build (it shares the notifier's signed Step Functions client, notifier/src/execution.ts).
// Usage: node examples/list-items/build.mjs   (npm run build:images)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWhenRun } from '../../notifier/build.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The example job, as buildJob builds it. */
export const LIST_ITEMS = { folder: here, name: 'list-items', entry: join(here, 'src', 'main.ts'), sourceFolders: [join(here, 'src'), join(here, '..', '..', 'notifier', 'src')] };

await buildWhenRun(import.meta.url, LIST_ITEMS);
