import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Image } from '@cdktf/provider-docker/lib/image';
import { RegistryImage } from '@cdktf/provider-docker/lib/registry-image';
import type { ImagePlatform, ScratchVolumes } from '../builders/image-context';
import { ImageBuildContext } from './image-build-context';
import { repositoryName, type Naming } from '../builders/names';

export interface ContainerImageProps {
  readonly naming: Naming;
  /** Repository name after the prefix: `<prefix>/<name>`. */
  readonly name: string;
  /**
   * Build context folder (absolute, or relative to the working directory) holding the Dockerfile. The
   * Terraform Docker provider builds it and pushes it to the repository, tagged with the hash of what the build
   * receives (the files `.dockerignore` admits, the Dockerfile, the build arguments and the platform).
   * @default - nothing is built: `imageUri` is used
   */
  readonly directory?: string;
  /** @default "Dockerfile" */
  readonly dockerfile?: string;
  /** @default - none */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Platform of the image {@link ContainerImage.imageRef} names; {@link ContainerImage.variant} builds others. @default "linux/amd64" */
  readonly platform?: ImagePlatform;
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

/** One build of a folder: for a platform, with the scratch volumes of the tasks that run it. */
export interface ImageVariant {
  /** @default - the `platform` of the props */
  readonly platform?: ImagePlatform;
  /** Folders the image declares as VOLUMEs owned by the task user (see image-context.ts). @default - none */
  readonly scratch?: ScratchVolumes;
}

/** The image reference a task runs, and the repositories it is pulled from. */
export interface BuiltImage {
  readonly imageRef: string;
  readonly pullRepositoryArns: string[];
}

/**
 * An ECR repository (scan on push, immutable tags, KMS, lifecycle) and the image a task runs: either built
 * from a folder and pushed by the Docker provider and referenced by digest, or a given image URI. A built
 * image can have variants (another platform, scratch volumes), each built once into the same repository.
 */
export class ContainerImage extends Construct {
  readonly repository: EcrRepository;
  /** What a container definition's `image` should say: `repo@sha256:...` when built here. */
  readonly imageRef: string;
  /** Repositories of this account the image is pulled from (for the execution role). */
  readonly pullRepositoryArns: string[];
  private readonly source?: Required<Pick<ContainerImageProps, 'directory' | 'dockerfile' | 'buildArgs' | 'platform'>>;
  private readonly variants = new Map<string, BuiltImage>();

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

    this.source = {
      directory: path.resolve(props.directory),
      dockerfile: props.dockerfile ?? 'Dockerfile',
      buildArgs: { ...props.buildArgs },
      platform: props.platform ?? 'linux/amd64',
    };
    ({ imageRef: this.imageRef, pullRepositoryArns: this.pullRepositoryArns } = this.variant());
  }

  /**
   * The image built for `variant`, by digest; the same variant is built once. The default variant keeps the
   * construct IDs `Context`, `Image` and `Push`; others add a suffix naming the platform and scratch volumes.
   */
  variant(variant: ImageVariant = {}): BuiltImage {
    const source = this.source;
    const scratch = variant.scratch && variant.scratch.paths.length > 0 ? variant.scratch : undefined;
    if (!source) {
      // An image given by URI is run as it is: it must itself be built for linux/amd64 (validation refuses
      // ARM64 steps on it) and declare its scratch VOLUMEs.
      if ((variant.platform ?? 'linux/amd64') !== 'linux/amd64') {
        throw new Error(`image ${this.node.id}: an image given by URI is taken as linux/amd64, not ${variant.platform}`);
      }
      return { imageRef: this.imageRef, pullRepositoryArns: this.pullRepositoryArns };
    }
    const platform = variant.platform ?? source.platform;
    const suffix =
      (platform === source.platform ? '' : `-${platform.split('/')[1]}`) +
      (scratch ? `-scratch-${createHash('sha256').update(JSON.stringify([scratch.user, [...scratch.paths].sort()])).digest('hex').slice(0, 8)}` : '');
    const known = this.variants.get(suffix);
    if (known) return known;

    // The context holds exactly what the build receives; its hash is the image tag, so a change the build sees
    // rebuilds and pushes, and anything else (ignored files, unbundled sources) does neither.
    const context = new ImageBuildContext(this, `Context${suffix}`, { ...source, platform, scratch });
    const tag = context.hash.slice(0, 16);
    const image = new Image(this, `Image${suffix}`, {
      name: `${this.repository.repositoryUrl}:${tag}`,
      buildAttribute: {
        context: context.path,
        dockerfile: source.dockerfile,
        platform,
        buildArgs: { ...source.buildArgs },
      },
      triggers: { contextHash: context.hash },
      keepLocally: true,
    });
    const pushed = new RegistryImage(this, `Push${suffix}`, {
      name: image.name,
      keepRemotely: true,
      triggers: { contextHash: context.hash },
    });
    const built = { imageRef: `${this.repository.repositoryUrl}@${pushed.sha256Digest}`, pullRepositoryArns: [this.repository.arn] };
    this.variants.set(suffix, built);
    return built;
  }
}

const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

/** The repository ARN of an ECR image URI, or undefined for an image outside ECR. */
export function ecrRepositoryArnOf(imageUri: string, partition: string): string | undefined {
  const match = ECR_URI.exec(imageUri);
  return match ? `arn:${partition}:ecr:${match[2]}:${match[1]}:repository/${match[3]}` : undefined;
}
