/* cd-list-view-private.h — the list view's state, shared by the files that make it up:
 *
 *   cd-list-view.c         the view: loading the rows, the cells, what may be done now, the
 *                          progress bar, its state and the GObject
 *   cd-list-view-rows.c    what a row says: its cells' text, its state, its findings in full
 *   cd-list-view-batch.c   the batch: start (trust anchors and rules first), cancel, its progress
 *   cd-list-view-triage.c  keyboard triage (accept, refuse or return with a reason, open the
 *                          claim) and the supervisor's approval of the list
 *   cd-list-view-export.c  the decision list written as PDF or CSV
 */
#pragma once

#include "cd-approval.h"
#include "cd-employer-lists.h"
#include "cd-list-view.h"

G_BEGIN_DECLS

struct _CdListView
{
  AdwBin              parent_instance;

  CdContext          *context;
  gint64              list_id;
  char               *title;
  GListStore         *store;       /* GtkStringObject (the name) + "cd-row" data */
  GtkSingleSelection *selection;
  GCancellable       *cancellable;        /* everything; cancelled in dispose */
  GCancellable       *load_cancellable;   /* the load under way */
  GCancellable       *batch_cancellable;  /* the batch's Cancel */
  CdApprovalRun      *run;                /* the approval run under way, or NULL */
  gboolean            loading;
  gboolean            batch_running;
  gboolean            batch_starting;     /* loading the trust anchors and the rules first */
  guint               acting;             /* triage, approval reads and exports under way */
  guint               reload_timeout;     /* a reload of the rows while the batch works */
  guint               keep_position;      /* the row selected again after a reload */
  char               *progress_text;
  char               *approval_text;
  char               *export_path;        /* the export under way's */
  CdDecisionListFormat export_format;
  char               *exported_path;
  char               *last_error;
  char               *findings_text;

  /* Template widgets */
  GtkLabel           *approval_label;
  GtkRevealer        *approval_revealer;
  GtkColumnView      *column_view;
  AdwStatusPage      *error_page;
  GtkLabel           *findings_label;
  GtkProgressBar     *progress_bar;
  GtkButton          *start_button;
  GtkStack           *stack;
  GtkLabel           *title_label;
};

enum {
  CD_LIST_VIEW_SIGNAL_CHANGED,
  CD_LIST_VIEW_SIGNAL_LOADED,
  CD_LIST_VIEW_SIGNAL_TOAST,
  CD_LIST_VIEW_N_SIGNALS
};

extern guint cd_list_view_signals[CD_LIST_VIEW_N_SIGNALS];

/* cd-list-view.c */
CdSession              *cd_list_view_session            (CdListView            *self);
/* The batch (or its start), a triage action, an approval run or an export under way. */
gboolean                cd_list_view_busy               (CdListView            *self);
/* What a job holds of the view: a weak reference, freed with cd_list_view_weak_ref_free. */
gpointer                cd_list_view_weak_ref_new       (CdListView            *self);
void                    cd_list_view_weak_ref_free      (gpointer               data);
/* The view, with a reference the caller drops, or NULL when it is gone or going. */
CdListView             *cd_list_view_weak_ref_get       (gpointer               data);
/* As cd_list_view_weak_ref_get, for a job's callback: frees the job's weak reference. */
CdListView             *cd_list_view_weak_ref_take      (gpointer               data);
/* The session's role may approve proposed claims. */
gboolean                cd_list_view_can_approve        (CdListView            *self);
/* The one place the actions' enabled state is set. */
void                    cd_list_view_update_actions     (CdListView            *self);
/* A toast with `message`; an error is also kept as the last error. */
void                    cd_list_view_say                (CdListView            *self,
                                                         const char            *message,
                                                         gboolean               is_error);
/* The progress bar and its text ("312 of 2,000, 3 failed"). */
void                    cd_list_view_set_progress       (CdListView            *self,
                                                         guint                  done,
                                                         guint                  total,
                                                         guint                  failed);
/* A GSourceFunc that reloads the rows (the view is its data) while a batch works them. */
gboolean                cd_list_view_on_reload_timeout  (gpointer               user_data);

/* cd-list-view-rows.c */
/* The row at `position` of the store, or NULL; the store keeps it. */
const CdStoredListRow  *cd_list_view_row_at             (CdListView            *self,
                                                         guint                  position);
const CdStoredListRow  *cd_list_view_selected_row       (CdListView            *self);
/* Cells of the employer's list the office could not read. */
gboolean                cd_list_view_row_has_problems   (const CdStoredListRow *row);
/* Ready or with findings: the officer may decide it. */
gboolean                cd_list_view_row_is_worked      (const CdStoredListRow *row);
/* Accepted, refused or returned. */
gboolean                cd_list_view_row_is_decided     (const CdStoredListRow *row);
/* The text of `row`'s cell in `column`. */
char                   *cd_list_view_format_cell        (const CdStoredListRow *row,
                                                         CdListViewColumn       column);
/* Everything about the selected row the officer decides on, in full: one line each. */
char                   *cd_list_view_describe_row       (const CdStoredListRow *row);

/* cd-list-view-batch.c */
void                    cd_list_view_batch_class_init   (GtkWidgetClass        *widget_class);
/* Another view's batch on the same list has not ended yet: this one waits for it. */
gboolean                cd_list_view_batch_settling     (CdListView            *self);

/* cd-list-view-triage.c */
/* The triage and approval actions, and Enter on a row (the template's on_row_activated). */
void                    cd_list_view_triage_class_init  (GtkWidgetClass        *widget_class);

/* cd-list-view-export.c */
void                    cd_list_view_export_class_init  (GtkWidgetClass        *widget_class);

G_END_DECLS
