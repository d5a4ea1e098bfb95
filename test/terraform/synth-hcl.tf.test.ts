/**
 * The way out of CDKTF: `npm run synth:hcl` (the cdktf CLI, `cdktf synth --hcl`) renders the default app as plain
 * Terraform HCL, which must stand on its own. That this HCL, planned without cdktf against the applied app,
 * changes nothing but what was changed by hand is checked on its recorded plan
 * (test/tools/review/plan-summary.test.ts, recorded by scripts/record-plan-fixtures.ts). The CLI calls terraform
 * (it asks for its version), which gets the harness's CLI configuration.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { IMAGE_URI, PROJECT_ROOT } from '../helpers';
import { describeWithTerraform, terraformEnvironment } from '../terraform-harness';

const execFileAsync = promisify(execFile);

describeWithTerraform('npm run synth:hcl', (tools) => {
  let stderr: string;
  let files: string[];
  let hcl: string;

  beforeAll(async () => {
    const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'synth-hcl-'));
    const env = { ...process.env, ...terraformEnvironment(tools, outdir), NOTIFIER_IMAGE_URI: IMAGE_URI, CI: 'true' };
    ({ stderr } = await execFileAsync('npm', ['run', '-s', 'synth:hcl', '--', '--output', outdir], { cwd: PROJECT_ROOT, env, encoding: 'utf8' }));
    const dir = path.join(outdir, 'stacks', 'dev');
    files = fs.readdirSync(dir).filter((file) => file.startsWith('cdk.'));
    hcl = fs.readFileSync(path.join(dir, 'cdk.tf'), 'utf8');
  });

  // cdktf 0.21.0 writes a JSON string that holds a reference as invalid HCL (hashicorp/terraform-cdk#3911);
  // the constructs therefore render JSON documents with `jsonencode({...})` in HCL mode (json-attribute.ts).
  it('GIVEN the default app WHEN npm run synth:hcl renders it THEN the stack folder holds plain HCL only, without the Docker provider, its JSON documents as jsonencode', () => {
    expect(stderr).toBe('');
    expect(files).toEqual(['cdk.tf']);
    expect(hcl).toMatch(/^resource "aws_sfn_state_machine" /m);
    expect(hcl).not.toMatch(/^provider "docker"/m);
    expect(hcl).toMatch(/^\s*definition\s*=\s*"\$\{jsonencode\(\{/m);
  });
});
