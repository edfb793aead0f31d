/**
 * Role-trust decisions, remembered: the same certificate asking for the same role through the same
 * anchor gets the same answer, as long as the trust policy does not look at the time. The key is
 * the whole question but the time (policy text, role, anchor, tags, source identity, session name,
 * source address), so any change of policy or certificate is a different question. A policy that
 * mentions aws:CurrentTime or aws:EpochTime is evaluated every time. Bounded; oldest out first.
 */
import {
  evaluateRoleTrust,
  type RoleTrustAnswer,
  type RoleTrustQuestion,
} from '@anchorage/core/session/role-trust';

const TIME_KEYS = /currenttime|epochtime/i;

export function createTrustDecisions(maxEntries: number) {
  const answers = new Map<string, RoleTrustAnswer>();
  const counts = { hits: 0, misses: 0 };
  return {
    decide(question: RoleTrustQuestion, policyText: string): RoleTrustAnswer {
      if (TIME_KEYS.test(policyText)) {
        counts.misses += 1;
        return evaluateRoleTrust(question);
      }
      const { now: _now, trustPolicy: _parsed, ...rest } = question;
      const key = `${policyText}\n${JSON.stringify(rest)}`;
      const hit = answers.get(key);
      if (hit !== undefined) {
        counts.hits += 1;
        return hit;
      }
      counts.misses += 1;
      const answer = evaluateRoleTrust(question);
      answers.set(key, answer);
      if (answers.size > maxEntries) {
        const oldest = answers.keys().next().value;
        if (oldest !== undefined) answers.delete(oldest);
      }
      return answer;
    },
    /** For metrics: answers reused and answers evaluated, and how many are remembered. */
    stats: () => ({ ...counts, size: answers.size }),
  };
}

export type TrustDecisions = ReturnType<typeof createTrustDecisions>;
