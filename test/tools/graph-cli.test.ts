import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers';

describe('npm run graph', () => {
  it('GIVEN CDKTF_OUTDIR WHEN run without --out THEN writes the diagrams to graphs/ under it, and synthesizes nothing', () => {
    const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? path.join(PROJECT_ROOT, '.tmp'), 'graph-cli-'));

    const run = spawnSync('npm', ['run', '-s', 'graph'], { cwd: PROJECT_ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });

    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const file = path.join(outdir, 'graphs', 'dev-daily-batch.md');
    expect(run.stdout).toBe(`wrote ${path.relative(PROJECT_ROOT, file)}\n`);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^# dev \/ daily-batch\n\n```mermaid\n/);
    // main.ts is bundled into the graph command for its declarations: it must not synthesize there.
    expect(fs.readdirSync(outdir)).toEqual(['graphs']);
  });
});
