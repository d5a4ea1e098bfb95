/**
 * The way out of CDKTF: `npm run synth:hcl` (cdktf synth --hcl) renders plain Terraform HCL, and that HCL must
 * stand on its own: `terraform init` and `terraform validate` offline, without cdktf, in image-URI mode.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IMAGE_URI, PROJECT_ROOT } from '../helpers';
import { describeWithTerraform, dropLockChecksums, terraformEnvironment } from '../terraform-harness';

interface ValidateJson {
  readonly valid: boolean;
  readonly error_count: number;
  readonly diagnostics: readonly { severity: string; summary: string; range?: { filename: string; start: { line: number } }; snippet?: { context?: string } }[];
}

/** Each distinct `on cdk.tf line N, in resource "type" "name"` of terraform's errors (not its warnings). */
function errorPlaces(output: string): string[] {
  const places = output.match(/^Error: .*\n\n\s*on cdk\.tf line \d+, in resource "[^"]+" "[^"]+"/gm) ?? [];
  return [...new Set(places.map((place) => place.replace(/^Error: .*\n\n\s*/, '')))];
}

describeWithTerraform('plain Terraform HCL from npm run synth:hcl', (tools) => {
  // cdktf 0.21.0 writes a JSON string that holds a reference as invalid HCL (hashicorp/terraform-cdk#3911);
  // the constructs therefore render JSON documents with `jsonencode({...})` in HCL mode (json-attribute.ts).
  it('GIVEN the default app in image-URI mode WHEN rendered as HCL THEN terraform validate accepts it offline', () => {
    const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'hcl-'));
    const env = terraformEnvironment(tools, outdir);
    const synth = spawnSync('npm', ['run', '-s', 'synth:hcl', '--', '--output', outdir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, NOTIFIER_IMAGE_URI: IMAGE_URI, CI: 'true' },
      encoding: 'utf8',
    });
    expect({ status: synth.status, stderr: synth.stderr }).toEqual({ status: 0, stderr: '' });

    const stackDir = path.join(outdir, 'stacks', 'dev');
    expect(fs.readdirSync(stackDir).filter((file) => file.startsWith('cdk.'))).toEqual(['cdk.tf']);
    const hcl = fs.readFileSync(path.join(stackDir, 'cdk.tf'), 'utf8');
    expect(hcl).toMatch(/^resource "aws_sfn_state_machine" /m);
    expect(hcl).not.toMatch(/^provider "docker"/m);
    expect(hcl).toMatch(/^\s*definition\s*=\s*"\$\{jsonencode\(\{/m);

    const init = spawnSync(tools.terraform, ['init', '-backend=false', '-input=false', '-no-color'], { cwd: stackDir, env, encoding: 'utf8' });
    expect({ status: init.status, errorsAt: errorPlaces(init.stderr + init.stdout) }).toEqual({ status: 0, errorsAt: [] });
    dropLockChecksums(stackDir);
    const result = spawnSync(tools.terraform, ['validate', '-json', '-no-color'], { cwd: stackDir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const validation = JSON.parse(result.stdout) as ValidateJson;
    const errors = validation.diagnostics
      .filter((diagnostic) => diagnostic.severity === 'error')
      .map((diagnostic) => `${diagnostic.range?.filename ?? '?'}:${diagnostic.range?.start.line ?? '?'} ${diagnostic.summary} in ${diagnostic.snippet?.context ?? '?'}`);
    expect([...new Set(errors)]).toEqual([]);
    expect(validation.valid).toBe(true);
  });
});
