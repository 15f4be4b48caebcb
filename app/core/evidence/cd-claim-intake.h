/* cd-claim-intake.h — a new claim's way in: from a personal ID to the evaluated facts.
 *
 * The one place the new-claim flow runs, for the new-claim page and `claimdesk-cli fetch` alike:
 *
 *   fetch     every source at once (CdEvidenceFetcher); "source-done" as each one answers;
 *   store     the raw answers, then read them and verify their signatures (cd_evidence_store_save);
 *   check     the cross-checks over what is stored (cd_cross_check), and the citizen card the
 *             officer scanned, if any, against the population register (cd-card-check);
 *   detect    the cases the evidence suggests (cd_case_detect) and which of their children the
 *             database knows;
 *   build     the facts of the case the officer chose (cd_facts_build);
 *   evaluate  those facts, as the officer confirms them, with the rule pack (cd_rules_evaluate).
 *
 * The intake is given what it works with (the writer database, the fetcher, the trust store, the
 * rule pack) and builds none of them. Requests run on the caller's main context; everything that
 * reads or writes the database runs on the shared writer through cd_database_run_in_thread, one job
 * at a time with the other writers; evaluation touches no database and runs on a GTask thread.
 * Callbacks and signals come back on the main context that made the call.
 *
 * It works on one claim at a time: a new fetch cancels whatever still runs for the previous one
 * (its fetch, a facts build, an evaluation), and a new build or evaluation cancels the previous one
 * of its kind. A fetch cancelled before its answers are stored stores nothing; once they are being
 * stored the store, the checks and their record finish together (so no half of a fetch is ever
 * written) and the fetch still reports G_IO_ERROR_CANCELLED.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-case-detect.h"
#include "cd-citizen-card.h"
#include "cd-cross-checks.h"
#include "cd-database.h"
#include "cd-evidence-fetcher.h"
#include "cd-evidence-store.h"
#include "cd-facts-builder.h"
#include "cd-rule-pack.h"
#include "cd-trust-store.h"

G_BEGIN_DECLS

#define CD_CLAIM_INTAKE_ERROR (cd_claim_intake_error_quark ())

typedef enum
{
  CD_CLAIM_INTAKE_ERROR_NO_RULE_PACK,  /* evaluation asked before a rule pack was given */
} CdClaimIntakeError;

GQuark cd_claim_intake_error_quark (void);

/* What one fetch found. Read-only for its holders; shared by reference. */
typedef struct
{
  char          *personal_id;
  char          *window_from;     /* YYYY-MM-DD */
  char          *window_to;
  gint64         claim_id;        /* the claim the evidence was linked to; 0 for a new claim */
  CdCitizenCard *card;            /* the card scanned for this fetch (a copy); NULL: ID typed */
  guint          asked;           /* the sources asked this time: a bit per CdEvidenceSource */
  GPtrArray     *responses;       /* CdEvidenceResponse, one per source in source order; a source
                                   * not asked has neither body nor error */
  GPtrArray     *stored;          /* CdStoredEvidence, one per source in source order; document_id
                                   * 0 where nothing was stored (not asked, or no answer) */
  GPtrArray     *findings;        /* CdFinding; empty when the checks could not run */
  GError        *findings_error;  /* why the cross-checks could not run (the evidence is stored and
                                   * the cases detected all the same); NULL when they ran */
  GPtrArray     *proposals;       /* CdCaseProposal, newest first */
  GHashTable    *known_children;  /* the proposals' children the database knows (personal IDs) */
} CdIntakeResult;

#define CD_TYPE_INTAKE_RESULT (cd_intake_result_get_type ())

GType           cd_intake_result_get_type       (void) G_GNUC_CONST;
CdIntakeResult *cd_intake_result_ref            (CdIntakeResult       *result);
void            cd_intake_result_unref          (CdIntakeResult       *result);
/* How many of the sources asked did not answer. */
guint           cd_intake_result_get_n_failed   (const CdIntakeResult *result);
/* Whether a claim may name this child: the claim store accepts only persons the database knows. */
gboolean        cd_intake_result_is_known_child (const CdIntakeResult *result,
                                                 const char           *personal_id);

#define CD_TYPE_CLAIM_INTAKE (cd_claim_intake_get_type ())
G_DECLARE_FINAL_TYPE (CdClaimIntake, cd_claim_intake, CD, CLAIM_INTAKE, GObject)

/* `trust` may be NULL: every signature then reads "untrusted"; the evidence is stored anyway. */
CdClaimIntake  *cd_claim_intake_new                (CdDatabase          *writer,
                                                    CdEvidenceFetcher   *fetcher,
                                                    CdTrustStore        *trust);
CdDatabase     *cd_claim_intake_get_database       (CdClaimIntake       *self);
/* The rule pack evaluation uses; it may come later than the intake (it loads in the background). */
void            cd_claim_intake_set_rule_pack      (CdClaimIntake       *self,
                                                    CdRulePack          *pack);
CdRulePack     *cd_claim_intake_get_rule_pack      (CdClaimIntake       *self);
/* TRUE from the start of a fetch until its callback: the "busy" property. */
gboolean        cd_claim_intake_get_busy           (CdClaimIntake       *self);

/* Asks the sources in `wanted` (a bit per CdEvidenceSource; CD_EVIDENCE_ALL_SOURCES for all) about
 * the person and window, then stores, verifies, cross-checks and detects. `wanted` narrows a retry
 * only: a person or window other than those of the last fetch that was stored is asked of every
 * source. `claim_id` > 0 links the evidence to that existing claim and checks its child; 0 for a
 * new claim. `card`, when the officer scanned the claimant's citizen card (its personal ID is
 * `personal_id`), is checked against the population register's identity among the findings
 * (card.identity_mismatch); NULL for an ID typed by hand. It is copied: it serves this fetch only.
 *
 * Fails only when the evidence could not be stored or read back, or when cancelled; a source that
 * does not answer is an error of that source in the result. */
void            cd_claim_intake_fetch_async        (CdClaimIntake       *self,
                                                    const char          *personal_id,
                                                    const char          *from_iso,
                                                    const char          *to_iso,
                                                    gint64               claim_id,
                                                    const CdCitizenCard *card,
                                                    guint                wanted,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
CdIntakeResult *cd_claim_intake_fetch_finish       (CdClaimIntake       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* The facts of the case the officer chose, from the person's stored evidence, with where each came
 * from and which no document gives. `decided_on` (YYYY-MM-DD) dates the decision. */
void            cd_claim_intake_build_facts_async  (CdClaimIntake        *self,
                                                    const char           *personal_id,
                                                    const CdCaseProposal *proposal,
                                                    const char           *decided_on,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
CdFactsDraft   *cd_claim_intake_build_facts_finish (CdClaimIntake        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Evaluates a claimdesk-facts-1 tree (copied: the caller may go on editing its own) with the rule
 * pack. Returns the claimdesk result JSON (total, lines, reasons, assumptions, required documents).
 * A refusal is CD_RULES_ERROR_INVALID_FACTS whose message starts with the path of the fact at
 * fault, so a form can mark that row; CD_CLAIM_INTAKE_ERROR_NO_RULE_PACK before a pack is set. */
void            cd_claim_intake_evaluate_async     (CdClaimIntake       *self,
                                                    JsonNode            *facts,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonNode       *cd_claim_intake_evaluate_finish    (CdClaimIntake       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdIntakeResult, cd_intake_result_unref)

G_END_DECLS
