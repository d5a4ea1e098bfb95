import * as fs from 'node:fs';
import * as path from 'node:path';
import { ecrRepositoryArnOf } from '../../../stacks/constructs/container-image';
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

  it('knows the repository of an ECR image URI, and that other registries have none', () => {
    expect(ecrRepositoryArnOf(IMAGE_URI, 'aws')).toBe('arn:aws:ecr:ap-northeast-1:123456789012:repository/wf-dev/notifier');
    expect(ecrRepositoryArnOf('public.ecr.aws/docker/library/busybox:1.36', 'aws')).toBeUndefined();
  });
});
