/* cd-export-audit.h — who took which list out of the workstation, and when.
 *
 * Figures and claimants' names leave the office on paper and in files; the office must be able to
 * say afterwards who took what (issue 18, item 5). Every export of a list on screen (CSV) and every
 * print of one appends a `list.export` entry to the audit log (cd-audit-log.h): the user, the time,
 * entity `list`, and `after` = {"list": the list's stable id ("claims.all-claims",
 * "dashboard.overdue"…), "title": the title shown, "format": "csv" or "print", "rows": how many,
 * "file": the file's name for a CSV (no folder: the path says nothing more and may hold a name)}.
 */
#pragma once

#include "cd-access.h"
#include "cd-database.h"
#include "cd-session.h"

G_BEGIN_DECLS

typedef enum
{
  CD_EXPORT_CSV,
  CD_EXPORT_PRINT,
  CD_EXPORT_PDF,     /* a form saved as PDF (22A/22B-HSB) */
} CdExportFormat;

/* "csv", "print", "pdf". */
const char *cd_export_format_to_string  (CdExportFormat   format);

/* The right taking `list` out needs (cd-access.h): the lists of one's own claims
 * ("claims.my-drafts", and the dashboard's panels, which show an officer only their own figures)
 * need CD_ACCESS_EXPORT_OWN_LISTS; the statistics forms ("forms.*") CD_ACCESS_STATISTICS_FORMS;
 * payout batches ("payouts.*") CD_ACCESS_EXPORT_PAYOUTS; any other list of the office's claims
 * CD_ACCESS_EXPORT_OFFICE_LISTS. */
CdAccessRight cd_export_audit_right     (const char      *list);
/* Before writing anything: the session must be signed in, unlocked, and have that right, else
 * CD_USERS_ERROR (NOT_ALLOWED names the account and what it may not do). */
gboolean    cd_export_audit_check         (CdSession       *session,
                                           const char      *list,
                                           GError         **error);

/* Appends the entry in a transaction of its own on `writer`, after cd_export_audit_check. The
 * session must be signed in and unlocked (CD_USERS_ERROR_LOCKED otherwise): an export is an action
 * like any other. `file` may be NULL (a print). */
gboolean    cd_export_audit_record        (CdDatabase      *writer,
                                           CdSession       *session,
                                           const char      *list,
                                           const char      *title,
                                           CdExportFormat   format,
                                           guint            n_rows,
                                           const char      *file,
                                           GError         **error);
/* The same on the writer's thread (cd_database_run_in_thread); the session's lock is looked at
 * there too. */
void        cd_export_audit_record_async  (CdDatabase           *writer,
                                           CdSession            *session,
                                           const char           *list,
                                           const char           *title,
                                           CdExportFormat        format,
                                           guint                 n_rows,
                                           const char           *file,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean    cd_export_audit_record_finish (CdDatabase           *writer,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
