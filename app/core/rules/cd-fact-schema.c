/* cd-fact-schema.c — the facts each benefit's form shows. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-fact-schema.h"

static const CdFactField common_fields[] = {
  { "claimant.sex", CD_FACT_TEXT, N_("Sex (female / male)") },
  { "claimant.insured", CD_FACT_BOOL, N_("Currently insured") },
  { "claimant.si_years", CD_FACT_INT, N_("Completed years of social insurance") },
  { "claimant.heavy_or_difficult", CD_FACT_BOOL, N_("Heavy, hazardous or difficult job") },
  { "employer.calendar", CD_FACT_TEXT, N_("Employer calendar (public-sector / enterprise)") },
};

static const CdFactField sickness_fields[] = {
  { "case.leave", CD_FACT_PERIOD_FROM, N_("Leave from") },
  { "case.leave", CD_FACT_PERIOD_TO, N_("Leave to") },
  { "case.cause", CD_FACT_TEXT, N_("Cause (illness, accident…)") },
  { "case.inpatient", CD_FACT_BOOL, N_("Inpatient treatment") },
  { "case.surgery", CD_FACT_BOOL, N_("Surgery") },
  { "case.long_term_disease", CD_FACT_BOOL, N_("Listed long-term disease") },
};

static const CdFactField child_sickness_fields[] = {
  { "case.child.key", CD_FACT_TEXT, N_("Child's personal ID") },
  { "case.child.birth_date", CD_FACT_DATE, N_("Child's date of birth") },
  { "case.leave", CD_FACT_PERIOD_FROM, N_("Leave from") },
  { "case.leave", CD_FACT_PERIOD_TO, N_("Leave to") },
};

static const CdFactField prenatal_fields[] = {
  { "case.visits", CD_FACT_PERIOD_FROM, N_("Check-up from") },
  { "case.visits", CD_FACT_PERIOD_TO, N_("Check-up to") },
  { "case.visits_before", CD_FACT_INT, N_("Check-ups already paid") },
};

static const CdFactField loss_fields[] = {
  { "case.event_date", CD_FACT_DATE, N_("Date of the loss") },
  { "case.gestation.weeks", CD_FACT_INT, N_("Weeks of gestation") },
  { "case.leave.from", CD_FACT_DATE, N_("Leave from") },
  { "case.leave.days", CD_FACT_INT, N_("Days of leave prescribed") },
  { "case.infertility_treatment", CD_FACT_BOOL, N_("Stopped work for infertility treatment") },
};

static const CdFactField childbirth_fields[] = {
  { "case.birth_date", CD_FACT_DATE, N_("Date of birth") },
  { "case.leave_from", CD_FACT_DATE, N_("Leave from") },
  { "case.children", CD_FACT_INT, N_("Children born") },
  { "case.living_children_before", CD_FACT_INT, N_("Living children before this birth") },
  { "case.caesarean", CD_FACT_BOOL, N_("Caesarean") },
  { "case.pregnancy_rest", CD_FACT_BOOL, N_("Pregnancy rest on a doctor's order") },
};

static const CdFactField takeover_fields[] = {
  { "case.birth_date", CD_FACT_DATE, N_("Date of birth") },
  { "case.leave_from", CD_FACT_DATE, N_("Mother's leave from") },
  { "case.children", CD_FACT_INT, N_("Children born") },
  { "case.takeover_from", CD_FACT_DATE, N_("Takeover from") },
  { "case.mother_insured", CD_FACT_BOOL, N_("Mother insured") },
  { "case.mother_eligible", CD_FACT_BOOL, N_("Mother eligible") },
};

static const CdFactField father_fields[] = {
  { "case.birth_date", CD_FACT_DATE, N_("Date of birth") },
  { "case.children", CD_FACT_INT, N_("Children born") },
  { "case.caesarean", CD_FACT_BOOL, N_("Caesarean") },
  { "case.wife_living_children_before", CD_FACT_INT,
    N_("Wife's living children before this birth") },
  { "case.parts", CD_FACT_PERIOD_FROM, N_("Leave from") },
  { "case.parts", CD_FACT_PERIOD_TO, N_("Leave to") },
};

static const CdFactField contraception_fields[] = {
  { "case.method", CD_FACT_TEXT, N_("Method (iud / sterilisation)") },
  { "case.from", CD_FACT_DATE, N_("Leave from") },
  { "case.days", CD_FACT_INT, N_("Days") },
};

const CdFactField *
cd_fact_schema_get_common_fields (guint *n_fields)
{
  g_return_val_if_fail (n_fields != NULL, NULL);

  *n_fields = G_N_ELEMENTS (common_fields);
  return common_fields;
}

const CdFactField *
cd_fact_schema_get_case_fields (CdBenefit  benefit,
                                guint     *n_fields)
{
  g_return_val_if_fail (n_fields != NULL, NULL);

  switch (benefit)
    {
    case CD_BENEFIT_SICKNESS:
      *n_fields = G_N_ELEMENTS (sickness_fields);
      return sickness_fields;
    case CD_BENEFIT_CHILD_SICKNESS:
      *n_fields = G_N_ELEMENTS (child_sickness_fields);
      return child_sickness_fields;
    case CD_BENEFIT_PRENATAL_CHECKUP:
      *n_fields = G_N_ELEMENTS (prenatal_fields);
      return prenatal_fields;
    case CD_BENEFIT_PREGNANCY_LOSS:
      *n_fields = G_N_ELEMENTS (loss_fields);
      return loss_fields;
    case CD_BENEFIT_CHILDBIRTH:
      *n_fields = G_N_ELEMENTS (childbirth_fields);
      return childbirth_fields;
    case CD_BENEFIT_CHILDBIRTH_TAKEOVER:
      *n_fields = G_N_ELEMENTS (takeover_fields);
      return takeover_fields;
    case CD_BENEFIT_FATHER_LEAVE:
      *n_fields = G_N_ELEMENTS (father_fields);
      return father_fields;
    case CD_BENEFIT_CONTRACEPTION:
      *n_fields = G_N_ELEMENTS (contraception_fields);
      return contraception_fields;
    /* Nothing detects these yet, so no form is made for them. */
    case CD_BENEFIT_RECOVERY_AFTER_SICKNESS:
    case CD_BENEFIT_SURROGACY:
    case CD_BENEFIT_COMMISSIONING_MOTHER:
    case CD_BENEFIT_ADOPTION:
    case CD_BENEFIT_RECOVERY_AFTER_MATERNITY:
    case CD_BENEFIT_LUMP_SUM_FATHER:
    case CD_BENEFIT_VOLUNTARY_MATERNITY:
    case CD_N_BENEFITS:
    default:
      *n_fields = 0;
      return NULL;
    }
}

const char *
cd_fact_field_get_label (const CdFactField *field)
{
  g_return_val_if_fail (field != NULL, NULL);
  return _(field->label);
}

char *
cd_fact_field_dup_value_path (const CdFactField *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  switch (field->kind)
    {
    case CD_FACT_PERIOD_FROM:
      return g_strconcat (field->path, "[0].from", NULL);
    case CD_FACT_PERIOD_TO:
      return g_strconcat (field->path, "[0].to", NULL);
    case CD_FACT_TEXT:
    case CD_FACT_DATE:
    case CD_FACT_INT:
    case CD_FACT_BOOL:
    default:
      return g_strdup (field->path);
    }
}
