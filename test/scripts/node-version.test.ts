// scripts/node-version.mjs: a Node.js outside package.json's engines is refused in one line, before anything loads.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers';

function runWithEngines(engines: string) {
  const folder = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'node-version-'));
  try {
    fs.mkdirSync(path.join(folder, 'scripts'));
    fs.copyFileSync(path.join(PROJECT_ROOT, 'scripts', 'node-version.mjs'), path.join(folder, 'scripts', 'node-version.mjs'));
    fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ engines: { node: engines } }));
    return spawnSync(process.execPath, [path.join(folder, 'scripts', 'node-version.mjs')], { encoding: 'utf8' });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

describe('the Node.js version check', () => {
  const major = process.versions.node.split('.')[0];

  it('GIVEN engines naming the running major THEN it passes silently', () => {
    const run = runWithEngines(`^${Number(major) - 2} || ^${major}`);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('GIVEN engines without the running major THEN it exits 1 with one line naming both', () => {
    const run = runWithEngines('^98 || ^99');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`Node.js ^98 || ^99 is needed (package.json engines), this is v${process.versions.node}: switch to the version in .nvmrc (e.g. nvm use).\n`);
  });
});
