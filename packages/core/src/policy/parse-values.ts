/**
 * The shapes policy elements share: a string, or a list of strings (Action, Resource, principal
 * values); condition values, which may also be numbers and booleans and are normalised to the
 * strings IAM compares ("true", "10").
 */
import type { JsonNode } from './json/json-node.ts';
import { describeNode } from './json/json-node.ts';
import { malformedStatement } from './policy-error.ts';

export function stringList(node: JsonNode, statement: number, element: string): string[] {
  if (node.type === 'string') return [node.value];
  if (node.type !== 'array') {
    throw malformedStatement(
      statement,
      `${element} must be a string or a list of strings, not ${describeNode(node)}`,
      node.start,
    );
  }
  return node.items.map((item) => {
    if (item.type !== 'string') {
      throw malformedStatement(
        statement,
        `${element} must be a string or a list of strings, not a list containing ${describeNode(item)}`,
        item.start,
      );
    }
    return item.value;
  });
}

function scalar(node: JsonNode): string | undefined {
  switch (node.type) {
    case 'string':
      return node.value;
    case 'number':
      return node.raw;
    case 'boolean':
      return node.value ? 'true' : 'false';
    default:
      return undefined;
  }
}

export function conditionValues(node: JsonNode, statement: number, where: string): string[] {
  const single = scalar(node);
  if (single !== undefined) return [single];
  const problem = `Condition value of ${where} must be a string, number or boolean, or a list of them`;
  if (node.type !== 'array')
    throw malformedStatement(statement, `${problem}, not ${describeNode(node)}`, node.start);
  if (node.items.length === 0)
    throw malformedStatement(statement, `${problem}, not an empty list`, node.start);
  return node.items.map((item) => {
    const value = scalar(item);
    if (value === undefined)
      throw malformedStatement(
        statement,
        `${problem}, not a list containing ${describeNode(item)}`,
        item.start,
      );
    return value;
  });
}
