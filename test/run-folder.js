// One scratch folder per test run, .tmp/run-<pid>-XXXXXX: test/setup.ts points TMPDIR at it, so every folder a
// test makes (fs.mkdtempSync under TMPDIR, cdktf's Testing.app(), the temp files of the commands the tests
// spawn) lands there, and the end of the run removes it whatever the tests did. Jest's globalSetup and
// globalTeardown (jest.config.js) call the two functions below, in jest's parent process: the workers it starts
// afterwards inherit TEST_RUN_TMPDIR.
//
// Kept in .tmp/: node* (Node.js from .ci/node.sh), bundle/ (scripts/bundle.mjs), and what
// .ci/ makes for itself (dk.*, terraform-ci.tfrc). Anything else that appears directly in .tmp/ during a run was
// written around TMPDIR: the teardown fails the run and names it.
const fs = require('node:fs');
const path = require('node:path');

const TMP = path.join(__dirname, '..', '.tmp');
const RUN = /^run-(\d+)-/;

/** Whether a process with this id exists (signal 0 tests, sends nothing). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function globalSetup() {
  fs.mkdirSync(TMP, { recursive: true });
  // The folders of runs that ended without their teardown (killed, interrupted): their process is gone.
  for (const name of fs.readdirSync(TMP)) {
    const match = RUN.exec(name);
    if (match && Number(match[1]) !== process.pid && !alive(Number(match[1]))) fs.rmSync(path.join(TMP, name), { recursive: true, force: true });
  }
  const folder = fs.mkdtempSync(path.join(TMP, `run-${process.pid}-`));
  process.env.TEST_RUN_TMPDIR = folder;
  globalThis.testRunFolder = { folder, before: new Set(fs.readdirSync(TMP)) };
}

function globalTeardown() {
  const run = globalThis.testRunFolder;
  if (!run) return;
  fs.rmSync(run.folder, { recursive: true, force: true });
  delete process.env.TEST_RUN_TMPDIR;
  const left = fs.readdirSync(TMP).filter((name) => !run.before.has(name) && !RUN.test(name) && !/^(node.*|bundle|dk\..*|terraform-ci\.tfrc)$/.test(name));
  if (left.length > 0) {
    throw new Error(`tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in ${TMP} instead of under TMPDIR (${run.folder}, removed): ${left.sort().join(', ')}`);
  }
}

module.exports = { globalSetup, globalTeardown };
