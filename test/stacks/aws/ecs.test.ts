// ECS limits: the container overrides size on both sides of its limit.
import { CONTAINER_OVERRIDES_MAX, overridesLength, overridesLengthProblem } from '../../../stacks/aws/ecs';

describe('ecs.overrides-size', () => {
  it('GIVEN overrides THEN their length is that of their JSON, formatting included', () => {
    const overrides = [{ name: 'main', environment: [{ name: 'A', value: 'b' }] }];
    expect(overridesLength(overrides)).toBe('{"containerOverrides":[{"name":"main","environment":[{"name":"A","value":"b"}]}]}'.length);
  });

  it('GIVEN a value with quotes THEN the escaping counts too', () => {
    const plain = overridesLength([{ name: 'main', environment: [{ name: 'A', value: 'xx' }] }]);
    expect(overridesLength([{ name: 'main', environment: [{ name: 'A', value: '""' }] }])).toBe(plain + 2);
  });

  it('GIVEN 8,192 characters THEN they are accepted', () => {
    expect(overridesLengthProblem(CONTAINER_OVERRIDES_MAX)).toBeUndefined();
  });

  it('GIVEN 8,193 characters THEN they are refused with the length', () => {
    expect(overridesLengthProblem(CONTAINER_OVERRIDES_MAX + 1)).toBe('its container overrides can reach 8,193 characters; ECS allows 8,192');
  });
});
