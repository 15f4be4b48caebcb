/* cd-paper-verification.h — deferred verification: paper evidence checked against the electronic
 * record once a source can be reached again.
 *
 * A paper document (docs/data-model.md, "Paper documents") is recorded 'unverified'. When the link
 * is back, the person's documents are fetched again and stored as every answer is
 * (cd_evidence_store_save); then each paper entry is matched against the stored electronic
 * documents of the same kind by its key: the serial (SO_SERI of a leave certificate, SO of a
 * birth certificate…), else the issuing facility and the dates. Same key and same values:
 * 'verified'. An electronic record with that key but other values: 'mismatch', every differing
 * field listed side by side. No electronic record while the source answered: 'not_found'. A
 * source that did not answer decides nothing: the paper stays as it was. Each outcome that
 * changes something is one `verifications` row and the document's paper_state /
 * paper_checked_at, in one transaction with an audit entry; an outcome already on record changes
 * nothing (verifying twice is harmless). See docs/deferred-verification.md.
 */
#pragma once

#include <gio/gio.h>

#include "cd-database.h"
#include "cd-evidence-fetcher.h"
#include "cd-trust-store.h"

G_BEGIN_DECLS

#define CD_PAPER_VERIFICATION_ERROR (cd_paper_verification_error_quark ())

typedef enum
{
  CD_PAPER_VERIFICATION_ERROR_NOT_FOUND,  /* no such person in the store */
  CD_PAPER_VERIFICATION_ERROR_FAILED,     /* the store refused; nothing was changed */
} CdPaperVerificationError;

GQuark cd_paper_verification_error_quark (void);

typedef enum
{
  CD_PAPER_OUTCOME_VERIFIED,     /* same key, same values */
  CD_PAPER_OUTCOME_MISMATCH,     /* same key, other values: see discrepancies */
  CD_PAPER_OUTCOME_NOT_FOUND,    /* the source answered, and has no such record */
  CD_PAPER_OUTCOME_UNREACHABLE,  /* the source did not answer; nothing changed */
} CdPaperOutcome;

/* "verified", "mismatch", "not_found", "unreachable". */
const char *cd_paper_outcome_to_string (CdPaperOutcome outcome);

typedef struct
{
  char *field;       /* the MoH (or civil-status) field name */
  char *paper;       /* its value on paper, as JSON text ("null" when absent) */
  char *electronic;  /* its value in the electronic record, as JSON text */
} CdPaperDiscrepancy;

typedef struct
{
  gint64          document_id;    /* the paper document */
  gint64          electronic_id;  /* the electronic document it was matched to; 0 if none */
  gint64          claim_id;       /* the claim the paper is linked to; 0 if none */
  char           *personal_id;
  char           *kind;           /* documents.kind */
  char           *serial;         /* the paper's serial, or NULL */
  CdPaperOutcome  outcome;
  GPtrArray      *discrepancies;  /* CdPaperDiscrepancy, for a mismatch */
  char           *message;        /* why unreachable (the source's error), or NULL */
  gboolean        changed;        /* a verifications row was written by this run */
} CdPaperCheck;

void          cd_paper_check_free  (CdPaperCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPaperCheck, cd_paper_check_free)

/* The discrepancies as the verifications row keeps them:
 * [{"field": F, "paper": V1, "electronic": V2}]. */
char         *cd_paper_check_discrepancies_json (const CdPaperCheck *check);

/* How many people one pass over everyone due (personal_id NULL) takes at most. */
#define CD_PAPER_VERIFICATION_MAX_PEOPLE 25

/* The personal IDs due for deferred verification, those with paper first, then in personal ID
 * order: people with paper documents still 'unverified' or 'not_found' (a mismatch is an answer: a
 * person is checked again for it on request, `personal_id` below), and claimants of an undecided
 * claim (draft to proposed) whose newest fetched document is older than `stale_days` days
 * (cd_office_settings_read_paper_rules; 0 counts none as stale). */
GPtrArray    *cd_paper_verification_list_due (CdDatabase    *db,
                                              guint          stale_days,
                                              GError       **error);

/* Matches the person's paper documents against what is stored, no network. `answered` has a bit
 * (1 << CdEvidenceSource) for each source that answered this run: a paper document whose source is
 * not in it, and has no stored electronic record with its key, is UNREACHABLE rather than
 * NOT_FOUND. `user_id` is who the audit entry names (0: the system). Returns CdPaperCheck items,
 * one per paper document of the person, by document id. */
GPtrArray    *cd_paper_verification_match    (CdDatabase    *db,
                                              const char    *personal_id,
                                              guint          answered,
                                              gint64         user_id,
                                              GError       **error);

/* Fetches the person's documents again over a window covering their paper documents and undecided
 * claims, stores them (cd_evidence_store_save), links them to the person's claims, then matches
 * (cd_paper_verification_match). `personal_id` NULL: every person due
 * (cd_paper_verification_list_due), at most CD_PAPER_VERIFICATION_MAX_PEOPLE of them. Blocking;
 * runs in the calling thread on `db`. */
GPtrArray    *cd_paper_verification_run_sync (CdDatabase         *db,
                                              CdEvidenceFetcher  *fetcher,
                                              CdTrustStore       *trust,
                                              const char         *personal_id,
                                              gint64              user_id,
                                              GCancellable       *cancellable,
                                              GError            **error);

/* The same in a worker thread, on a writer connection of its own opened on `db_path` for the run
 * and closed after it (so it never holds the main loop nor the context's shared writer), without
 * the integrity check at open: the workstation's writer checked the file. */
void          cd_paper_verification_run_async  (const char          *db_path,
                                                CdEvidenceFetcher   *fetcher,
                                                CdTrustStore        *trust,
                                                const char          *personal_id,
                                                gint64               user_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray    *cd_paper_verification_run_finish (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
