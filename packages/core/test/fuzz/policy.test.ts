/**
 * Fuzzing of the IAM policy parser and evaluator (fast-check): arbitrary JSON and text is parsed
 * or refused with MalformedPolicyDocument; random policies built from the grammar's pieces (and
 * from wrong pieces: bad effects, unknown elements, wrong types, unknown operators) likewise, and
 * whatever parses evaluates against random requests without throwing, to a decision whose matched
 * statements agree with it. Two properties of the evaluation logic hold for any policies: an
 * explicit Deny of an action on `*` (in an identity, session, boundary or resource policy) means
 * that action, in any letter case, is never Allowed; and with no Allow statement anywhere nothing
 * is Allowed.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import { evaluate } from '@anchorage/core/policy/evaluate';
import { parsePolicy } from '@anchorage/core/policy/parse-policy';
import type {
  Decision,
  EvaluationRequest,
  NamedPolicy,
  Policy,
  PolicyKind,
  PolicySet,
  RequestPrincipal,
} from '@anchorage/core/policy/types';
import fc from 'fast-check';
import { CaseCounter, parameters, SEED } from './support.ts';

const cases = new CaseCounter();
after(() => {
  console.log(`fuzz seed ${SEED}`);
  cases.report();
});

const KINDS: readonly PolicyKind[] = ['identity', 'session', 'boundary', 'trust', 'resource'];
/** The IAM policy variable for the user name, spelled so that no one reads it as a template. */
const USERNAME = `${'$'}{aws:username}`;

/** Parses, or returns null after checking that the refusal is a MalformedPolicyDocument. */
function parseOrRefuse(text: string, kind: PolicyKind): Policy | null {
  try {
    return parsePolicy(text, kind);
  } catch (error) {
    assert.ok(
      error instanceof AnchorageError,
      `threw ${String(error)} for ${JSON.stringify(text).slice(0, 300)}`,
    );
    assert.equal(error.code, 'MalformedPolicyDocument', error.message);
    assert.equal(error.status, 400);
    return null;
  }
}

/** Evaluates, asserting that it does not throw and that the decision is consistent with what matched. */
function decide(request: EvaluationRequest, policies: PolicySet): Decision {
  let decision: Decision;
  try {
    decision = evaluate(request, policies);
  } catch (error) {
    assert.fail(
      `evaluate threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
  }
  assert.ok(['Allowed', 'ExplicitDeny', 'ImplicitDeny'].includes(decision.decision));
  assert.equal(typeof decision.reason, 'string');
  if (decision.decision === 'ExplicitDeny') {
    assert.ok(decision.matchedStatements.length > 0, 'an explicit deny names its statements');
    assert.ok(decision.matchedStatements.every((s) => s.effect === 'Deny'));
  }
  if (decision.decision === 'Allowed') {
    assert.ok(decision.matchedStatements.length > 0, 'an allow names its statements');
    assert.ok(decision.matchedStatements.every((s) => s.effect === 'Allow'));
  }
  return decision;
}

// --- Policy pieces ---------------------------------------------------------------------------

const ACTIONS = [
  '*',
  's3:*',
  's3:Get*',
  's3:GetObject',
  's3:PutObject',
  'iam:Get*',
  'iam:GetRole',
  'sts:AssumeRole',
  'sts:TagSession',
  'ec2:Describe?nstances',
  'S3:getobject',
];
const RESOURCES = [
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/alice/x',
  `arn:aws:s3:::b/${USERNAME}/*`,
  'arn:aws:iam::111122223333:role/*',
  'arn:aws:iam::111122223333:role/app',
  'arn:aws:s3:::*',
  'arn:*:*:*:*:*',
];
/** Condition operators with values of the kind each takes (a value of another kind is a refusal to test too). */
const OPERATOR_VALUES: Readonly<Record<string, readonly string[]>> = {
  StringEquals: ['alice', '*', USERNAME, `${'$'}{*}`, ''],
  StringNotEquals: ['alice', 'bob'],
  StringLike: ['a*b?', '*', `${'$'}{aws:username}/*`],
  StringNotLike: ['x*'],
  StringEqualsIgnoreCase: ['ALICE'],
  ArnLike: ['arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/*', '*'],
  ArnNotEquals: ['arn:aws:iam::111122223333:role/app'],
  NumericLessThan: ['3600', '-1.5e3'],
  NumericGreaterThanEquals: ['0', '1700000000'],
  DateGreaterThan: ['2020-01-01T00:00:00Z', '1700000000'],
  DateLessThanEquals: ['2099-12-31T23:59:59Z'],
  Bool: ['true', 'false'],
  IpAddress: ['10.0.0.0/8', '2001:db8::/32', '10.1.2.3'],
  NotIpAddress: ['192.168.0.0/16'],
  Null: ['true', 'false'],
  BinaryEquals: ['aGVsbG8='],
  'ForAnyValue:StringLike': ['a*', 'team-?'],
  'ForAllValues:StringEquals': ['a', 'b'],
  StringEqualsIfExists: ['alice'],
  NumericEqualsIfExists: ['1'],
};
const CONDITION_KEYS = [
  'aws:username',
  'aws:SourceIp',
  'aws:CurrentTime',
  'aws:TagKeys',
  'aws:PrincipalTag/team',
  'aws:SecureTransport',
  'aws:MultiFactorAuthAge',
  'aws:SourceArn',
  's3:prefix',
  'AWS:USERNAME',
];
const ALL_VALUES = [
  ...new Set([...Object.values(OPERATOR_VALUES).flat(), '300.1.1.1', 'not a date', '1e999']),
];

const oneOrMany = (pieces: readonly string[]) =>
  fc.oneof(fc.constantFrom(...pieces), fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 3 }));

/** A Condition block: one or two operators, each with one or two keys and values of its kind. */
const condition = fc
  .uniqueArray(
    fc.oneof(
      ...Object.entries(OPERATOR_VALUES).map(([operator, values]) =>
        fc.tuple(
          fc.constant(operator),
          fc.dictionary(fc.constantFrom(...CONDITION_KEYS), oneOrMany(values), { minKeys: 1, maxKeys: 2 }),
        ),
      ),
    ),
    { minLength: 1, maxLength: 2, selector: ([operator]) => operator },
  )
  .map((entries) => Object.fromEntries(entries));

const PRINCIPALS_IN_POLICIES = fc.oneof(
  fc.constant('*'),
  fc.record({
    AWS: oneOrMany([
      '*',
      '111122223333',
      'arn:aws:iam::111122223333:role/app',
      'arn:aws:sts::111122223333:assumed-role/app/workload-1',
      'arn:aws:iam::444455556666:root',
    ]),
  }),
  fc.record({ Service: oneOrMany(['rolesanywhere.amazonaws.com', 'sns.amazonaws.com']) }),
);

/** A statement the grammar allows for `kind`. */
function statement(kind: PolicyKind) {
  const principalKind = kind === 'trust' || kind === 'resource';
  return fc
    .record({
      Sid: fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), { nil: undefined }),
      Effect: fc.constantFrom('Allow', 'Deny'),
      action: fc.tuple(fc.boolean(), oneOrMany(ACTIONS)),
      resource: fc.tuple(fc.boolean(), oneOrMany(RESOURCES)),
      principal: fc.tuple(fc.boolean(), PRINCIPALS_IN_POLICIES),
      Condition: fc.option(condition, { nil: undefined, freq: 2 }),
    })
    .map(({ Sid, Effect, action, resource, principal, Condition }) => ({
      ...(Sid === undefined ? {} : { Sid }),
      Effect,
      [action[0] ? 'Action' : 'NotAction']: action[1],
      // Trust policies have no Resource; the others must (IAM grammar).
      ...(kind === 'trust' ? {} : { [resource[0] ? 'Resource' : 'NotResource']: resource[1] }),
      ...(principalKind
        ? { [principal[0] || kind === 'trust' ? 'Principal' : 'NotPrincipal']: principal[1] }
        : {}),
      ...(Condition === undefined ? {} : { Condition }),
    }));
}

/** A valid document for `kind`, with one statement list or a single statement object. */
function validDocument(kind: PolicyKind) {
  return fc.record({
    Version: fc.constantFrom('2012-10-17', '2008-10-17'),
    Statement: fc.oneof(fc.array(statement(kind), { minLength: 1, maxLength: 4 }), statement(kind)),
  });
}

/** One way to break a document: an element of the wrong type or value, one too many, or missing. */
const corruption = fc.tuple(
  fc.constantFrom(
    'Version',
    'Statement',
    'Effect',
    'Action',
    'Resource',
    'Principal',
    'Condition',
    'Sid',
    'NotAction',
    'Unknown',
    'Id',
  ),
  fc.oneof(
    fc.constant(undefined),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('Permit', 'NotAnOperator', '', '*', ...ALL_VALUES),
  ),
  fc.nat(),
);

function corrupt(
  doc: Record<string, unknown>,
  [field, value, pick]: [string, unknown, number],
): Record<string, unknown> {
  type Fields = Record<string, unknown>;
  const copy = structuredClone(doc);
  if (field === 'Version' || field === 'Statement' || field === 'Id') {
    if (value === undefined) delete copy[field];
    else copy[field] = value;
    return copy;
  }
  const statements = Array.isArray(copy.Statement) ? copy.Statement : [copy.Statement];
  const target = statements[pick % statements.length];
  // An earlier corruption may have left no statement object to break further.
  if (typeof target !== 'object' || target === null || Array.isArray(target)) return copy;
  const existing = (target as Fields).Condition;
  if (
    field === 'Condition' &&
    typeof value === 'string' &&
    typeof existing === 'object' &&
    existing !== null &&
    !Array.isArray(existing)
  ) {
    // An operator or a value of the wrong kind inside an existing Condition.
    const block = existing as Record<string, Record<string, unknown>>;
    const [operator] = Object.keys(block);
    if (operator !== undefined)
      block[pick % 2 === 0 ? value : operator] = {
        [CONDITION_KEYS[pick % CONDITION_KEYS.length] as string]: value,
      };
    return copy;
  }
  if (value === undefined) delete (target as Fields)[field];
  else (target as Fields)[field] = value;
  return copy;
}

/** Documents for each kind: valid, or broken in one or two places. Built once: arbitraries are costly to make. */
const DOCUMENTS = Object.fromEntries(
  KINDS.map((kind) => [
    kind,
    fc
      .tuple(
        validDocument(kind),
        fc.oneof(
          { arbitrary: fc.constant([]), weight: 3 },
          { arbitrary: fc.array(corruption, { minLength: 1, maxLength: 2 }), weight: 2 },
        ),
      )
      .map(([doc, corruptions]) => corruptions.reduce(corrupt, doc as Record<string, unknown>)),
  ]),
) as Record<PolicyKind, fc.Arbitrary<Record<string, unknown>>>;
const document = (kind: PolicyKind) => DOCUMENTS[kind];

// --- Requests --------------------------------------------------------------------------------

const PRINCIPALS: readonly RequestPrincipal[] = [
  {
    type: 'AssumedRole',
    accountId: '111122223333',
    arn: 'arn:aws:sts::111122223333:assumed-role/app/workload-1',
    roleArn: 'arn:aws:iam::111122223333:role/app',
  },
  { type: 'Account', accountId: '444455556666', arn: 'arn:aws:iam::444455556666:user/Bob' },
  { type: 'Service', service: 'rolesanywhere.amazonaws.com' },
  { type: 'Anonymous' },
];

/** Requests: the actions and resources the policies talk about, and others, with a varied context. */
const requestArbitrary: fc.Arbitrary<EvaluationRequest> = fc.record({
  principal: fc.constantFrom(...PRINCIPALS),
  action: fc.oneof(
    fc.constantFrom(
      's3:GetObject',
      's3:PutObject',
      'iam:GetRole',
      'sts:AssumeRole',
      'ec2:DescribeInstances',
      'S3:GETOBJECT',
      'x:y',
      '',
      '*',
    ),
    fc.string({ maxLength: 12 }),
  ),
  resource: fc.oneof(
    fc.constantFrom(
      '*',
      'arn:aws:s3:::b/alice/x',
      'arn:aws:iam::111122223333:role/app',
      'arn:aws:s3:::other',
      'not-an-arn',
      '',
    ),
    fc.string({ maxLength: 20 }),
  ),
  context: fc.dictionary(
    fc.oneof(fc.constantFrom(...CONDITION_KEYS), fc.string({ maxLength: 8 })),
    fc.oneof(
      fc.constantFrom(...ALL_VALUES),
      fc.string({ maxLength: 12 }),
      fc.array(fc.constantFrom(...ALL_VALUES), { maxLength: 3 }),
    ),
    { maxKeys: 5, noNullPrototype: true },
  ),
});

const named = (id: string, policy: Policy): NamedPolicy => ({ id, policy });

/** Parsed identity-side policies and an optional resource policy, from generated documents. */
const policySetArbitrary = fc
  .record({
    identity: fc.array(document('identity'), { maxLength: 3 }),
    session: fc.option(fc.array(document('session'), { maxLength: 2 }), { nil: undefined }),
    boundary: fc.option(document('boundary'), { nil: undefined }),
    resource: fc.option(document('resource'), { nil: undefined }),
    resourceAccountId: fc.option(fc.constantFrom('111122223333', '444455556666'), { nil: undefined }),
  })
  .map(({ identity, session, boundary, resource, resourceAccountId }) => {
    const parse = (doc: unknown, kind: PolicyKind) => parseOrRefuse(JSON.stringify(doc), kind);
    const keep = (docs: readonly unknown[], kind: PolicyKind, prefix: string) =>
      docs.flatMap((doc, i) => {
        const policy = parse(doc, kind);
        return policy === null ? [] : [named(`${prefix}-${i}`, policy)];
      });
    const boundaryPolicy = boundary === undefined ? null : parse(boundary, 'boundary');
    const resourcePolicy = resource === undefined ? null : parse(resource, 'resource');
    const set: PolicySet = {
      identityPolicies: keep(identity, 'identity', 'identity'),
      ...(session === undefined ? {} : { sessionPolicies: keep(session, 'session', 'session') }),
      ...(boundaryPolicy === null ? {} : { permissionsBoundary: named('boundary', boundaryPolicy) }),
      ...(resourcePolicy === null ? {} : { resourcePolicy: named('resource', resourcePolicy) }),
      ...(resourceAccountId === undefined ? {} : { resourceAccountId }),
    };
    return set;
  });

// --- Properties ------------------------------------------------------------------------------

test('ok/fuzz: arbitrary JSON values and text are parsed or refused with MalformedPolicyDocument', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
        fc.string({ maxLength: 60 }),
        fc.string({ unit: fc.constantFrom(...'{}[]":,\\ntrue0-e.${*?'), maxLength: 60 }),
      ),
      fc.constantFrom(...KINDS),
      cases.count('policy-json', (text: string, kind: PolicyKind) => {
        parseOrRefuse(text, kind);
      }),
    ),
    parameters(10_000, [
      ['{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"},"__proto__":{}}', 'identity'],
    ]),
  );
});

test('ok/fuzz: generated and mutated policies parse or are refused; what parses evaluates without throwing', () => {
  let parsed = 0;
  fc.assert(
    fc.property(
      // A document for one kind, mostly parsed as that kind and sometimes as another.
      fc.oneof(
        ...KINDS.map((kind) =>
          fc.tuple(
            document(kind),
            fc.oneof(
              { arbitrary: fc.constant(kind), weight: 4 },
              { arbitrary: fc.constantFrom(...KINDS), weight: 1 },
            ),
          ),
        ),
      ),
      // Text edits on top, sometimes: a character inserted, deleted or replaced somewhere.
      fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 3 },
        {
          arbitrary: fc.tuple(
            fc.nat(),
            fc.nat({ max: 3 }),
            fc.string({ unit: fc.constantFrom(...'{}[]",:\\ *$'), maxLength: 2 }),
          ),
          weight: 1,
        },
      ),
      requestArbitrary,
      cases.count(
        'policy-documents',
        (
          [doc, kind]: [unknown, PolicyKind],
          edit: [number, number, string] | undefined,
          request: EvaluationRequest,
        ) => {
          let text = JSON.stringify(doc);
          if (edit !== undefined) {
            const [where, drop, insert] = edit;
            const at = where % (text.length + 1);
            text = text.slice(0, at) + insert + text.slice(at + drop);
          }
          const policy = parseOrRefuse(text, kind);
          if (policy === null) return;
          parsed += 1;
          const resourceSide = kind === 'trust' || kind === 'resource';
          decide(
            request,
            resourceSide
              ? { identityPolicies: [], resourcePolicy: named('fuzz', policy) }
              : {
                  identityPolicies: [named('fuzz', policy)],
                  sessionPolicies: [named('fuzz', policy)],
                  permissionsBoundary: named('fuzz', policy),
                },
          );
        },
      ),
    ),
    parameters(8000),
  );
  cases.add('policy-documents-that-parse', parsed);
  assert.ok(parsed > 0, 'some generated documents parse');
});

test('ok/fuzz: random policy sets evaluate random requests without throwing', () => {
  fc.assert(
    fc.property(
      policySetArbitrary,
      fc.array(requestArbitrary, { minLength: 1, maxLength: 4 }),
      cases.count('policy-evaluation', (set: PolicySet, requests: EvaluationRequest[]) => {
        for (const request of requests) decide(request, set);
      }),
    ),
    parameters(3000),
  );
});

/** A concrete action and a pattern in a Deny that must cover it: exact, `service:Prefix*`, `service:*`, `*`, `?`. */
const deniedAction = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
    fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,12}$/),
    fc.constantFrom('exact', 'prefix', 'service', 'all', 'single'),
    fc.array(fc.boolean(), { maxLength: 24 }),
  )
  .map(([service, name, form, upper]) => {
    const action = `${service}:${name}`;
    const pattern =
      form === 'exact'
        ? action
        : form === 'prefix'
          ? `${service}:${name.slice(0, 1)}*`
          : form === 'service'
            ? `${service}:*`
            : form === 'all'
              ? '*'
              : `${service}:?${name.slice(1)}`;
    // IAM matches actions case-insensitively: the request may spell it any way.
    const requested = [...action].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('');
    return { pattern, requested };
  });

test('fail/fuzz: an explicit Deny of an action on * is never Allowed, whatever else the policies say', () => {
  fc.assert(
    fc.property(
      policySetArbitrary,
      deniedAction,
      fc.constantFrom('identity', 'session', 'boundary', 'resource'),
      requestArbitrary,
      cases.count(
        'policy-explicit-deny',
        (
          set: PolicySet,
          denied: { pattern: string; requested: string },
          where: string,
          base: EvaluationRequest,
        ) => {
          const deny = parsePolicy(
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'FuzzDeny',
                  Effect: 'Deny',
                  ...(where === 'resource' ? { Principal: '*' } : {}),
                  Action: denied.pattern,
                  Resource: '*',
                },
              ],
            }),
            where === 'resource' ? 'resource' : 'identity',
          );
          // Every group keeps what it had, with an Allow-everything added so that only the Deny can refuse.
          const allowAll = parsePolicy(
            '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}',
            'identity',
          );
          const withDeny: PolicySet = {
            ...set,
            identityPolicies: [
              ...set.identityPolicies,
              named('allow-all', allowAll),
              ...(where === 'identity' ? [named('deny', deny)] : []),
            ],
            ...(where === 'session'
              ? { sessionPolicies: [...(set.sessionPolicies ?? []), named('deny', deny)] }
              : {}),
            ...(where === 'boundary' ? { permissionsBoundary: named('deny', deny) } : {}),
            ...(where === 'resource' ? { resourcePolicy: named('deny', deny) } : {}),
          };
          // Identity-side policies are the caller's own: a service or an anonymous caller has none.
          const principal =
            where === 'resource' || base.principal.type === 'AssumedRole' || base.principal.type === 'Account'
              ? base.principal
              : (PRINCIPALS[0] as RequestPrincipal);
          const decision = decide({ ...base, principal, action: denied.requested }, withDeny);
          assert.equal(
            decision.decision,
            'ExplicitDeny',
            `${denied.pattern} in ${where} vs ${denied.requested}: ${decision.reason}`,
          );
        },
      ),
    ),
    parameters(3000),
  );
});

test('fail/fuzz: with no Allow statement in any policy, nothing is Allowed', () => {
  const withoutAllows = (named: NamedPolicy | undefined): NamedPolicy | undefined =>
    named === undefined
      ? undefined
      : {
          ...named,
          policy: {
            ...named.policy,
            statements: named.policy.statements.filter((s) => s.effect !== 'Allow'),
          },
        };
  fc.assert(
    fc.property(
      policySetArbitrary,
      requestArbitrary,
      cases.count('policy-no-allow', (set: PolicySet, request: EvaluationRequest) => {
        const boundary = withoutAllows(set.permissionsBoundary);
        const resource = withoutAllows(set.resourcePolicy);
        const denied: PolicySet = {
          identityPolicies: set.identityPolicies.map((p) => withoutAllows(p) as NamedPolicy),
          ...(set.sessionPolicies === undefined
            ? {}
            : { sessionPolicies: set.sessionPolicies.map((p) => withoutAllows(p) as NamedPolicy) }),
          ...(boundary === undefined ? {} : { permissionsBoundary: boundary }),
          ...(resource === undefined ? {} : { resourcePolicy: resource }),
        };
        assert.notEqual(decide(request, denied).decision, 'Allowed');
      }),
    ),
    parameters(3000),
  );
});
