/**
 * The output folder: where synthesis writes (`cdktf.out`, or `CDKTF_OUTDIR`, which `cdktf synth --output`
 * sets) and where every command that reads synthesized stacks looks by default. No cdktf import, so the small
 * command-line tools can use it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEFAULT_OUTPUT_FOLDER = 'cdktf.out';

export function outputFolder(variables: Readonly<Record<string, string | undefined>> = process.env): string {
  return variables.CDKTF_OUTDIR || DEFAULT_OUTPUT_FOLDER;
}

/** One synthesized stack of an output folder: its name and its Terraform JSON file. */
export interface SynthesizedStack {
  readonly name: string;
  readonly file: string;
}

/**
 * The synthesized stacks of an output folder, by name: those its `manifest.json` lists, else every
 * `stacks/<name>/cdk.tf.json`. Empty when the folder holds none (nothing synthesized there yet).
 */
export function synthesizedStacks(folder: string): SynthesizedStack[] {
  const manifest = path.join(folder, 'manifest.json');
  if (fs.existsSync(manifest)) {
    const parsed: unknown = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    const stacks = isRecord(parsed) && isRecord(parsed.stacks) ? parsed.stacks : {};
    return Object.entries(stacks)
      .map(([name, entry]) => {
        const relative = isRecord(entry) && typeof entry.synthesizedStackPath === 'string' ? entry.synthesizedStackPath : path.join('stacks', name, 'cdk.tf.json');
        return { name, file: path.join(folder, relative) };
      })
      .filter((stack) => fs.existsSync(stack.file))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  const stacks = path.join(folder, 'stacks');
  if (!fs.existsSync(stacks)) return [];
  return fs
    .readdirSync(stacks)
    .sort()
    .map((name) => ({ name, file: path.join(stacks, name, 'cdk.tf.json') }))
    .filter((stack) => fs.existsSync(stack.file));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
