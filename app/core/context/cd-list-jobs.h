/* cd-list-jobs.h — the list page's work off the main loop, on the context's store and clients.
 *
 * Storing a list writes, so fetching central's lists and opening one from a file run on the
 * context's one writer (cd_database_run_in_thread) like every other writer of the workstation.
 * The claims waiting for approval are read on a reader of the job's own. (The decision list is
 * evidence's to read and letters' to write: cd_list_decision_data_async, then
 * cd_decision_list_export_async.)
 */
#pragma once

#include "cd-context.h"

G_BEGIN_DECLS

/* Fetches central's index and every list not stored yet (cd_employer_lists_fetch) with the
 * context's HTTP client, central address, office credential and trust anchors. _finish gives the
 * CdStoredList items added by this run (empty when nothing was new). Fails with
 * G_IO_ERROR_NOT_INITIALIZED when the store is not open or central is not configured. */
void        cd_list_jobs_fetch_async       (CdContext           *context,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *cd_list_jobs_fetch_finish      (GAsyncResult        *result,
                                            GError             **error);

/* Reads `file` (a signed I-VAN envelope an employer handed in) and stores it
 * (cd_employer_lists_store) with the file's URI as its source. _finish gives the list's id, and
 * in *out_added (may be NULL) whether it was new. */
void        cd_list_jobs_open_file_async   (CdContext           *context,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gint64      cd_list_jobs_open_file_finish  (GAsyncResult        *result,
                                            gboolean            *out_added,
                                            GError             **error);

/* The claim numbers of the list's rows waiting for a supervisor (cd_list_triage_dup_proposed),
 * read on a reader of the job's own: what "Approve List" approves. */
void        cd_list_jobs_dup_proposed_async  (CdContext           *context,
                                              gint64               list_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GStrv       cd_list_jobs_dup_proposed_finish (GAsyncResult        *result,
                                              GError             **error);

/* How many stored lists still have a row no officer has decided (accepted, refused or
 * returned): the badge of the window's "Employer Lists" queue. Blocking. */
gboolean    cd_list_jobs_count_open        (CdDatabase          *db,
                                            gint64              *out_count,
                                            GError             **error);

G_END_DECLS
