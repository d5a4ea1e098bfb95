import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { imageContext, writeImageContext, type ImageContextInput } from '../builders/image-context';

/**
 * The build context of one image, written at synthesis into the stack's output folder as
 * `assets/<id>/<hash>/`: exactly the files the build receives, with fixed times (see image-context.ts). Unlike
 * a TerraformAsset, it copies no ignored file, stamps no copy time, and its hash covers only what the build
 * uses, with the build arguments and the platform.
 */
export class ImageBuildContext extends Construct {
  /** sha256 (hex) of what the build receives, its arguments and its platform. */
  readonly hash: string;
  /** The folder to build, relative to the stack's folder (where Terraform runs), in posix form. */
  readonly path: string;

  constructor(scope: Construct, id: string, input: ImageContextInput) {
    super(scope, id);
    const context = imageContext(input);
    this.hash = context.hash;
    const stack = TerraformStack.of(this);
    const folder = path.posix.join('assets', stack.getLogicalId(this.node));
    this.path = path.posix.join(folder, context.hash.slice(0, 32));
    addCustomSynthesis(this, {
      onSynthesize: (session) => {
        const stackFolder = path.join(session.manifest.outdir, session.manifest.forStack(stack).synthesizedStackPath, '..');
        // Earlier contexts of this image go: only the current one is built.
        fs.rmSync(path.join(stackFolder, folder), { recursive: true, force: true });
        writeImageContext(context, path.join(stackFolder, this.path));
      },
    });
  }
}
