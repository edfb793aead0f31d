/**
 * The BinaryEquals condition operator (IAM User Guide "IAM JSON policy elements: Condition
 * operators", Binary condition operators): "compares the value of the specified key byte for byte
 * against a base-64 encoded representation of the binary value in the policy". Context values of
 * binary keys are carried base64-encoded as well, as the simulator takes them.
 */
import { Buffer } from 'node:buffer';
import type { ConditionOperator } from './operator.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decode(text: string): Buffer | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

export const BinaryEquals: ConditionOperator = {
  name: 'BinaryEquals',
  negated: false,
  variables: false,
  check: (policyValue) => (decode(policyValue) === undefined ? `"${policyValue}" is not base64` : undefined),
  prepare(policyValue) {
    const expected = decode(policyValue);
    if (expected === undefined) return undefined;
    return (value) => {
      const actual = decode(value);
      return actual?.equals(expected) === true;
    };
  },
};
