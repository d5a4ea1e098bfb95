import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../../stacks/app/app';
import { ecrRepositoryArnOf } from '../../../stacks/constructs/container-image';
import { CONTEXT_MTIME } from '../../../stacks/builders/image-context';
import { containersOf, environment, IMAGE_URI, PROJECT_ROOT, resourcesOf, resourceWhere, stackOf, synth, task, workflow } from '../../helpers';

describe('ContainerImage', () => {
  it('creates a repository that scans on push, refuses tag overwrites, is KMS-encrypted and keeps the last 20 images', () => {
    const out = synth(stackOf());
    expect(resourcesOf(out, 'aws_ecr_repository')).toEqual([
      expect.objectContaining({
        name: 'wf-dev/notifier',
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: 'KMS', kms_key: expect.stringMatching(/^\$\{aws_kms_key\./) }],
      }),
    ]);
    const lifecycle = JSON.parse(String(resourcesOf(out, 'aws_ecr_lifecycle_policy')[0].policy)) as { rules: { selection: { countNumber: number; countType: string } }[] };
    expect(lifecycle.rules[0].selection).toMatchObject({ countType: 'imageCountMoreThan', countNumber: 20 });
  });

  describe('GIVEN NOTIFIER_IMAGE_URI', () => {
    const out = synth(stackOf());
    it('declares no Docker provider and no Docker resource, and runs that image', () => {
      expect(out.provider.docker).toBeUndefined();
      expect(Object.keys(out.resource).filter((type) => type.startsWith('docker_'))).toEqual([]);
      expect(out.data.aws_ecr_authorization_token).toBeUndefined();
      const definition = resourceWhere(out, 'aws_ecs_task_definition', 'family', 'wf-dev-notifier');
      expect(containersOf(definition)[0].image).toBe(IMAGE_URI);
    });
  });

  describe('GIVEN no image URI (build mode)', () => {
    const build = () => synth(stackOf(environment(), { variables: {} }));

    it('builds notifier/ with the Docker provider, logged in with an ECR token, and runs the image by digest', () => {
      const out = build();
      const [auth] = out.provider.docker[0].registry_auth as Record<string, string>[];
      expect(auth).toEqual({
        address: '${data.aws_ecr_authorization_token.EcrToken.proxy_endpoint}',
        username: '${data.aws_ecr_authorization_token.EcrToken.user_name}',
        password: '${data.aws_ecr_authorization_token.EcrToken.password}',
      });
      const [image] = resourcesOf(out, 'docker_image');
      expect(image.build).toMatchObject({ dockerfile: 'Dockerfile', platform: 'linux/amd64', context: expect.stringMatching(/^assets\//) });
      const [pushed] = resourcesOf(out, 'docker_registry_image');
      expect(pushed).toMatchObject({ keep_remotely: true, name: expect.stringContaining('${docker_image.') });
      const definition = resourceWhere(out, 'aws_ecs_task_definition', 'family', 'wf-dev-notifier');
      expect(containersOf(definition)[0].image).toMatch(/^\$\{aws_ecr_repository\.[\w]+\.repository_url\}@\$\{docker_registry_image\.[\w]+\.sha256_digest\}$/);
      expect(out.json).not.toMatch(/local-exec/);
    });

    it('tags the image with the hash of the build context: unchanged code keeps it, a change moves it', () => {
      const context = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'context-'));
      fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\n');
      const env = environment({ workflows: [workflow('w', { steps: [task('job', { image: { directory: context } })] })] });
      const tagOf = () => {
        const images = resourcesOf(synth(stackOf(env)), 'docker_image');
        expect(images).toHaveLength(1);
        return images[0].triggers;
      };
      const first = tagOf();
      expect(tagOf()).toEqual(first);
      fs.writeFileSync(path.join(context, 'job.sh'), 'echo changed\n');
      expect(tagOf()).not.toEqual(first);
    });

    it('builds one image per directory and architecture, in a repository of its own', () => {
      const context = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'context-'));
      fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\n');
      const image = { directory: context };
      const env = environment({
        workflows: [workflow('w', { steps: [task('a', { image }), task('b', { image }), task('c', { image, cpuArchitecture: 'ARM64' })] })],
      });
      const out = synth(stackOf(env));
      expect(resourcesOf(out, 'docker_image').map((built) => (built.build as { platform: string }).platform).sort()).toEqual(['linux/amd64', 'linux/arm64']);
      expect(resourcesOf(out, 'aws_ecr_repository').map((repository) => repository.name).sort()).toEqual(['wf-dev/notifier', 'wf-dev/w-a', 'wf-dev/w-c']);
    });
  });

  describe('GIVEN notifier steps of another architecture or with scratch paths (build mode)', () => {
    const env = environment({
      workflows: [
        workflow('w', {
          steps: [task('x86'), task('arm', { cpuArchitecture: 'ARM64' }), task('scratch', { scratchPaths: ['/tmp', '/var/cache/job'] }), task('arm2', { cpuArchitecture: 'ARM64' })],
        }),
      ],
    });
    const out = synth(stackOf(env, { variables: {} }));
    const images = resourcesOf(out, 'docker_image');
    const imageOf = (family: string) => containersOf(resourceWhere(out, 'aws_ecs_task_definition', 'family', family))[0].image;

    it('THEN the notifier is built once per architecture and per set of scratch volumes, all into the one notifier repository', () => {
      expect(images.map((image) => (image.build as { platform: string }).platform).sort()).toEqual(['linux/amd64', 'linux/amd64', 'linux/arm64']);
      expect(resourcesOf(out, 'aws_ecr_repository').map((repository) => repository.name)).toEqual(['wf-dev/notifier']);
      expect(new Set(images.map((image) => image.name)).size).toBe(3);
    });

    it('THEN each task runs the image built for its architecture and volumes: X86_64 steps the notifier task\'s own', () => {
      const pushOf = (image: string) => /docker_registry_image\.([\w-]+)\.sha256_digest/.exec(image)?.[1];
      expect(pushOf(imageOf('wf-dev-w-x86'))).toBe(pushOf(imageOf('wf-dev-notifier')));
      expect(pushOf(imageOf('wf-dev-w-arm'))).toBe(pushOf(imageOf('wf-dev-w-arm2')));
      const distinct = new Set(['wf-dev-w-x86', 'wf-dev-w-arm', 'wf-dev-w-scratch'].map((family) => pushOf(imageOf(family))));
      expect(distinct.size).toBe(3);
      const [armImage] = Object.entries(out.resource.docker_image).filter(([, image]) => (image.build as { platform: string }).platform === 'linux/arm64');
      const [armPush] = Object.entries(out.resource.docker_registry_image).filter(([, pushed]) => pushed.name === `\${docker_image.${armImage[0]}.name}`);
      expect(pushOf(imageOf('wf-dev-w-arm'))).toBe(armPush[0]);
    });

    it('THEN the scratch variant builds a Dockerfile that declares its volumes, and the task mounts them there', () => {
      const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'synth-'));
      const app = buildApp([env], { outdir, variables: {} });
      app.synth();
      const stackFolder = path.join(outdir, 'stacks', 'dev');
      const scratchImage = images.find((image) => (image.build as { context: string }).context.includes('scratch'));
      const context = path.join(stackFolder, (scratchImage?.build as { context: string }).context);
      expect(fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8')).toContain('VOLUME ["/tmp","/var/cache/job"]');
      expect(fs.readdirSync(context).sort()).toEqual(['.dockerignore', '.fargate-workflows-scratch.tar', 'Dockerfile', 'dist']);
      expect(containersOf(resourceWhere(out, 'aws_ecs_task_definition', 'family', 'wf-dev-w-scratch'))[0].mountPoints.map((mount) => mount.containerPath)).toEqual(['/tmp', '/var/cache/job']);
    });
  });

  describe('GIVEN a synthesized app (build mode)', () => {
    const outdir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'synth-'));
    buildApp([environment()], { outdir, variables: {} }).synth();
    const stackFolder = path.join(outdir, 'stacks', 'dev');
    const stack = JSON.parse(fs.readFileSync(path.join(stackFolder, 'cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, { build: { context: string } }>> };
    const [image] = Object.values(stack.resource.docker_image);
    const context = path.join(stackFolder, image.build.context);

    it('THEN the context in the output holds exactly what the build receives, every file at the fixed time', () => {
      const files: string[] = [];
      const walk = (folder: string) => fs.readdirSync(folder, { withFileTypes: true }).forEach((entry) => (entry.isDirectory() ? walk(path.join(folder, entry.name)) : files.push(path.relative(context, path.join(folder, entry.name)))));
      walk(context);
      expect(files.sort()).toEqual(['.dockerignore', 'Dockerfile', 'dist/notifier.tar']);
      for (const file of files) expect(fs.statSync(path.join(context, file)).mtime.getTime()).toBe(CONTEXT_MTIME.getTime());
      expect(fs.readFileSync(path.join(context, 'dist', 'notifier.tar')).equals(fs.readFileSync(path.join(PROJECT_ROOT, 'notifier', 'dist', 'notifier.tar')))).toBe(true);
    });
  });

  it('GIVEN a .dockerignore THEN a file it excludes leaves the tag, and the task definition\'s image, unchanged', () => {
    const context = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'context-'));
    fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY app.sh /\n');
    fs.writeFileSync(path.join(context, '.dockerignore'), '*\n!app.sh\n');
    fs.writeFileSync(path.join(context, 'app.sh'), 'echo 1\n');
    const env = environment({ workflows: [workflow('w', { steps: [task('job', { image: { directory: context } })] })] });
    const built = () => {
      const out = synth(stackOf(env, { variables: {} }));
      const image = resourcesOf(out, 'docker_image').find((candidate) => String(candidate.name).includes('aws_ecr_repository.Image-w-job'));
      return { name: image?.name, triggers: image?.triggers, push: resourcesOf(out, 'docker_registry_image').map((pushed) => pushed.triggers) };
    };
    const first = built();
    expect(first.triggers).toBeDefined();
    fs.writeFileSync(path.join(context, '.DS_Store'), 'Finder');
    fs.writeFileSync(path.join(context, 'README.md'), 'docs');
    expect(built()).toEqual(first);
    fs.writeFileSync(path.join(context, 'app.sh'), 'echo 2\n');
    expect(built().triggers).not.toEqual(first.triggers);
  });

  it('knows the repository of an ECR image URI, and that other registries have none', () => {
    expect(ecrRepositoryArnOf(IMAGE_URI, 'aws')).toBe('arn:aws:ecr:ap-northeast-1:123456789012:repository/wf-dev/notifier');
    expect(ecrRepositoryArnOf('public.ecr.aws/docker/library/busybox:1.36', 'aws')).toBeUndefined();
  });
});
