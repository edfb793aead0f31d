/**
 * Building operation input from query parameters. The wire forms come from botocore's
 * QuerySerializer itself (run through python3, the interpreter the AWS CLI uses), so the adapter
 * is checked against what real clients send, not against our idea of it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import type { ApiModel } from '@anchorage/core/api-model/types';
import { validateInput } from '@anchorage/core/api-model/validate-input';
import { AnchorageError } from '@anchorage/core/errors';
import { apiModel as iam } from '@anchorage/core/iam/api-model.generated';
import { bindQueryInput } from '../../src/query/bind-query-input.ts';

/** The form parameters botocore sends for `operation` with `params` (Action and Version included). */
function botocoreSerialize(service: string, operation: string, params: unknown): Map<string, string> {
  const script = `
import json, sys, botocore.session
from botocore.serialize import create_serializer
model = botocore.session.get_session().get_service_model(sys.argv[1])
op = model.operation_model(sys.argv[2])
body = create_serializer('query').serialize_to_request(json.loads(sys.argv[3]), op)['body']
print(json.dumps(body))
`;
  const out = execFileSync('python3', ['-c', script, service, operation, JSON.stringify(params)]);
  return new Map(Object.entries(JSON.parse(out.toString()) as Record<string, string>));
}

function refused(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AnchorageError, String(error));
    assert.equal(error.code, code);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

test('ok/botocore CreateRole: scalars, an integer and a list of structures (Tags.member.N.Key)', () => {
  const params = {
    RoleName: 'web',
    Path: '/app/',
    AssumeRolePolicyDocument: '{"Version":"2012-10-17"}',
    MaxSessionDuration: 7200,
    Tags: [
      { Key: 'team', Value: 'a b' },
      { Key: 'env', Value: '' },
    ],
  };
  const form = botocoreSerialize('iam', 'CreateRole', params);
  assert.equal(form.get('Tags.member.2.Key'), 'env');
  const input = bindQueryInput(iam, 'CreateRoleRequest', form);
  assert.deepEqual(input, params);
  validateInput(iam, 'CreateRoleRequest', input);
});

test('ok/botocore SimulateCustomPolicy: lists of strings, nested lists inside list items, booleans absent', () => {
  const params = {
    PolicyInputList: ['{"a":1}', '{"b":2}'],
    ActionNames: ['s3:GetObject', 's3:PutObject'],
    ResourceArns: ['arn:aws:s3:::b/*'],
    ContextEntries: [
      { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.0.0.1'], ContextKeyType: 'ip' },
      { ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['a', 'b', 'c'], ContextKeyType: 'stringList' },
    ],
    MaxItems: 5,
  };
  const form = botocoreSerialize('iam', 'SimulateCustomPolicy', params);
  assert.equal(form.get('ContextEntries.member.2.ContextKeyValues.member.3'), 'c');
  assert.deepEqual(bindQueryInput(iam, 'SimulateCustomPolicyRequest', form), params);
});

test('ok/botocore ListPolicies: a boolean and an enum; an empty list is sent as Name= and read as []', () => {
  const form = botocoreSerialize('iam', 'ListPolicies', { OnlyAttached: true, Scope: 'Local' });
  assert.equal(form.get('OnlyAttached'), 'true');
  assert.deepEqual(bindQueryInput(iam, 'ListPoliciesRequest', form), { OnlyAttached: true, Scope: 'Local' });
  const untag = botocoreSerialize('iam', 'UntagRole', { RoleName: 'r', TagKeys: [] });
  assert.equal(untag.get('TagKeys'), '');
  assert.deepEqual(bindQueryInput(iam, 'UntagRoleRequest', untag), { RoleName: 'r', TagKeys: [] });
});

test('ok/list positions keep their order even when sparse or unordered; unknown parameters are ignored', () => {
  const form = new Map([
    ['RoleName', 'r'],
    ['TagKeys.member.10', 'c'],
    ['TagKeys.member.2', 'b'],
    ['TagKeys.member.1', 'a'],
    ['Unknown.member.1', 'x'],
    ['Action', 'UntagRole'],
  ]);
  assert.deepEqual(bindQueryInput(iam, 'UntagRoleRequest', form), {
    RoleName: 'r',
    TagKeys: ['a', 'b', 'c'],
  });
});

/** A model with what IAM and STS do not use: maps, flattened lists and maps, locationName, timestamps, blobs. */
const synthetic: ApiModel = {
  operations: {},
  shapes: {
    Input: {
      type: 'structure',
      members: {
        Attributes: { shape: 'AttributeMap' },
        Flat: { shape: 'StringList', flattened: true },
        Renamed: { shape: 'String', locationName: 'WireName' },
        Items: { shape: 'NamedList' },
        FlatNamed: { shape: 'FlatNamedList' },
        FlatMap: { shape: 'FlatMap' },
        When: { shape: 'Time' },
        Data: { shape: 'Bytes' },
        Nested: { shape: 'Nested' },
        Count: { shape: 'Long' },
      },
      required: [],
    },
    Nested: { type: 'structure', members: { Inner: { shape: 'Nested2' } }, required: [] },
    Nested2: { type: 'structure', members: { Value: { shape: 'Bool' } }, required: [] },
    AttributeMap: { type: 'map', key: 'String', value: 'String' },
    FlatMap: {
      type: 'map',
      key: 'String',
      value: 'String',
      flattened: true,
      keyLocationName: 'Name',
      valueLocationName: 'Val',
    },
    StringList: { type: 'list', member: 'String' },
    NamedList: { type: 'list', member: 'String', memberLocationName: 'item' },
    FlatNamedList: { type: 'list', member: 'String', flattened: true, memberLocationName: 'Entry' },
    String: { type: 'string' },
    Time: { type: 'timestamp' },
    Bytes: { type: 'blob' },
    Bool: { type: 'boolean' },
    Long: { type: 'long' },
  },
};

test('ok/maps as entry.N.key/value, flattened lists and maps, locationName, nested structures, timestamps, blobs', () => {
  const form = new Map([
    ['Attributes.entry.1.key', 'color'],
    ['Attributes.entry.1.value', 'blue'],
    ['Attributes.entry.2.key', 'size'],
    ['Attributes.entry.2.value', 'L'],
    ['Flat.1', 'x'],
    ['Flat.2', 'y'],
    ['WireName', 'renamed'],
    ['Items.item.1', 'i1'],
    ['Entry.1', 'e1'],
    ['FlatMap.1.Name', 'k'],
    ['FlatMap.1.Val', 'v'],
    ['When', '2024-01-02T03:04:05Z'],
    ['Data', 'aGk='],
    ['Nested.Inner.Value', 'FALSE'],
    ['Count', '-42'],
  ]);
  assert.deepEqual(bindQueryInput(synthetic, 'Input', form), {
    Attributes: { color: 'blue', size: 'L' },
    Flat: ['x', 'y'],
    Renamed: 'renamed',
    Items: ['i1'],
    FlatNamed: ['e1'],
    FlatMap: { k: 'v' },
    When: '2024-01-02T03:04:05Z',
    Data: 'aGk=',
    Nested: { Inner: { Value: false } },
    Count: -42,
  });
});

test('fail/list positions must be 1 to 1000: 0, 1001, 01 and names are refused', () => {
  for (const position of ['0', '1001', '01', 'x', '999999999']) {
    refused(
      () =>
        bindQueryInput(
          iam,
          'UntagRoleRequest',
          new Map([
            ['RoleName', 'r'],
            [`TagKeys.member.${position}`, 'a'],
          ]),
        ),
      'SerializationException',
      /not a list position from 1 to 1000/,
    );
  }
});

test('fail/values of the wrong type are SerializationException naming the parameter', () => {
  const cases: [string, Map<string, string>, RegExp][] = [
    ['ListRolesRequest', new Map([['MaxItems', 'ten']]), /MaxItems: expected an integer/],
    ['ListRolesRequest', new Map([['MaxItems', '99999999999999999']]), /expected an integer/],
    ['ListPoliciesRequest', new Map([['OnlyAttached', 'yes']]), /OnlyAttached: expected true or false/],
    ['CreateRoleRequest', new Map([['Tags', 'oops']]), /Tags: expected a list/],
    ['CreateRoleRequest', new Map([['RoleName.member.1', 'x']]), /RoleName: expected a single value/],
    ['CreateRoleRequest', new Map([['Tags.member', 'x']]), /Tags.member: expected a list/],
  ];
  for (const [shape, form, message] of cases) {
    refused(() => bindQueryInput(iam, shape, form), 'SerializationException', message);
  }
  refused(
    () => bindQueryInput(synthetic, 'Input', new Map([['When', 'yesterday']])),
    'SerializationException',
    /timestamp/,
  );
});

test('fail/a map key that could poison prototypes, a repeated key or a missing key is refused', () => {
  for (const form of [
    new Map([
      ['Attributes.entry.1.key', '__proto__'],
      ['Attributes.entry.1.value', 'x'],
    ]),
    new Map([
      ['Attributes.entry.1.key', 'a'],
      ['Attributes.entry.2.key', 'a'],
    ]),
    new Map([['Attributes.entry.1.value', 'x']]),
  ]) {
    refused(() => bindQueryInput(synthetic, 'Input', form), 'SerializationException');
  }
});

test('fail/the bound input then fails validation with the model constraints', () => {
  const input = bindQueryInput(
    iam,
    'CreateRoleRequest',
    new Map([
      ['RoleName', 'bad/name'],
      ['MaxSessionDuration', '60'],
    ]),
  );
  refused(
    () => validateInput(iam, 'CreateRoleRequest', input),
    'ValidationException',
    /3 validation errors detected/,
  );
});
