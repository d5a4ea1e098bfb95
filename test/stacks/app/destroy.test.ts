// What `terraform destroy` meets: an unprotected environment goes away cleanly, a protected one refuses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { environment, PROJECT_ROOT, resourcesOf, stackOf, synth, task, workflow, type Synthesized } from '../../helpers';

/** An environment whose task image is built here as well: two repositories, both holding images once deployed. */
function environmentWithBuiltImage(protectFromDestroy: boolean): Synthesized {
  const context = fs.mkdtempSync(path.join(process.env.TMPDIR ?? PROJECT_ROOT, 'context-'));
  fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\n');
  const env = environment({ protectFromDestroy, workflows: [workflow('w', { steps: [task('job', { image: { directory: context } })] })] });
  return synth(stackOf(env, { variables: {} }));
}

describe('terraform destroy', () => {
  describe('GIVEN an unprotected environment', () => {
    const out = environmentWithBuiltImage(false);

    it('THEN its repositories are deleted with the images they hold (ecr.delete-non-empty-repository)', () => {
      const repositories = resourcesOf(out, 'aws_ecr_repository');
      expect(repositories.map((repository) => repository.name).sort()).toEqual(['wf-dev/notifier', 'wf-dev/w-job']);
      for (const repository of repositories) expect(repository).toMatchObject({ force_delete: true, lifecycle: { prevent_destroy: false } });
    });

    it('THEN the webhook secret is deleted without a recovery window, so the environment can be deployed again under the same names', () => {
      expect(resourcesOf(out, 'aws_secretsmanager_secret')).toEqual([
        expect.objectContaining({ recovery_window_in_days: 0, lifecycle: { prevent_destroy: false } }),
      ]);
    });

    it('THEN nothing refuses destroy', () => {
      const guarded = Object.entries(out.resource).flatMap(([type, resources]) =>
        Object.entries(resources).filter(([, resource]) => (resource.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true).map(([name]) => `${type}.${name}`),
      );
      expect(guarded).toEqual([]);
    });
  });

  describe('GIVEN a protected environment', () => {
    const out = environmentWithBuiltImage(true);

    it('THEN its repositories refuse destroy, and AWS refuses to delete them while they hold images', () => {
      const repositories = resourcesOf(out, 'aws_ecr_repository');
      expect(repositories).toHaveLength(2);
      for (const repository of repositories) expect(repository).toMatchObject({ force_delete: false, lifecycle: { prevent_destroy: true } });
    });

    it('THEN the webhook secret refuses destroy and keeps the shortest recovery window after a deliberate delete', () => {
      expect(resourcesOf(out, 'aws_secretsmanager_secret')).toEqual([
        expect.objectContaining({ recovery_window_in_days: 7, lifecycle: { prevent_destroy: true } }),
      ]);
    });

    it('THEN the key, the log groups, the repositories and the secret all refuse destroy', () => {
      for (const type of ['aws_kms_key', 'aws_cloudwatch_log_group', 'aws_ecr_repository', 'aws_secretsmanager_secret']) {
        const resources = resourcesOf(out, type);
        expect(resources.length).toBeGreaterThan(0);
        for (const resource of resources) expect(resource.lifecycle).toEqual({ prevent_destroy: true });
      }
    });
  });
});
