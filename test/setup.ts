// Jest setup for every test file.
import * as fs from 'node:fs';
import * as path from 'node:path';

// cdktf's Testing.app() leaves temporary folders behind: keep them inside the project, under .tmp/.
const tmp = path.join(__dirname, '..', '.tmp');
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
