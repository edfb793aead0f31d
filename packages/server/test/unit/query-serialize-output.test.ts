/**
 * The query protocol's XML responses and errors. Responses are read back with botocore's own
 * QueryParser (through python3, as the AWS CLI reads them), so "botocore understands it" is what
 * is tested, not merely our idea of the format.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import type { ApiModel } from '@anchorage/core/api-model/types';
import { AnchorageError } from '@anchorage/core/errors';
import { apiModel as iam } from '@anchorage/core/iam/api-model.generated';
import { apiModel as sts } from '@anchorage/core/sts/api-model.generated';
import { toWireError } from '../../src/http/wire-error.ts';
import { QUERY_ERROR_CODES, queryErrorCode } from '../../src/query/query-error-codes.ts';
import { queryErrorResponse } from '../../src/query/query-error-response.ts';
import { formatTimestamp, serializeQueryResponse } from '../../src/query/serialize-query-output.ts';
import { escapeXml } from '../../src/query/xml-text.ts';

/** botocore's parse of `xml` as the response of `operation` (status 200) or its error (`status`). */
function botocoreParse(
  service: string,
  operation: string,
  xml: string,
  status = 200,
): Record<string, unknown> {
  const script = `
import json, sys, datetime, botocore.session
from botocore.parsers import create_parser
model = botocore.session.get_session().get_service_model(sys.argv[1])
op = model.operation_model(sys.argv[2])
parsed = create_parser('query').parse(
    {'status_code': int(sys.argv[4]), 'headers': {}, 'body': sys.argv[3].encode('utf-8')}, op.output_shape)
print(json.dumps(parsed, default=lambda o: o.isoformat() if isinstance(o, datetime.datetime) else str(o)))
`;
  const out = execFileSync('python3', ['-c', script, service, operation, xml, String(status)]);
  const parsed = JSON.parse(out.toString()) as Record<string, unknown>;
  // botocore adds the HTTP facts it was handed; only the RequestId came from the XML.
  const metadata = parsed.ResponseMetadata as Record<string, unknown> | undefined;
  if (metadata !== undefined) parsed.ResponseMetadata = { RequestId: metadata.RequestId };
  return parsed;
}

function op(model: ApiModel, name: string) {
  const found = model.operations[name];
  if (found === undefined) throw new Error(`no ${name}`);
  return found;
}

test('ok/GetRole: nested structures, a list of tags, an integer, a timestamp and escaped text', () => {
  const role = {
    Path: '/app/',
    RoleName: 'web',
    RoleId: 'AROAAAAAAAAAAAAAAAAAA',
    Arn: 'arn:aws:iam::000000000000:role/app/web',
    CreateDate: '2024-05-06T07:08:09.123Z',
    AssumeRolePolicyDocument: '%7B%7D',
    Description: `<b>"Tom" & 'Jerry'</b>\r\nline`,
    MaxSessionDuration: 7200,
    PermissionsBoundary: {
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: 'arn:aws:iam::000000000000:policy/b',
    },
    Tags: [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '' },
    ],
    RoleLastUsed: {},
  };
  const xml = serializeQueryResponse(iam, 'GetRole', op(iam, 'GetRole'), { Role: role }, 'req-1');
  assert.match(
    xml,
    /^<GetRoleResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><GetRoleResult><Role>/,
  );
  assert.match(
    xml,
    /<Tags><member><Key>a<\/Key><Value>1<\/Value><\/member><member><Key>b<\/Key><Value\/><\/member><\/Tags>/,
  );
  assert.match(
    xml,
    /<ResponseMetadata><RequestId>req-1<\/RequestId><\/ResponseMetadata><\/GetRoleResponse>$/,
  );
  assert.match(xml, /<CreateDate>2024-05-06T07:08:09Z<\/CreateDate>/);
  const parsed = botocoreParse('iam', 'GetRole', xml);
  assert.deepEqual(parsed.ResponseMetadata, { RequestId: 'req-1' });
  const back = parsed.Role as Record<string, unknown>;
  assert.equal(back.Description, role.Description, 'escaping and the carriage return survive');
  assert.equal(back.CreateDate, '2024-05-06T07:08:09+00:00');
  assert.equal(back.MaxSessionDuration, 7200);
  assert.deepEqual(back.Tags, role.Tags);
  assert.deepEqual(back.PermissionsBoundary, role.PermissionsBoundary);
  assert.deepEqual(back.RoleLastUsed, {});
});

test('ok/SimulatePolicyResponse: lists of structures, an empty list, a map and booleans', () => {
  const output = {
    EvaluationResults: [
      {
        EvalActionName: 's3:GetObject',
        EvalResourceName: '*',
        EvalDecision: 'allowed',
        MatchedStatements: [
          {
            SourcePolicyId: 'p',
            SourcePolicyType: 'role',
            StartPosition: { Line: 1, Column: 2 },
            EndPosition: { Line: 3, Column: 4 },
          },
        ],
        MissingContextValues: [],
        PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false },
        EvalDecisionDetails: { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' },
      },
    ],
    IsTruncated: true,
    Marker: 'next&page',
  };
  const xml = serializeQueryResponse(
    iam,
    'SimulateCustomPolicy',
    op(iam, 'SimulateCustomPolicy'),
    output,
    'r',
  );
  assert.match(xml, /<SimulateCustomPolicyResult>/);
  assert.match(xml, /<MissingContextValues\/>/);
  assert.match(xml, /<EvalDecisionDetails><entry><key>IAM Policy<\/key><value>allowed<\/value><\/entry>/);
  const parsed = botocoreParse('iam', 'SimulateCustomPolicy', xml);
  delete parsed.ResponseMetadata;
  assert.deepEqual(parsed, output);
});

test('ok/an operation without output answers with the metadata; an empty output with an empty result', () => {
  const none = serializeQueryResponse(iam, 'DeleteRole', op(iam, 'DeleteRole'), {}, 'id');
  assert.equal(
    none,
    '<DeleteRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></DeleteRoleResponse>',
  );
  assert.deepEqual(botocoreParse('iam', 'DeleteRole', none), { ResponseMetadata: { RequestId: 'id' } });
  const empty = serializeQueryResponse(iam, 'UpdateRole', op(iam, 'UpdateRole'), {}, 'id');
  assert.match(empty, /<UpdateRoleResult><\/UpdateRoleResult>/);
  const caller = serializeQueryResponse(
    sts,
    'GetCallerIdentity',
    op(sts, 'GetCallerIdentity'),
    {
      UserId: '000000000000',
      Account: '000000000000',
      Arn: 'arn:aws:iam::000000000000:root',
    },
    'id',
  );
  assert.match(
    caller,
    /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/,
  );
  assert.equal(botocoreParse('sts', 'GetCallerIdentity', caller).Arn, 'arn:aws:iam::000000000000:root');
});

test('ok/flattened lists and maps, locationName, xmlNamespace and blobs follow the model', () => {
  const model: ApiModel = {
    metadata: { apiVersion: '1', protocol: 'query', uid: 'x-1', signingName: 'x' },
    operations: {
      Op: { method: 'POST', uri: '/', status: 200, errors: [], output: 'Out', resultWrapper: 'OpResult' },
    },
    shapes: {
      Out: {
        type: 'structure',
        members: {
          Flat: { shape: 'List', flattened: true },
          Named: { shape: 'NamedList', locationName: 'Wire' },
          FlatMap: { shape: 'Map', flattened: true },
          Bytes: { shape: 'Blob', xmlNamespace: 'urn:x' },
        },
        required: [],
      },
      List: { type: 'list', member: 'S' },
      NamedList: { type: 'list', member: 'S', memberLocationName: 'item' },
      Map: { type: 'map', key: 'S', value: 'S', keyLocationName: 'K', valueLocationName: 'V' },
      S: { type: 'string' },
      Blob: { type: 'blob' },
    },
  };
  const operation = model.operations.Op;
  assert.ok(operation !== undefined);
  const xml = serializeQueryResponse(
    model,
    'Op',
    operation,
    { Flat: ['a', 'b'], Named: ['c'], FlatMap: { k: 'v' }, Bytes: Buffer.from('hi') },
    'id',
  );
  assert.equal(
    xml,
    '<OpResponse><OpResult><Flat>a</Flat><Flat>b</Flat><Wire><item>c</item></Wire>' +
      '<FlatMap><K>k</K><V>v</V></FlatMap><Bytes xmlns="urn:x">aGk=</Bytes></OpResult>' +
      '<ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></OpResponse>',
  );
});

test('fail/an output of the wrong type is a bug, not a malformed response', () => {
  assert.throws(
    () =>
      serializeQueryResponse(iam, 'GetRole', op(iam, 'GetRole'), { Role: { MaxSessionDuration: '1' } }, 'id'),
    TypeError,
  );
  assert.throws(() => formatTimestamp('not a date'), TypeError);
});

test('ok/escaping: markup characters, CR, forbidden XML characters and lone surrogates', () => {
  assert.equal(escapeXml(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  assert.equal(escapeXml('a\r\nb\tc'), 'a&#13;\nb\tc');
  assert.equal(escapeXml('x\u0000y\u001bz\uffff'), 'x\ufffdy\ufffdz\ufffd');
  assert.equal(escapeXml('\ud800!'), '\ufffd!');
  assert.equal(escapeXml('é€😀'), 'é€😀');
});

test('ok/error responses: the query code and status, Sender or Receiver, escaped message, request id', () => {
  const cases: [AnchorageError, string, number, string][] = [
    [new AnchorageError('ValidationException', "Value 'a<b' is bad"), 'ValidationError', 400, 'Sender'],
    [
      new AnchorageError('NoSuchEntity', 'The role with name x cannot be found.'),
      'NoSuchEntity',
      404,
      'Sender',
    ],
    [new AnchorageError('InvalidSignatureException', 'sig'), 'SignatureDoesNotMatch', 403, 'Sender'],
    [new AnchorageError('UnrecognizedClientException', 'key'), 'InvalidClientTokenId', 403, 'Sender'],
    [
      new AnchorageError('MissingAuthenticationTokenException', 'm'),
      'MissingAuthenticationToken',
      403,
      'Sender',
    ],
    [new AnchorageError('IncompleteSignatureException', 'm'), 'IncompleteSignature', 400, 'Sender'],
    [new AnchorageError('ExpiredTokenException', 'm'), 'ExpiredToken', 400, 'Sender'],
    [new AnchorageError('UnknownOperationException', 'm'), 'InvalidAction', 400, 'Sender'],
    [new AnchorageError('SerializationException', 'm'), 'InvalidParameterValue', 400, 'Sender'],
    [new AnchorageError('ThrottlingException', 'm'), 'Throttling', 400, 'Sender'],
    [new AnchorageError('AccessDeniedException', 'm'), 'AccessDenied', 403, 'Sender'],
    [new AnchorageError('DeleteConflict', 'm'), 'DeleteConflict', 409, 'Sender'],
    [new AnchorageError('InternalFailure', 'secret detail'), 'InternalFailure', 500, 'Receiver'],
  ];
  for (const [error, code, status, type] of cases) {
    const response = queryErrorResponse(
      toWireError(error, 'rid'),
      'rid',
      'https://iam.amazonaws.com/doc/2010-05-08/',
    );
    assert.equal(response.code, code);
    assert.equal(response.status, status, code);
    assert.match(response.xml, new RegExp(`<Error><Type>${type}</Type><Code>${code}</Code>`));
    assert.match(response.xml, /<\/Error><RequestId>rid<\/RequestId><\/ErrorResponse>$/);
    const parsed = botocoreParse('iam', 'GetRole', response.xml, status);
    assert.deepEqual(parsed.Error, { Type: type, Code: code, Message: toWireError(error, 'rid').message });
    assert.deepEqual(parsed.ResponseMetadata, { RequestId: 'rid' });
  }
  assert.doesNotMatch(
    queryErrorResponse(toWireError(new TypeError('internal secret'), 'rid'), 'rid', undefined).xml,
    /secret/,
  );
  assert.match(
    queryErrorResponse(toWireError(new AnchorageError('ValidationException', 'a<b'), 'r'), 'r', undefined)
      .xml,
    /a&lt;b/,
  );
});

test('ok/the query code table names each generic taxonomy code once, and unknown codes pass through', () => {
  const codes = Object.values(QUERY_ERROR_CODES).map((c) => c.code);
  assert.equal(new Set(codes).size, codes.length);
  assert.deepEqual(queryErrorCode('EntityAlreadyExists', 409), { code: 'EntityAlreadyExists', status: 409 });
  assert.deepEqual(queryErrorCode('toString', 400), { code: 'toString', status: 400 });
});
