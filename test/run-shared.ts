// What the test files of one run share through the run's folder (TEST_RUN_TMPDIR, made by test/run-folder.js):
// the first file that needs a result makes it and publishes it there, the others use it.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the run keeps the result called `name`; undefined outside a run (a file then makes its own). */
export function sharedInRun(name: string): string | undefined {
  const run = process.env.TEST_RUN_TMPDIR;
  return run ? path.join(run, name) : undefined;
}

/**
 * Publishes a folder at `shared` whole or not at all: `fill` writes it beside, then it is renamed into place. Of
 * two test files that publish the same result at once, the first rename wins and the other's copy goes.
 */
export function publishInRun(shared: string, fill: (folder: string) => void): void {
  const partial = `${shared}.${process.pid}.partial`;
  fs.mkdirSync(partial, { recursive: true });
  try {
    fill(partial);
    fs.renameSync(partial, shared);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(shared)) throw error;
  }
}
