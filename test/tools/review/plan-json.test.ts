import { parsePlan, PlanInputError } from '../../../tools/review/plan-json';

function errorOf(text: string): string {
  try {
    parsePlan(text, 'plan.json');
  } catch (error) {
    expect(error).toBeInstanceOf(PlanInputError);
    return (error as Error).message;
  }
  throw new Error('parsePlan accepted the input');
}

const EMPTY_PLAN = { format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: {} }, resource_changes: [] };

describe('parsePlan', () => {
  it('GIVEN plan JSON of format 1.x (any minor) THEN it is read', () => {
    expect(parsePlan(JSON.stringify(EMPTY_PLAN), 'plan.json')).toMatchObject({ format_version: '1.2', resource_changes: [] });
    expect(parsePlan(JSON.stringify({ ...EMPTY_PLAN, format_version: '1.9' }), 'plan.json').format_version).toBe('1.9');
  });

  it('GIVEN a plan without resource_changes (nothing to do) THEN it reads as no changes', () => {
    expect(parsePlan(JSON.stringify({ format_version: '1.2', planned_values: {} }), 'plan.json').resource_changes).toEqual([]);
  });

  it('GIVEN text that is not JSON THEN the error says so and how to make plan JSON', () => {
    expect(errorOf('Terraform will perform the following actions:')).toMatch(/^plan\.json is not JSON \(.+\): save a plan with `terraform plan -out=plan\.tfplan`, then run `terraform show -json plan\.tfplan > plan\.json`$/);
  });

  it('GIVEN JSON that is not an object THEN it is refused', () => {
    expect(errorOf('[1, 2]')).toMatch(/^plan\.json is JSON but not an object/);
  });

  it('GIVEN JSON without format_version THEN it is refused', () => {
    expect(errorOf('{"resource_changes": []}')).toMatch(/^plan\.json has no format_version/);
  });

  it('GIVEN an unknown format version THEN the error names it and the supported one', () => {
    expect(errorOf(JSON.stringify({ ...EMPTY_PLAN, format_version: '2.0' }))).toBe(
      'plan.json has format_version "2.0", which this summary cannot read: it reads the plan JSON format 1.x (Terraform 1.x)',
    );
    expect(errorOf(JSON.stringify({ ...EMPTY_PLAN, format_version: '0.1' }))).toMatch(/format_version "0\.1"/);
    expect(errorOf(JSON.stringify({ ...EMPTY_PLAN, format_version: 'one' }))).toMatch(/format_version "one"/);
  });

  it('GIVEN state JSON, validate output or provider schemas THEN the error says which it looks like', () => {
    expect(errorOf(JSON.stringify({ format_version: '1.0', terraform_version: '1.11.4', values: { root_module: {} } }))).toMatch(
      /not plan JSON \(no planned_values or resource_changes\): it looks like state JSON \(`terraform show -json` without a plan file\)/,
    );
    expect(errorOf(JSON.stringify({ format_version: '1.0', valid: true, error_count: 0, diagnostics: [] }))).toMatch(/looks like the output of `terraform validate -json`/);
    expect(errorOf(JSON.stringify({ format_version: '1.0', provider_schemas: {} }))).toMatch(/looks like the output of `terraform providers schema -json`/);
  });

  it('GIVEN plan JSON with a malformed resource change THEN every problem is named with its path', () => {
    const broken = { ...EMPTY_PLAN, resource_changes: [{ address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', name: 'main', change: { actions: [] } }, { address: '' }] };
    const message = errorOf(JSON.stringify(broken));
    expect(message).toMatch(/^plan\.json is not valid plan JSON format 1\.2:/);
    expect(message).toContain('resource_changes.0.change.actions:');
    expect(message).toContain('resource_changes.1.address:');
  });
});
