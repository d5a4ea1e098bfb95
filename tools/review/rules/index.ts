import type { ReviewRule } from '../flag';
import { destroyRule } from './destroy';
import { ecsExecRule } from './ecs-exec';
import { iamRule } from './iam';
import { imageRule } from './image';
import { passRoleRule } from './passrole';
import { replaceRule } from './replace';
import { securityGroupRule } from './security-group';
import { stateMachineRule } from './state-machine';

/** Every rule, in the order their flags are shown: the most dangerous first. */
export const RULES: readonly ReviewRule[] = [destroyRule, replaceRule, passRoleRule, iamRule, ecsExecRule, securityGroupRule, stateMachineRule, imageRule];

export { destroyRule, ecsExecRule, iamRule, imageRule, passRoleRule, replaceRule, securityGroupRule, stateMachineRule };
