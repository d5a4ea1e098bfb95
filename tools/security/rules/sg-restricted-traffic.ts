import { finder, type SecurityRule } from '../model';
import { coversAllPorts, describeRule, isAnywhere, securityGroupRulesOf, SECURITY_GROUP_RULE_TYPES } from '../security-group-rules';

const ID = 'CKV_AWS_277/CKV_AWS_382';

/**
 * No security group accepts traffic from anywhere (0.0.0.0/0, ::/0) on any port, and none lets traffic out
 * on every port: egress names the ports it needs.
 */
export const sgRestrictedTraffic: SecurityRule = {
  id: ID,
  title: 'Security groups allow no ingress from anywhere and no all-port egress',
  resourceTypes: SECURITY_GROUP_RULE_TYPES,
  check(stack) {
    const finding = finder(ID);
    return securityGroupRulesOf(stack).flatMap((rule) => {
      if (rule.direction === 'ingress' && rule.cidrs.some(isAnywhere)) {
        return [finding(rule.address, `${describeRule(rule)}: ingress open to the internet`)];
      }
      if (rule.direction === 'egress' && coversAllPorts(rule)) {
        return [finding(rule.address, `${describeRule(rule)}: egress on every port, expected only the ports the tasks need`)];
      }
      return [];
    });
  },
};
