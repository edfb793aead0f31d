/**
 * Data-driven evaluation tests: one test per case in test/vectors/policy/{conditions, variables,
 * matching, evaluation, aws-docs}. Each asserts the decision, the statements that decided (by
 * Sid), the missing context keys, and where given the reason (a substring) and the per-group
 * verdicts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '@anchorage/core/policy/evaluate';
import { type EvaluationCase, inputsOf, readJson, vectorFiles } from './support.ts';

const FOLDERS = ['conditions', 'variables', 'matching', 'evaluation', 'aws-docs'];

for (const folder of FOLDERS) {
  for (const file of vectorFiles(folder)) {
    describe(file, () => {
      const cases = readJson<EvaluationCase[]>(file);
      const names = new Set<string>();
      for (const vector of cases) {
        assert.ok(
          /^(ok|fail)\//.test(vector.name),
          `${file}: case names start with ok/ or fail/: ${vector.name}`,
        );
        assert.ok(!names.has(vector.name), `${file}: duplicate case name ${vector.name}`);
        names.add(vector.name);
        test(vector.name, () => {
          const { request, policies } = inputsOf(vector);
          const decision = evaluate(request, policies);
          const { expected } = vector;
          const explain = `reason: ${decision.reason}`;
          assert.equal(decision.decision, expected.decision, explain);
          const matchedSids =
            expected.matchedSids ??
            (vector.condition !== undefined ? (expected.decision === 'Allowed' ? ['Cond'] : []) : undefined);
          if (matchedSids !== undefined) {
            assert.deepEqual(
              decision.matchedStatements.map((s) => s.sid ?? `#${s.index + 1}`),
              matchedSids,
              explain,
            );
          }
          if (expected.missingContextKeys !== undefined) {
            assert.deepEqual(
              [...decision.missingContextKeys].sort(),
              [...expected.missingContextKeys].sort(),
            );
          }
          if (expected.reason !== undefined) assert.ok(decision.reason.includes(expected.reason), explain);
          if (expected.byPolicyType !== undefined)
            assert.deepEqual(decision.byPolicyType, expected.byPolicyType);
          // Every decision explains itself in one sentence.
          assert.match(decision.reason, /^(allowed|explicitly denied|implicitly denied)\b/);
        });
      }
    });
  }
}
