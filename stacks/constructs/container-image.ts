import * as path from 'node:path';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Image } from '@cdktf/provider-docker/lib/image';
import { RegistryImage } from '@cdktf/provider-docker/lib/registry-image';
import { repositoryName, type Naming } from '../names';

export interface ContainerImageProps {
  readonly naming: Naming;
  /** Repository name after the prefix: `<prefix>/<name>`. */
  readonly name: string;
  /**
   * Build context folder (absolute, or relative to the working directory) holding the Dockerfile. The
   * Terraform Docker provider builds it and pushes it to the repository, tagged with the hash of the folder.
   * @default - nothing is built: `imageUri` is used
   */
  readonly directory?: string;
  /** @default "Dockerfile" */
  readonly dockerfile?: string;
  /** @default - none */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** `linux/amd64` or `linux/arm64`. @default "linux/amd64" */
  readonly platform?: string;
  /** An image built elsewhere; with it nothing is built. @default - built from `directory` */
  readonly imageUri?: string;
  /** How many images the repository keeps. @default 20 */
  readonly keepImages?: number;
  readonly kmsKeyArn: string;
  /**
   * Refuse `terraform destroy` of the repository (`prevent_destroy`), and keep refusing to delete it while it
   * holds images (ECR rule `ecr.delete-non-empty-repository`).
   * @default false - destroy deletes the repository together with its images
   */
  readonly protectFromDestroy?: boolean;
}

/**
 * An ECR repository (scan on push, immutable tags, KMS, lifecycle) and the image a task runs: either built
 * from a folder and pushed by the Docker provider and referenced by digest, or a given image URI.
 */
export class ContainerImage extends Construct {
  readonly repository: EcrRepository;
  /** What a container definition's `image` should say: `repo@sha256:...` when built here. */
  readonly imageRef: string;
  /** Repositories of this account the image is pulled from (for the execution role). */
  readonly pullRepositoryArns: string[];

  constructor(scope: Construct, id: string, props: ContainerImageProps) {
    super(scope, id);
    const keepImages = props.keepImages ?? 20;
    const protectFromDestroy = props.protectFromDestroy ?? false;
    this.repository = new EcrRepository(this, 'Repository', {
      name: repositoryName(props.naming, props.name),
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.kmsKeyArn }],
      // An unprotected environment destroys cleanly although its repositories hold images; a protected one
      // refuses twice: prevent_destroy, and AWS itself while images remain (DeleteRepository without force).
      forceDelete: !protectFromDestroy,
      lifecycle: { preventDestroy: protectFromDestroy },
    });
    new EcrLifecyclePolicy(this, 'Lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Keep the last ${keepImages} images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keepImages },
            action: { type: 'expire' },
          },
        ],
      }),
    });

    if (props.imageUri !== undefined) {
      this.imageRef = props.imageUri;
      const repository = ecrRepositoryArnOf(props.imageUri, props.naming.partition);
      this.pullRepositoryArns = repository ? [repository] : [];
      return;
    }
    if (!props.directory) throw new Error(`image ${props.name}: give either directory or imageUri`);

    // The context is copied into the stack's output as an asset; its hash is the image tag, so a change to
    // any file rebuilds and pushes, and an unchanged context does neither.
    const context = new TerraformAsset(this, 'Context', { path: path.resolve(props.directory), type: AssetType.DIRECTORY });
    const tag = context.assetHash.slice(0, 16);
    const image = new Image(this, 'Image', {
      name: `${this.repository.repositoryUrl}:${tag}`,
      buildAttribute: {
        context: context.path,
        dockerfile: props.dockerfile ?? 'Dockerfile',
        platform: props.platform ?? 'linux/amd64',
        buildArgs: { ...props.buildArgs },
      },
      triggers: { contextHash: context.assetHash },
      keepLocally: true,
    });
    const pushed = new RegistryImage(this, 'Push', {
      name: image.name,
      keepRemotely: true,
      triggers: { contextHash: context.assetHash },
    });
    this.imageRef = `${this.repository.repositoryUrl}@${pushed.sha256Digest}`;
    this.pullRepositoryArns = [this.repository.arn];
  }
}

const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

/** The repository ARN of an ECR image URI, or undefined for an image outside ECR. */
export function ecrRepositoryArnOf(imageUri: string, partition: string): string | undefined {
  const match = ECR_URI.exec(imageUri);
  return match ? `arn:${partition}:ecr:${match[2]}:${match[1]}:repository/${match[3]}` : undefined;
}
