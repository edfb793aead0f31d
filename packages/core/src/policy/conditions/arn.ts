/**
 * ARN condition operators (IAM User Guide "IAM JSON policy elements: Condition operators", Amazon
 * Resource Name (ARN) condition operators): "The ArnEquals and ArnLike condition operators behave
 * identically", matching each of the six ARN parts separately with `*` and `?`; ArnNotEquals and
 * ArnNotLike are their negation. Policy variables may be used.
 */
import { prepareArnPattern } from '../match-arn.ts';
import { type ConditionOperator, negated } from './operator.ts';

function arn(name: string): ConditionOperator {
  return {
    name,
    negated: false,
    variables: true,
    prepare: (policyValue, env) =>
      prepareArnPattern(
        policyValue,
        { variables: env.variables, variablesOnlyInResourcePart: false },
        env.context,
        env.missing,
      ),
  };
}

export const ArnEquals = arn('ArnEquals');
export const ArnLike = arn('ArnLike');
export const ArnNotEquals = negated(ArnEquals, 'ArnNotEquals');
export const ArnNotLike = negated(ArnLike, 'ArnNotLike');
