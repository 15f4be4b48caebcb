/* cd-employer-lists.h — the office's store of employers' lists: the owner of employer_lists and
 * employer_list_rows (docs/data-model.md).
 *
 * A list is stored raw first (its bytes, SHA-256, where it came from), in its own transaction, and
 * only then parsed (cd-employer-list.h): the parse fills the list's columns and writes its rows, or
 * records why the list was refused. Nothing that arrived is lost to a parser bug or a crash, and
 * the same list stored again (same bytes, or the same central id) adds nothing. Blocking: call from
 * a worker thread or a command-line tool.
 */
#pragma once

#include "cd-central-lists.h"
#include "cd-claim-types.h"
#include "cd-database.h"
#include "cd-employer-list.h"
#include "cd-users.h"

G_BEGIN_DECLS

typedef enum
{
  CD_EMPLOYER_ROW_NEW,        /* as parsed */
  CD_EMPLOYER_ROW_FETCHING,   /* the batch worker is fetching its evidence */
  CD_EMPLOYER_ROW_EVALUATED,  /* evaluated by the rules */
  CD_EMPLOYER_ROW_READY,      /* clean: ready for the decision list */
  CD_EMPLOYER_ROW_FINDINGS,   /* cross-checks found something an officer must look at */
  CD_EMPLOYER_ROW_ACCEPTED,
  CD_EMPLOYER_ROW_RETURNED,
  CD_EMPLOYER_ROW_REFUSED,
  CD_N_EMPLOYER_ROW_STATES
} CdEmployerRowState;

const char *cd_employer_row_state_to_string (CdEmployerRowState state);

typedef struct
{
  gint64  id;
  char   *central_id;      /* NULL for a list opened from a file */
  char   *source;          /* the URL or file it came from */
  char   *fetched_at;      /* when the office stored it */
  char   *received_at;     /* when central received it, if known */
  char   *sha256;
  char   *parse_state;     /* "stored", "parsed", "refused" */
  char   *parse_error;     /* why refused */
  char   *unit_code;       /* NULL until parsed */
  char   *unit_name;
  char   *dossier_code;
  char   *period;
  gint64  batch;
  char   *signature;       /* "not_checked", "valid", "invalid", "unsigned", "untrusted" */
  char   *signer;
  guint   n_rows;
  guint   n_problem_rows;
} CdStoredList;

void        cd_stored_list_free        (CdStoredList *list);

typedef struct
{
  int         part;
  guint       position;
  guint       number;
  char       *section;
  char       *benefit;
  char       *si_code;
  char       *name;
  char       *period_from;
  char       *period_to;
  JsonNode   *fields;      /* object */
  JsonNode   *cells;       /* object */
  JsonNode   *problems;    /* array of {"column", "message"} */
  char       *state;
  gint64      claim_id;    /* 0 when no claim was opened */
  JsonNode   *findings;    /* array of CdFinding JSON (cd_finding_to_json): the batch's checks */
  gint64      amount;      /* what the rules pay, whole đồng; -1 before the row is evaluated */
  char       *failure;     /* why the batch could not work the row yet; NULL */
  guint       attempts;    /* how many runs tried it */
  char       *reason;      /* the officer's written reason for returning or refusing it */
  char       *claim_number;
  char       *claim_status;
} CdStoredListRow;

void        cd_stored_list_row_free    (CdStoredListRow *row);
/* Whether the parser found something wrong in the row (a problem of a column other than
 * "claim"): such a row is not worked. */
gboolean    cd_stored_list_row_has_parse_problems (const CdStoredListRow *row);

/* Stores an envelope (raw first, then parsed with `trust`, which may be NULL: not checked).
 * `central_id` and `received_at` may be NULL (a file). TRUE with *out_added FALSE when the same
 * bytes or the same central id were stored already (then *out_id is that list; one left 'stored'
 * by a crash is parsed now). A list the parser refuses is still stored, 'refused' with the
 * reason: that is not an error. */
gboolean    cd_employer_lists_store    (CdDatabase      *db,
                                        GBytes          *envelope,
                                        const char      *source,
                                        const char      *central_id,
                                        const char      *received_at,
                                        CdTrustStore    *trust,
                                        gint64          *out_id,
                                        gboolean        *out_added,
                                        GError         **error);

/* Fetches central's index and every list not stored yet, storing each: CdStoredList items for the
 * lists added by this call, in central's order. A list that fails to download stops the run with
 * the error; those stored before it stay. */
GPtrArray  *cd_employer_lists_fetch    (CdDatabase               *db,
                                        CdHttpClient             *http,
                                        const char               *central_url,
                                        const CdOfficeCredential *credential,
                                        CdTrustStore             *trust,
                                        GCancellable             *cancellable,
                                        GError                  **error);

/* All lists, newest first: CdStoredList items. */
GPtrArray  *cd_employer_lists_list     (CdDatabase      *db,
                                        GError         **error);
CdStoredList *cd_employer_lists_get    (CdDatabase      *db,
                                        gint64           id,
                                        GError         **error);
/* A list's rows in part and position order: CdStoredListRow items. */
GPtrArray  *cd_employer_lists_get_rows (CdDatabase      *db,
                                        gint64           list_id,
                                        GError         **error);
/* One row, as it is now; G_IO_ERROR_NOT_FOUND when the list has no such row. */
CdStoredListRow *cd_employer_lists_get_row (CdDatabase  *db,
                                            gint64       list_id,
                                            int          part,
                                            guint        position,
                                            GError     **error);
/* For the list page: on a reader of the job's own, opened on `db_path` in a worker thread. With
 * `list_id` 0, every list (CdStoredList items, newest first); else that list's rows
 * (CdStoredListRow items). */
void        cd_employer_lists_read_async  (const char          *db_path,
                                           gint64               list_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray  *cd_employer_lists_read_finish (GAsyncResult        *result,
                                           GError             **error);
/* The raw envelope as stored. */
GBytes     *cd_employer_lists_dup_bytes (CdDatabase     *db,
                                         gint64          list_id,
                                         GError        **error);

/* One claim per row: opens a claim (cd_workflow_open_claim, by the session's officer) for each
 * Part 1 row of the list that has none yet and no problem: the claimant found by the row's SI number,
 * the benefit from its section, the period from columns 2–3, the child (when the case has one)
 * among the claimant's children by the birth date of column D or the card of column E. The claim
 * is numbered DS-<list>-<position> and linked to its row (claim_id) in the same transaction. A row
 * that cannot become a claim gets one problem of column "claim" saying why (replacing an earlier
 * one) and stays without a claim; Part 2 rows are left as recorded (reopening the earlier claim is
 * a later step). *out_opened and *out_refused (may be NULL) count this call's rows. FALSE only
 * when the store fails. */
gboolean    cd_employer_lists_open_claims (CdDatabase  *db,
                                           CdSession   *session,
                                           gint64       list_id,
                                           guint       *out_opened,
                                           guint       *out_refused,
                                           GError     **error);

/* The same for one Part 1 row: *out_claim_id the claim opened, or 0 and *out_reason (translated)
 * why it cannot be. `benefit` overrides the row's section (a recovery after maternity listed in
 * section C), CD_N_BENEFITS keeps it; `child_id`, when the evidence names the row's child (a
 * person of the store), stands for the lookup by columns D and E. FALSE only when the store
 * fails. */
gboolean    cd_employer_lists_open_row_claim (CdDatabase             *db,
                                              CdSession              *session,
                                              const CdStoredList     *list,
                                              const CdStoredListRow  *row,
                                              CdBenefit               benefit,
                                              const char             *child_id,
                                              gint64                 *out_claim_id,
                                              char                  **out_reason,
                                              GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdStoredList, cd_stored_list_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdStoredListRow, cd_stored_list_row_free)

G_END_DECLS
