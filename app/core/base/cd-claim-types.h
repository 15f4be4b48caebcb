/* cd-claim-types.h — benefit cases and workflow statuses, with their stable names.
 *
 * The numeric values are stored in the database (tables benefit_cases and claim_statuses hold the
 * same pairs); the names are those of evaluate-contract.md and must never change meaning.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CD_BENEFIT_SICKNESS,
  CD_BENEFIT_CHILD_SICKNESS,
  CD_BENEFIT_RECOVERY_AFTER_SICKNESS,
  CD_BENEFIT_PRENATAL_CHECKUP,
  CD_BENEFIT_PREGNANCY_LOSS,
  CD_BENEFIT_CHILDBIRTH,
  CD_BENEFIT_CHILDBIRTH_TAKEOVER,
  CD_BENEFIT_FATHER_LEAVE,
  CD_BENEFIT_SURROGACY,
  CD_BENEFIT_COMMISSIONING_MOTHER,
  CD_BENEFIT_ADOPTION,
  CD_BENEFIT_CONTRACEPTION,
  CD_BENEFIT_RECOVERY_AFTER_MATERNITY,
  CD_BENEFIT_LUMP_SUM_FATHER,
  CD_BENEFIT_VOLUNTARY_MATERNITY,
  CD_N_BENEFITS
} CdBenefit;

typedef enum
{
  CD_CLAIM_STATUS_DRAFT,
  CD_CLAIM_STATUS_EVIDENCE_COMPLETE,
  CD_CLAIM_STATUS_EVALUATED,
  CD_CLAIM_STATUS_PROPOSED,
  CD_CLAIM_STATUS_APPROVED,
  CD_CLAIM_STATUS_RETURNED,
  CD_CLAIM_STATUS_REJECTED,
  CD_CLAIM_STATUS_QUEUED,
  CD_CLAIM_STATUS_SYNCED,
  CD_CLAIM_STATUS_REFUSED,
  CD_CLAIM_STATUS_REOPENED,
  CD_N_CLAIM_STATUSES
} CdClaimStatus;

const char *cd_benefit_to_string        (CdBenefit      benefit);
gboolean    cd_benefit_from_string      (const char    *name,
                                         CdBenefit     *out);
/* The benefit's name for people, translated. */
const char *cd_benefit_get_label        (CdBenefit      benefit);

const char *cd_claim_status_to_string   (CdClaimStatus  status);
gboolean    cd_claim_status_from_string (const char    *name,
                                         CdClaimStatus *out);
const char *cd_claim_status_get_label   (CdClaimStatus  status);

G_END_DECLS
