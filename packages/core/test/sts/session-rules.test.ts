import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import type { SessionClaims } from '@anchorage/core/sts/session-claims';
import { sessionTerms } from '@anchorage/core/sts/session-rules';

const parent: SessionClaims = {
  accessKeyId: 'ASIA0000000000000000',
  secretAccessKey: 's',
  partition: 'aws',
  accountId: '123456789012',
  roleArn: 'arn:aws:iam::123456789012:role/A',
  roleId: 'AROA00000000000000001',
  roleName: 'A',
  sessionName: 'first',
  sourceIdentity: 'CN=alice',
  tags: [
    { key: 'Project', value: 'blue' },
    { key: 'Cost', value: '42' },
  ],
  transitiveTagKeys: ['project'],
  sessionPolicyArns: [],
  issuedAt: 0,
  expiresAt: 3_600_000,
  chained: false,
  issuedBy: 'sts:AssumeRole',
};

function fails(fn: () => unknown, code: string, part: string): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof AnchorageError && e.code === code && e.message.includes(part),
  );
}

test('ok/a first session takes the request as it is, with the default hour', () => {
  assert.deepEqual(
    sessionTerms(
      { tags: [{ key: 'a', value: '1' }], transitiveTagKeys: ['a'], sourceIdentity: 'bob' },
      3600,
      undefined,
    ),
    {
      durationSeconds: 3600,
      tags: [{ key: 'a', value: '1' }],
      transitiveTagKeys: ['a'],
      sourceIdentity: 'bob',
    },
  );
});

test('ok/a chained session inherits transitive tags (still transitive) and the source identity', () => {
  const terms = sessionTerms(
    { durationSeconds: 900, tags: [{ key: 'x', value: '1' }], transitiveTagKeys: [] },
    43200,
    parent,
  );
  assert.deepEqual(terms, {
    durationSeconds: 900,
    tags: [
      { key: 'Project', value: 'blue' },
      { key: 'x', value: '1' },
    ],
    transitiveTagKeys: ['Project'],
    sourceIdentity: 'CN=alice',
  });
});

test('fail/chaining caps sessions at one hour; the role caps them at its maximum', () => {
  fails(
    () => sessionTerms({ durationSeconds: 3601, tags: [], transitiveTagKeys: [] }, 43200, parent),
    'ValidationException',
    '1 hour',
  );
  fails(
    () => sessionTerms({ durationSeconds: 7200, tags: [], transitiveTagKeys: [] }, 3600, undefined),
    'ValidationException',
    'MaxSessionDuration',
  );
});

test('fail/tags: duplicates regardless of case, transitive keys without a tag, overriding inherited ones, too many', () => {
  fails(
    () =>
      sessionTerms(
        {
          tags: [
            { key: 'A', value: '1' },
            { key: 'a', value: '2' },
          ],
          transitiveTagKeys: [],
        },
        3600,
        undefined,
      ),
    'ValidationException',
    'Duplicate',
  );
  fails(
    () => sessionTerms({ tags: [], transitiveTagKeys: ['ghost'] }, 3600, undefined),
    'ValidationException',
    'ghost',
  );
  fails(
    () => sessionTerms({ tags: [{ key: 'PROJECT', value: 'red' }], transitiveTagKeys: [] }, 3600, parent),
    'InvalidInput',
    'cannot be overridden',
  );
  const fifty = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: '' }));
  fails(
    () => sessionTerms({ tags: fifty, transitiveTagKeys: [] }, 3600, parent),
    'ValidationException',
    'at most 50',
  );
});

test('fail/a source identity cannot change along a chain', () => {
  fails(
    () => sessionTerms({ tags: [], transitiveTagKeys: [], sourceIdentity: 'mallory' }, 3600, parent),
    'ValidationException',
    'source identity',
  );
  assert.equal(
    sessionTerms({ tags: [], transitiveTagKeys: [], sourceIdentity: 'CN=alice' }, 3600, parent)
      .sourceIdentity,
    'CN=alice',
  );
});
