/* cd-paper-rule.c — the office rule on decisions that rest on unverified paper evidence. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-claim-types.h"
#include "cd-format.h"
#include "cd-paper-rule.h"
#include "cd-statement.h"

/* CD_STALE_CLAIM_SQL spells the undecided statuses as numbers. */
G_STATIC_ASSERT (CD_CLAIM_STATUS_DRAFT == 0 && CD_CLAIM_STATUS_EVIDENCE_COMPLETE == 1
                 && CD_CLAIM_STATUS_EVALUATED == 2 && CD_CLAIM_STATUS_PROPOSED == 3);

gboolean
cd_paper_rule_count (CdDatabase    *db,
                     gint64         claim_id,
                     CdPaperCount  *out,
                     GError       **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = (CdPaperCount) { 0 };
  /* Paper documents are top-level 'manual' rows (the paper document contract); paper_state is
   * NULL on every fetched document. */
  stmt = cd_database_prepare (db,
                              "SELECT pd.paper_state, count(*) FROM claims c"
                              " JOIN documents pd ON " CD_PAPER_OF_CLAIM_SQL
                              " WHERE c.id = ? AND pd.paper_state <> 'verified'"
                              " GROUP BY pd.paper_state",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, claim_id);
  while ((step = cd_statement_step (stmt, error)) == CD_STEP_ROW)
    {
      const char *state = cd_statement_get_text (stmt, 0);
      guint n = (guint) cd_statement_get_int64 (stmt, 1);

      if (g_strcmp0 (state, "mismatch") == 0)
        out->mismatch += n;
      else if (g_strcmp0 (state, "not_found") == 0)
        out->not_found += n;
      else
        out->unverified += n;
    }
  return step == CD_STEP_DONE;
}

gboolean
cd_paper_count_rests_on_paper (const CdPaperCount *count)
{
  g_return_val_if_fail (count != NULL, FALSE);
  return count->unverified + count->mismatch + count->not_found > 0;
}

guint
cd_paper_rule_needed (const CdPaperRules *rules,
                      const CdPaperCount *count,
                      gint64              amount)
{
  g_return_val_if_fail (rules != NULL && count != NULL, 0);

  if (!cd_paper_count_rests_on_paper (count))
    return 1;
  if (!rules->allow_unverified)
    return 0;
  return amount > rules->second_threshold ? 2 : 1;
}

char *
cd_paper_rule_describe (const CdPaperRules *rules,
                        const CdPaperCount *count,
                        gint64              amount)
{
  g_autofree char *threshold = NULL;

  g_return_val_if_fail (rules != NULL && count != NULL, NULL);

  if (!cd_paper_count_rests_on_paper (count))
    return NULL;
  if (!rules->allow_unverified)
    return g_strdup (_("Office rule: a decision resting on paper evidence that is not verified "
                       "cannot be approved. Wait for deferred verification, or return the claim."));
  threshold = cd_format_money_vnd (rules->second_threshold);
  if (amount > rules->second_threshold)
    return g_strdup_printf (_("Office rule: a decision resting on unverified paper evidence above "
                              "%s needs a second supervisor’s approval."), threshold);
  return g_strdup_printf (_("Office rule: a decision resting on unverified paper evidence may be "
                            "approved by one supervisor up to %s."), threshold);
}
