// Jest setup for every test file.
import * as fs from 'node:fs';
import * as path from 'node:path';

// cdktf's Testing.app() leaves temporary folders behind: keep them inside the project, under .tmp/.
const tmp = path.join(__dirname, '..', '.tmp');
fs.mkdirSync(tmp, { recursive: true });
process.env.TMPDIR = tmp;
process.env.CHECKPOINT_DISABLE = '1';
