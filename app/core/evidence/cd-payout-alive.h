/* cd-payout-alive.h — before a payout batch is approved, every claimant is known to be alive.
 *
 * The office rule payout_alive_days (cd_office_settings_read_paper_rules) says how old the latest
 * population-register check of a claimant (their newest stored vital_status answer) may be when a
 * batch pays them. Older, or never checked: the register is asked again (the population status
 * source only) and the answer stored like every answer (cd_evidence_store_save). A claimant the
 * register says is dead or missing, or who cannot be re-checked because the register cannot be
 * reached, is held back from the batch with a message naming them, their personal ID and why; the
 * others are paid. See docs/deferred-verification.md.
 */
#pragma once

#include "cd-database.h"
#include "cd-evidence-fetcher.h"
#include "cd-trust-store.h"
#include "cd-users.h"

G_BEGIN_DECLS

typedef enum
{
  CD_ALIVE_CURRENT,       /* checked alive within the rule's days: nothing asked */
  CD_ALIVE_REVERIFIED,    /* asked again now: alive */
  CD_ALIVE_DEAD,          /* the register says dead (or missing): held */
  CD_ALIVE_UNVERIFIABLE,  /* too old and the register cannot be reached: held */
} CdAliveState;

/* "current", "reverified", "dead", "unverifiable". */
const char *cd_alive_state_to_string (CdAliveState state);

typedef struct
{
  char         *claim_number;
  char         *claimant;
  char         *personal_id;
  CdAliveState  state;
  char         *checked_at;  /* when the check relied on was made; NULL if never */
  char         *message;     /* for people: who, which ID, why; NULL when paid */
} CdAliveCheck;

void        cd_alive_check_free      (CdAliveCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdAliveCheck, cd_alive_check_free)

/* Checks every item of batch `batch_id`, asking the register again through `fetcher` (NULL:
 * offline) where the rule says so. Blocking. Returns CdAliveCheck items, in the batch's order. */
GPtrArray  *cd_payout_alive_check    (CdDatabase         *db,
                                      CdEvidenceFetcher  *fetcher,
                                      CdTrustStore       *trust,
                                      gint64              batch_id,
                                      GCancellable       *cancellable,
                                      GError            **error);

/* cd_payout_alive_check, then cd_payout_approve_holding with the dead and unverifiable items held
 * back. `checks` (may be NULL) gets the checks, also when the approval is refused. */
gboolean    cd_payout_approve_alive  (CdDatabase         *db,
                                      CdSession          *session,
                                      CdEvidenceFetcher  *fetcher,
                                      CdTrustStore       *trust,
                                      gint64              batch_id,
                                      GPtrArray         **checks,
                                      GCancellable       *cancellable,
                                      GError            **error);

/* The same off the main loop, in two steps: the check in a worker thread on a writer connection
 * of its own opened on `db_path` (the register's answers are stored there, and the HTTP requests
 * never hold the shared writer), then the approval as a job on the shared writer `writer`
 * (cd_database_run_in_thread). `load_trust` (may be NULL) gives the trust store in the worker
 * thread; `fetcher` NULL is offline. A locked session is refused at once. */
void        cd_payout_approve_alive_async  (CdDatabase          *writer,
                                            CdSession           *session,
                                            CdEvidenceFetcher   *fetcher,
                                            CdTrustStore      *(*load_trust) (gpointer   data,
                                                                              GError   **error),
                                            gpointer             load_trust_data,
                                            gint64               batch_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* `checks` (may be NULL) gets the CdAliveCheck items when the check ran, also on a refusal. */
gboolean    cd_payout_approve_alive_finish (GAsyncResult        *result,
                                            GPtrArray          **checks,
                                            GError             **error);

G_END_DECLS
