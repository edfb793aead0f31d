/**
 * IP address condition operators (IAM User Guide "IAM JSON policy elements: Condition operators",
 * IP address condition operators): IpAddress matches a key (normally `aws:SourceIp`) against
 * IPv4/IPv6 addresses or CIDR ranges, NotIpAddress is its negation. No policy variables.
 */
import { type ConditionOperator, negated } from './operator.ts';
import { inRange, parseIpAddress, parseIpRange } from './parse-ip.ts';

export const IpAddress: ConditionOperator = {
  name: 'IpAddress',
  negated: false,
  variables: false,
  check: (policyValue) =>
    parseIpRange(policyValue) === undefined
      ? `"${policyValue}" is not an IP address or CIDR range`
      : undefined,
  prepare(policyValue) {
    const range = parseIpRange(policyValue);
    if (range === undefined) return undefined;
    return (value) => {
      const address = parseIpAddress(value);
      return address !== undefined && inRange(address, range);
    };
  },
};

export const NotIpAddress = negated(IpAddress, 'NotIpAddress');
