import { finder, isGiven, resourcesOf, type SecurityRule } from '../model';
import { describeRule, securityGroupRulesOf, SECURITY_GROUP_RULE_TYPES } from '../security-group-rules';

const ID = 'CKV_AWS_23';

/** Every security group and every one of its rules says what it is for. */
export const sgDescriptions: SecurityRule = {
  id: ID,
  title: 'Security groups and their rules have descriptions',
  resourceTypes: SECURITY_GROUP_RULE_TYPES,
  check(stack) {
    const finding = finder(ID);
    const groups = resourcesOf(stack, 'aws_security_group')
      .filter((group) => !isGiven(group.attributes.description))
      .map((group) => finding(group.address, 'the security group has no description'));
    const rules = securityGroupRulesOf(stack)
      .filter((rule) => !isGiven(rule.description))
      .map((rule) => finding(rule.address, `${describeRule(rule)}: the rule has no description`));
    return [...groups, ...rules];
  },
};
