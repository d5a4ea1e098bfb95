// Jest setup for every test file.
import * as fs from 'node:fs';
import * as path from 'node:path';

// Every temporary folder of the tests (cdktf's Testing.app() makes some of its own) goes under TMPDIR: the run's
// own folder, which the end of the run removes (test/run-folder.js); .tmp/ itself when jest's globalSetup did
// not run.
const projectTmp = path.join(__dirname, '..', '.tmp');
const tmp = process.env.TEST_RUN_TMPDIR ?? projectTmp;
fs.mkdirSync(tmp, { recursive: true });
process.env.TMPDIR = tmp;
process.env.CHECKPOINT_DISABLE = '1';

// Supported Node.js: the LTS lines 22 and 24 (package.json engines). Older lines lack what dependencies use
// (aws-local-stepfunctions needs Promise.withResolvers, whose absence makes its tasks fail silently): say so
// once, plainly, instead of failing in odd places.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  throw new Error(`Node.js ${process.versions.node} is not supported: use Node.js 22 or 24 (see README, Prerequisites)`);
}
