/**
 * The Condition element (IAM User Guide "IAM JSON policy elements: Condition"): an object of
 * condition operators, each an object of condition keys, each a value or a list of values. Every
 * operator must be one IAM knows, with a valid `ForAnyValue:`/`ForAllValues:` prefix and
 * `IfExists` suffix; keys are `vendor:name`; values are strings, numbers or booleans, normalised
 * to strings. Values of operators that take no policy variables (numeric, date, Bool, binary, IP,
 * Null) are checked here, so that a typo cannot silently turn a negated operator true.
 */
import { parseOperatorName } from './conditions/operators.ts';
import type { JsonNode } from './json/json-node.ts';
import { describeNode } from './json/json-node.ts';
import { conditionValues } from './parse-values.ts';
import { malformedStatement } from './policy-error.ts';
import type { ConditionBlock } from './types.ts';

const CONDITION_KEY = /^[A-Za-z0-9][A-Za-z0-9.-]*:\S+$/u;

export function parseCondition(node: JsonNode, statement: number): ConditionBlock {
  if (node.type !== 'object') {
    throw malformedStatement(statement, `Condition must be an object, not ${describeNode(node)}`, node.start);
  }
  const operators: [string, Readonly<Record<string, readonly string[]>>][] = [];
  for (const operatorMember of node.members) {
    const parsed = parseOperatorName(operatorMember.key);
    if (parsed === undefined) {
      throw malformedStatement(
        statement,
        `Invalid Condition type : ${operatorMember.key}`,
        operatorMember.keyStart,
      );
    }
    const keysNode = operatorMember.value;
    if (keysNode.type !== 'object' || keysNode.members.length === 0) {
      throw malformedStatement(
        statement,
        `Condition ${operatorMember.key} must be an object of condition keys, not ${keysNode.type === 'object' ? 'an empty object' : describeNode(keysNode)}`,
        keysNode.start,
      );
    }
    const keys: [string, readonly string[]][] = [];
    for (const keyMember of keysNode.members) {
      if (!CONDITION_KEY.test(keyMember.key)) {
        throw malformedStatement(
          statement,
          `Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (condition key ${JSON.stringify(keyMember.key)})`,
          keyMember.keyStart,
        );
      }
      const where = `${operatorMember.key} ${keyMember.key}`;
      const values = conditionValues(keyMember.value, statement, where);
      const check = parsed.operator.check;
      if (check !== undefined) {
        for (const value of values) {
          const problem = check(value);
          if (problem !== undefined) {
            throw malformedStatement(
              statement,
              `Invalid Condition value for ${where}: ${problem}`,
              keyMember.value.start,
            );
          }
        }
      }
      keys.push([keyMember.key, values]);
    }
    operators.push([operatorMember.key, Object.fromEntries(keys)]);
  }
  return Object.fromEntries(operators);
}
