import { resolveBackends } from '../../../stacks/app/backend';
import { resolveEnvironments } from '../../../stacks/config/resolve';
import { environment } from '../../helpers';

const envs = (...extra: Parameters<typeof environment>[0][]) => resolveEnvironments(extra.map((e) => environment(e)));

describe('resolveBackends', () => {
  it('GIVEN nothing configured THEN every environment keeps local state', () => {
    expect(resolveBackends(envs({}), {}).size).toBe(0);
  });

  it('GIVEN TF_CLOUD_ORGANIZATION THEN each environment gets a workspace named after its prefix', () => {
    const backends = resolveBackends(envs({}, { name: 'prod', vpcCidr: '10.1.0.0/16' }), { TF_CLOUD_ORGANIZATION: 'acme' });
    expect(Object.fromEntries(backends)).toEqual({
      dev: { organization: 'acme', hostname: 'app.terraform.io', workspace: 'wf-dev' },
      prod: { organization: 'acme', hostname: 'app.terraform.io', workspace: 'wf-prod' },
    });
  });

  it('GIVEN main.ts settings THEN they win over the variables, and tags select workspaces', () => {
    const backends = resolveBackends(envs({ terraformCloud: { organization: 'acme', workspaceTags: ['workflows', 'dev'], hostname: 'tfe.example.com' } }), {
      TF_CLOUD_ORGANIZATION: 'other',
    });
    expect(backends.get('dev')).toEqual({ organization: 'acme', hostname: 'tfe.example.com', workspaceTags: ['workflows', 'dev'] });
  });

  it('GIVEN a workspace but no organization THEN it is an error naming the variable', () => {
    expect(() => resolveBackends(envs({ terraformCloud: { workspace: 'x' } }), {})).toThrow(/needs an organization: set it here or in TF_CLOUD_ORGANIZATION/);
  });

  it('GIVEN TF_WORKSPACE with several environments THEN it is an error', () => {
    expect(() => resolveBackends(envs({}, { name: 'prod' }), { TF_CLOUD_ORGANIZATION: 'acme', TF_WORKSPACE: 'one' })).toThrow(
      /TF_WORKSPACE names one workspace but 2 environments use Terraform Cloud/,
    );
  });

  it('GIVEN both workspace and tags THEN validation refuses it', () => {
    expect(() => envs({ terraformCloud: { organization: 'a', workspace: 'w', workspaceTags: ['t'] } })).toThrow(/give either workspace or workspaceTags, not both/);
  });
});
