/**
 * The output folder: where synthesis writes (`cdktf.out`, or `CDKTF_OUTDIR`, which `cdktf synth --output`
 * sets) and where every command that reads synthesized stacks looks by default. No cdktf import, so the small
 * command-line tools can use it.
 */
export const DEFAULT_OUTPUT_FOLDER = 'cdktf.out';

export function outputFolder(variables: Readonly<Record<string, string | undefined>> = process.env): string {
  return variables.CDKTF_OUTDIR || DEFAULT_OUTPUT_FOLDER;
}
