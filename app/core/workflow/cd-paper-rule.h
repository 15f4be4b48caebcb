/* cd-paper-rule.h — the office rule on decisions that rest on paper evidence not yet verified.
 *
 * A paper document (docs/data-model.md, "Paper documents") linked to a claim stays 'unverified'
 * until deferred verification matches it against the electronic record: 'verified', 'mismatch' or
 * 'not_found'. A decision on a claim with any paper document that is not 'verified' rests on
 * unverified paper. The office decides (cd_office_settings_write_paper_rules) whether such a
 * decision may be approved at all and above what amount it needs a second supervisor; the
 * workflow's approve enforces it, the approval queue shows it.
 */
#pragma once

#include "cd-database.h"
#include "cd-office-settings.h"

G_BEGIN_DECLS

typedef struct
{
  guint unverified;  /* paper documents not yet checked */
  guint mismatch;    /* checked, and the electronic record differs */
  guint not_found;   /* checked, and no electronic record was found */
} CdPaperCount;

/* Paper waiting for deferred verification, as SQL over `documents`: not yet checked, or checked
 * while the register had no record of it (it may have arrived since). */
#define CD_PAPER_WAITING_SQL \
  "(source_system = 'manual' AND paper_state IN ('unverified', 'not_found'))"

/* An undecided claim `c` (draft, evidence complete, evaluated, proposed: statuses 0 to 3, checked
 * in cd-paper-rule.c) whose claimant's newest fetched evidence is older than the ISO 8601 UTC
 * time bound to parameter `cutoff` ("?6"), or was never fetched: its evidence is fetched again
 * when the link returns. */
#define CD_STALE_CLAIM_SQL(cutoff) \
  "(c.status IN (0, 1, 2, 3) AND coalesce ((SELECT max (d.fetched_at) FROM documents d" \
  " WHERE d.person_id = c.claimant_id AND d.source_system <> 'manual'), '') < " cutoff ")"

/* The paper documents a claim rests on, as SQL over `documents pd` and `claims c`: those linked to
 * it, and the claimant's paper not linked to any claim yet. A claim opened from paper is linked
 * to its documents only later (a fetch, deferred verification); until then the claimant's
 * unlinked paper counts, so the office rule can never be missed by an unlinked document. */
#define CD_PAPER_OF_CLAIM_SQL \
  "(pd.source_system = 'manual' AND pd.paper_state IS NOT NULL" \
  " AND (pd.claim_id = c.id OR (pd.claim_id IS NULL AND pd.person_id = c.claimant_id)))"

/* The paper documents the claim rests on (CD_PAPER_OF_CLAIM_SQL) that are not verified, by
 * state. */
gboolean  cd_paper_rule_count        (CdDatabase          *db,
                                      gint64               claim_id,
                                      CdPaperCount        *out,
                                      GError             **error);
/* TRUE when any of them is not verified. */
gboolean  cd_paper_count_rests_on_paper (const CdPaperCount *count);
/* How many supervisors the paper rule asks for a decision of `amount` (1 or 2), or 0 when the
 * rule refuses it. */
guint     cd_paper_rule_needed       (const CdPaperRules  *rules,
                                      const CdPaperCount  *count,
                                      gint64               amount);
/* The rule that applies to such a decision, for the person about to approve it (translated), or
 * NULL when the decision does not rest on paper. */
char     *cd_paper_rule_describe     (const CdPaperRules  *rules,
                                      const CdPaperCount  *count,
                                      gint64               amount);

G_END_DECLS
