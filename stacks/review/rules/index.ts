import type { ReviewRule } from '../flag';
import { destroyRule } from './destroy';
import { iamRule } from './iam';
import { imageRule } from './image';
import { passRoleRule } from './passrole';
import { replaceRule } from './replace';
import { securityGroupRule } from './security-group';
import { stateMachineRule } from './state-machine';

/** Every rule, in the order their flags are shown: the most dangerous first. */
export const RULES: readonly ReviewRule[] = [destroyRule, replaceRule, passRoleRule, iamRule, securityGroupRule, stateMachineRule, imageRule];

export { destroyRule, iamRule, imageRule, passRoleRule, replaceRule, securityGroupRule, stateMachineRule };
