/* cd-claim-types.c — benefit cases and workflow statuses, with their stable names. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-claim-types.h"

static const char *const benefit_names[CD_N_BENEFITS] = {
  "sickness",
  "child_sickness",
  "recovery_after_sickness",
  "prenatal_checkup",
  "pregnancy_loss",
  "childbirth",
  "childbirth_takeover",
  "father_leave",
  "surrogacy",
  "commissioning_mother",
  "adoption",
  "contraception",
  "recovery_after_maternity",
  "lump_sum_father",
  "voluntary_maternity",
};

static const char * const benefit_labels[CD_N_BENEFITS] = {
  N_("Sickness"), N_("Sick child"), N_("Recovery after sickness"), N_("Prenatal check-up"),
  N_("Pregnancy loss"), N_("Childbirth"), N_("Childbirth, taken over"), N_("Father’s leave"),
  N_("Surrogacy"), N_("Commissioning mother"), N_("Adoption"), N_("Contraception"),
  N_("Recovery after maternity"), N_("Lump sum to the father"), N_("Voluntary maternity"),
};

static const char *const status_names[CD_N_CLAIM_STATUSES] = {
  "draft",    "evidence_complete", "evaluated", "proposed",
  "approved", "returned",          "rejected",  "queued",
  "synced",   "refused",           "reopened",
};

static const char * const status_labels[CD_N_CLAIM_STATUSES] = {
  N_("Draft"), N_("Evidence complete"), N_("Evaluated"), N_("Proposed"), N_("Approved"),
  N_("Returned"), N_("Rejected"), N_("Queued for sync"), N_("Synced"), N_("Refused by central"),
  N_("Reopened"),
};

const char *
cd_benefit_to_string (CdBenefit benefit)
{
  g_return_val_if_fail ((guint) benefit < CD_N_BENEFITS, NULL);
  return benefit_names[benefit];
}

gboolean
cd_benefit_from_string (const char *name,
                        CdBenefit  *out)
{
  for (guint i = 0; i < CD_N_BENEFITS; i++)
    if (g_strcmp0 (name, benefit_names[i]) == 0)
      {
        *out = (CdBenefit) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cd_benefit_get_label (CdBenefit benefit)
{
  g_return_val_if_fail ((guint) benefit < CD_N_BENEFITS, NULL);
  return _(benefit_labels[benefit]);
}

const char *
cd_claim_status_to_string (CdClaimStatus status)
{
  g_return_val_if_fail ((guint) status < CD_N_CLAIM_STATUSES, NULL);
  return status_names[status];
}

gboolean
cd_claim_status_from_string (const char    *name,
                             CdClaimStatus *out)
{
  for (guint i = 0; i < CD_N_CLAIM_STATUSES; i++)
    if (g_strcmp0 (name, status_names[i]) == 0)
      {
        *out = (CdClaimStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cd_claim_status_get_label (CdClaimStatus status)
{
  g_return_val_if_fail ((guint) status < CD_N_CLAIM_STATUSES, NULL);
  return _(status_labels[status]);
}
