import { code, type Flag, type ReviewRule } from '../flag';
import { attribute, isRecord, stringAttribute, type ResourceChange, type Side } from '../model';

const DOCKER_IMAGE_TYPES = new Set(['docker_image', 'docker_registry_image']);

/** Container name -> image of a task definition side; 'unknown' when the definitions are known only after apply. */
function containerImages(change: ResourceChange, side: Side): Map<string, string> | 'unknown' | 'sensitive' {
  const shown = attribute(change, side, ['container_definitions']);
  if (shown.kind === 'unknown' || shown.kind === 'sensitive') return shown.kind;
  const images = new Map<string, string>();
  if (shown.kind !== 'value' || typeof shown.value !== 'string') return images;
  let containers: unknown;
  try {
    containers = JSON.parse(shown.value);
  } catch {
    return images;
  }
  if (!Array.isArray(containers)) return images;
  for (const container of containers.filter(isRecord)) {
    if (typeof container.image === 'string') images.set(String(container.name ?? '?'), container.image);
  }
  return images;
}

function taskDefinitionFlags(change: ResourceChange): Flag[] {
  const before = change.action === 'create' ? new Map<string, string>() : containerImages(change, 'before');
  const after = change.action === 'delete' ? new Map<string, string>() : containerImages(change, 'after');
  const family = stringAttribute(change, 'after', ['family']) ?? stringAttribute(change, 'before', ['family']);
  const label = `${code(change.address)}${family ? ` (family ${code(family)})` : ''}`;
  if (after === 'unknown' || after === 'sensitive' || before === 'unknown' || before === 'sensitive') {
    return [{ kind: 'image', address: change.address, title: `**Image** of ${label}`, details: [`container images are ${after === 'sensitive' || before === 'sensitive' ? 'sensitive' : 'known only after apply'}`] }];
  }
  const details: string[] = [];
  for (const [container, image] of after) {
    const old = before.get(container);
    if (old === undefined) details.push(`container ${code(container)} runs ${code(image)}`);
    else if (old !== image) details.push(`container ${code(container)}: ${code(old)} -> ${code(image)}`);
  }
  for (const [container, image] of before) if (!after.has(container)) details.push(`container ${code(container)} removed (ran ${code(image)})`);
  if (details.length === 0) return [];
  return [{ kind: 'image', address: change.address, title: `**Image** ${change.action === 'create' ? 'of new' : change.action === 'delete' ? 'no longer run by destroyed' : 'changes in'} ${label}`, details }];
}

function dockerFlags(change: ResourceChange): Flag[] {
  const before = change.action === 'create' ? undefined : stringAttribute(change, 'before', ['name']);
  const afterShown = attribute(change, 'after', ['name']);
  const after = afterShown.kind === 'value' && typeof afterShown.value === 'string' ? afterShown.value : undefined;
  const details = [
    change.action === 'delete' ? `image ${code(before ?? '?')} is deleted` : afterShown.kind === 'unknown' ? 'image name known only after apply' : '',
    before && after && before !== after ? `${code(before)} -> ${code(after)}` : after && !before ? `builds ${code(after)}` : '',
    change.action === 'replace' && before === after && after ? `${code(after)} is rebuilt and pushed (${change.replacePaths.map(code).join(', ') || 'replaced'})` : '',
  ].filter(Boolean);
  return [{ kind: 'image', address: change.address, title: `**Image** ${change.action}: ${code(change.address)}`, details }];
}

/** Which images run after the apply: task definition container images, and Docker provider builds and pushes. */
export const imageRule: ReviewRule = {
  kind: 'image',
  check(change): Flag[] {
    if (change.action === 'no-op' || change.action === 'read' || change.action === 'forget') return [];
    if (change.type === 'aws_ecs_task_definition') return taskDefinitionFlags(change);
    if (DOCKER_IMAGE_TYPES.has(change.type)) return dockerFlags(change);
    return [];
  },
};
