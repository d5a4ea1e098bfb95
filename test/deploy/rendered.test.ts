// The deploy tests' reading of the rendered stack (test/deploy/rendered.ts) and of a definition's ECS steps
// (test/deploy/executions.ts): what the read-back and the execution checks compare with.
import { runTaskSteps, type AslState } from './executions';
import { resolve, resolvedResources, stateValues, type Json } from './rendered';

const values = stateValues({
  values: {
    root_module: {
      resources: [
        { address: 'aws_ecs_cluster.Cluster', mode: 'managed', type: 'aws_ecs_cluster', name: 'Cluster', values: { arn: 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/wf-dev' } },
        { address: 'aws_subnet.A', mode: 'managed', type: 'aws_subnet', name: 'A', values: { id: 'subnet-1', tags: { Name: 'a' } } },
      ],
    },
  },
});

describe('resolve', () => {
  it('GIVEN references inside a JSON string and a whole reference WHEN resolved THEN each takes the applied value, a whole one with its type', () => {
    const definition = JSON.stringify({ Cluster: '${aws_ecs_cluster.Cluster.arn}', Subnets: ['${aws_subnet.A.id}'] });
    expect(JSON.parse(String(resolve(definition, values)))).toEqual({ Cluster: 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/wf-dev', Subnets: ['subnet-1'] });
    expect(resolve({ tags: '${aws_subnet.A.tags}', '//': { metadata: 'dropped' } } as Json, values)).toEqual({ tags: { Name: 'a' } });
  });

  it('GIVEN an expression other than a reference, or a reference the state lacks WHEN resolved THEN it throws instead of comparing a wrong value', () => {
    expect(() => resolve('${jsonencode(aws_subnet.A.tags)}', values)).toThrow(/cannot resolve/);
    expect(() => resolve('${aws_subnet.B.id}', values)).toThrow(/no aws_subnet\.B\.id/);
    expect(() => resolvedResources({ resource: { aws_subnet: { B: { vpc_id: 'vpc-1' } } } }, values)).toThrow(/aws_subnet\.B is rendered but not in the applied state/);
  });
});

describe('runTaskSteps', () => {
  it('GIVEN a definition with a task, a parallel group and a fan-out WHEN read THEN every ECS step is found with its fixed and execution-given environment', () => {
    const runTask = (definition: string, environment: Record<string, string>[]): AslState => ({
      Type: 'Task',
      Resource: 'arn:aws:states:::ecs:runTask.sync',
      Parameters: { TaskDefinition: definition, Overrides: { ContainerOverrides: [{ Environment: environment }] } },
      End: true,
    });
    const steps = runTaskSteps({
      States: {
        check: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sfn:listExecutions', Next: 'one' },
        one: runTask('td-one', [{ Name: 'STEP_NAME', Value: 'one' }, { Name: 'EXECUTION_ARN', 'Value.$': '$$.Execution.Id' }]),
        group: { Type: 'Parallel', Branches: [{ States: { pdf: runTask('td-pdf', []) } }, { States: { csv: runTask('td-csv', []) } }] },
        each: { Type: 'Map', ItemProcessor: { States: { item: runTask('td-item', [{ Name: 'ITEM', 'Value.$': 'States.JsonToString($.item)' }]) } } },
      },
    });

    expect(steps).toEqual([
      { state: 'one', taskDefinition: 'td-one', values: [{ name: 'STEP_NAME', value: 'one' }], dynamic: ['EXECUTION_ARN'] },
      { state: 'pdf', taskDefinition: 'td-pdf', values: [], dynamic: [] },
      { state: 'csv', taskDefinition: 'td-csv', values: [], dynamic: [] },
      { state: 'item', taskDefinition: 'td-item', values: [], dynamic: ['ITEM'] },
    ]);
  });
});
