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
  return {
    decide(question: RoleTrustQuestion, policyText: string): RoleTrustAnswer {
      if (TIME_KEYS.test(policyText)) return evaluateRoleTrust(question);
      const { now: _now, trustPolicy: _parsed, ...rest } = question;
      const key = `${policyText}\n${JSON.stringify(rest)}`;
      const hit = answers.get(key);
      if (hit !== undefined) return hit;
      const answer = evaluateRoleTrust(question);
      answers.set(key, answer);
      if (answers.size > maxEntries) {
        const oldest = answers.keys().next().value;
        if (oldest !== undefined) answers.delete(oldest);
      }
      return answer;
    },
  };
}

export type TrustDecisions = ReturnType<typeof createTrustDecisions>;
