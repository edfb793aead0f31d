import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import { apiModel } from '@anchorage/core/rolesanywhere/api-model.generated';
import { CONTROL_PLANE_OPERATIONS } from '../../src/control-plane/operations.ts';
import { parseJsonObject } from '../../src/http/json-body.ts';
import { parseQuery } from '../../src/http/query.ts';
import { bindInput, compileRoutes, matchRoute } from '../../src/http/rest-json.ts';

const routes = compileRoutes(apiModel);

test('ok/every model operation has a handler and a route', () => {
  assert.deepEqual(Object.keys(CONTROL_PLANE_OPERATIONS).sort(), Object.keys(apiModel.operations).sort());
});

test('ok/routes match method and path; singular and plural paths differ', () => {
  const cases: [string, string, string][] = [
    ['GET', '/trustanchors', 'ListTrustAnchors'],
    ['POST', '/trustanchors', 'CreateTrustAnchor'],
    ['GET', '/trustanchor/abc', 'GetTrustAnchor'],
    ['POST', '/trustanchor/abc/enable', 'EnableTrustAnchor'],
    ['PUT', '/profiles/abc/mappings', 'PutAttributeMapping'],
    ['DELETE', '/profiles/abc/mappings', 'DeleteAttributeMapping'],
    ['PATCH', '/put-notifications-settings', 'PutNotificationSettings'],
    ['POST', '/TagResource', 'TagResource'],
    ['GET', '/ListTagsForResource', 'ListTagsForResource'],
  ];
  for (const [method, path, operation] of cases) {
    const match = matchRoute(routes, method, path);
    assert.equal(match.kind === 'found' ? match.route.operation : 'none', operation, `${method} ${path}`);
  }
  for (const [method, path] of [
    ['GET', '/trustanchor'],
    ['DELETE', '/trustanchors'],
    ['GET', '/trustanchor//enable'],
    ['GET', '/nope'],
  ]) {
    assert.equal(matchRoute(routes, method ?? '', path ?? '').kind, 'none', `${method} ${path}`);
  }
});

test('ok/input binds labels, repeated query values and body members where the model puts them', () => {
  const match = matchRoute(routes, 'DELETE', '/profiles/p%2D1/mappings');
  assert.equal(match.kind, 'found');
  if (match.kind !== 'found') return;
  const input = bindInput(
    apiModel,
    match.route,
    match.labels,
    parseQuery('certificateField=x509SAN&specifiers=DNS&specifiers=Name%2F%2A&ignored=1'),
    { profileId: 'from-body-is-ignored' },
  );
  assert.deepEqual(input, { profileId: 'p-1', certificateField: 'x509SAN', specifiers: ['DNS', 'Name/*'] });
  const list = matchRoute(routes, 'GET', '/profiles');
  assert.ok(list.kind === 'found');
  if (list.kind === 'found') {
    assert.deepEqual(
      bindInput(apiModel, list.route, list.labels, parseQuery('pageSize=5&nextToken=a+b'), {}),
      {
        pageSize: 5,
        nextToken: 'a+b',
      },
    );
  }
});

test('fail/malformed queries and bodies are SerializationException', () => {
  const serialization = (fn: () => unknown) =>
    assert.throws(fn, (e: unknown) => e instanceof AnchorageError && e.code === 'SerializationException');
  serialization(() => parseQuery('a=%ZZ'));
  const list = matchRoute(routes, 'GET', '/profiles');
  if (list.kind === 'found') {
    serialization(() => bindInput(apiModel, list.route, list.labels, parseQuery('pageSize=ten'), {}));
  }
  serialization(() => parseJsonObject(Buffer.from('{')));
  serialization(() => parseJsonObject(Buffer.from('[1]')));
  serialization(() => parseJsonObject(Buffer.from('{"a":{"__proto__":{"admin":true}}}')));
  serialization(() => parseJsonObject(Buffer.from('{"constructor":{}}')));
  assert.deepEqual(parseJsonObject(Buffer.alloc(0)), {});
});
