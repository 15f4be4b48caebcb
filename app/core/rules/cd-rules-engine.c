/* cd-rules-engine.c — applies benefit-rules.md to claim facts: checks common to every benefit, then
 * the benefit's own rules. */
#include "cd-rules-engine.h"

#include "cd-rules-private.h"

typedef gboolean (*CdBenefitRules) (CdEval *ev, GError **error);

static CdBenefitRules
rules_for (CdBenefit benefit)
{
  switch (benefit)
    {
    case CD_BENEFIT_SICKNESS:
      return cd_rules_sickness;
    case CD_BENEFIT_CHILD_SICKNESS:
      return cd_rules_child_sickness;
    case CD_BENEFIT_RECOVERY_AFTER_SICKNESS:
      return cd_rules_recovery_after_sickness;
    case CD_BENEFIT_PRENATAL_CHECKUP:
      return cd_rules_prenatal_checkup;
    case CD_BENEFIT_PREGNANCY_LOSS:
      return cd_rules_pregnancy_loss;
    case CD_BENEFIT_CHILDBIRTH:
      return cd_rules_childbirth;
    case CD_BENEFIT_CHILDBIRTH_TAKEOVER:
      return cd_rules_childbirth_takeover;
    case CD_BENEFIT_FATHER_LEAVE:
      return cd_rules_father_leave;
    case CD_BENEFIT_SURROGACY:
      return cd_rules_surrogacy;
    case CD_BENEFIT_COMMISSIONING_MOTHER:
      return cd_rules_commissioning_mother;
    case CD_BENEFIT_ADOPTION:
      return cd_rules_adoption;
    case CD_BENEFIT_CONTRACEPTION:
      return cd_rules_contraception;
    case CD_BENEFIT_RECOVERY_AFTER_MATERNITY:
      return cd_rules_recovery_after_maternity;
    case CD_BENEFIT_LUMP_SUM_FATHER:
      return cd_rules_lump_sum_father;
    case CD_BENEFIT_VOLUNTARY_MATERNITY:
      return cd_rules_voluntary_maternity;
    case CD_N_BENEFITS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

CdResult *
cd_rules_evaluate (CdRulePack     *pack,
                   const CdFacts  *facts,
                   GError        **error)
{
  g_autoptr(CdResult) result = NULL;
  CdEval ev;

  g_return_val_if_fail (pack != NULL, NULL);
  g_return_val_if_fail (facts != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* An installed update applies to claims decided from its effective date on; the result
   * records the version actually used, and so does the decision made from it. */
  pack = cd_rule_pack_for_day (pack, facts->decided_on);
  result = cd_result_new (facts->benefit, cd_rule_pack_get_version (pack));
  ev.pack = pack;
  ev.facts = facts;
  ev.result = result;

  /* Parameters past their review date still apply, but the officer is told. */
  if (facts->decided_on != CD_DAY_NONE && cd_rule_pack_is_past_review (pack, facts->decided_on))
    cd_result_add_assumption (result, "policy.review_by_passed");

  if (!rules_for (facts->benefit) (&ev, error))
    return NULL;
  return g_steal_pointer (&result);
}
