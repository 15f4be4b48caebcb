/* cd-list-view.h — one employer's list: its rows, the batch that works them, and the officer's
 * triage by keyboard.
 *
 * The rows (number, name, SI number, benefit and section, period, days, state, amount, findings,
 * claim) are read on a reader of the view's own. The batch (cd_list_batch_run_async) runs with the
 * context's evidence fetcher, trust anchors, rule pack and session, and shows "312 of 2,000,
 * 3 failed" on its progress bar; Cancel stops it after the rows in flight, Start picks up the rest.
 * Triage (cd_list_triage_act_async, on the context's writer):
 *
 *   Up/Down      move between rows; the selected row's findings are shown in full below
 *   Enter        opens the row's claim (win.open-claim)
 *   a            accepts the selected row
 *   Ctrl+Shift+A accepts every ready row
 *   r            refuses the selected row, with a written reason (required)
 *   e            returns it to the employer, with a written reason (required)
 *
 * A supervisor approves the list's proposals ("Approve List", a CdApprovalRun over
 * cd_list_triage_dup_proposed); their own proposals are refused by the workflow and the view says
 * so. "Export" writes the decision list as PDF or CSV off the main loop.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"
#include "cd-decision-list-export.h"

G_BEGIN_DECLS

#define CD_TYPE_LIST_VIEW (cd_list_view_get_type ())
G_DECLARE_FINAL_TYPE (CdListView, cd_list_view, CD, LIST_VIEW, AdwBin)

typedef enum
{
  CD_LIST_VIEW_COLUMN_NUMBER,
  CD_LIST_VIEW_COLUMN_NAME,
  CD_LIST_VIEW_COLUMN_SI_CODE,
  CD_LIST_VIEW_COLUMN_BENEFIT,
  CD_LIST_VIEW_COLUMN_PERIOD,
  CD_LIST_VIEW_COLUMN_DAYS,
  CD_LIST_VIEW_COLUMN_STATE,
  CD_LIST_VIEW_COLUMN_AMOUNT,
  CD_LIST_VIEW_COLUMN_FINDINGS,
  CD_LIST_VIEW_COLUMN_CLAIM,
  CD_LIST_VIEW_N_COLUMNS
} CdListViewColumn;

/* `title` names the list in the view's header ("DN000028 Công ty … — 630a, 11/2026, batch 1"). */
GtkWidget  *cd_list_view_new             (CdContext         *context,
                                          gint64             list_id,
                                          const char        *title);
gint64      cd_list_view_get_list_id     (CdListView        *self);
void        cd_list_view_reload          (CdListView        *self);

/* What the buttons and keys do, for the tests: each returns at once, the work goes on. */
void        cd_list_view_start_batch     (CdListView        *self);
void        cd_list_view_cancel_batch    (CdListView        *self);
/* Refuses or returns the selected row with `reason`, as the reason dialog does. */
void        cd_list_view_decide_selected (CdListView        *self,
                                          gboolean           refuse,
                                          const char        *reason);
void        cd_list_view_approve_list    (CdListView        *self);
void        cd_list_view_export          (CdListView           *self,
                                          CdDecisionListFormat  format,
                                          const char           *path);

/* State. */
gboolean    cd_list_view_get_loading     (CdListView        *self);
/* The batch, a triage action, an approval run or an export under way. */
gboolean    cd_list_view_get_busy        (CdListView        *self);
gboolean    cd_list_view_get_batch_running (CdListView      *self);
/* The progress bar's text ("312 of 2,000, 3 failed"), or NULL before any figures. */
const char *cd_list_view_get_progress_text (CdListView      *self);
/* The outcome of the last approval run as shown ("3 approved, 1 not done: …"), or NULL. */
const char *cd_list_view_get_approval_text (CdListView      *self);
/* The path of the last export that succeeded, or NULL. */
const char *cd_list_view_get_exported_path (CdListView      *self);
/* The last error said (a refused action, a failed export), or NULL. */
const char *cd_list_view_get_last_error  (CdListView        *self);
GtkSingleSelection *cd_list_view_get_selection (CdListView  *self);
guint       cd_list_view_get_n_rows      (CdListView        *self);
char       *cd_list_view_dup_cell_text   (CdListView        *self,
                                          guint              position,
                                          CdListViewColumn   column);
/* The selected row's findings as shown below the rows. */
const char *cd_list_view_get_findings_text (CdListView      *self);

G_END_DECLS
