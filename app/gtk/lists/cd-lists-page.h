/* cd-lists-page.h — the employers' lists ("Danh sách đơn vị"): every list the office holds, with
 * its unit, dossier, batch, period, rows, signature, date of receipt, statutory deadline and the
 * working days left (an overdue list stands out); "Fetch Lists" from central and "Open List from
 * File…"; activating a list shows it (CdListView) in the page.
 *
 * The page works on its context: it reads the lists on a reader of its own
 * (cd_employer_lists_read_async), stores new ones on the context's writer (cd-list-jobs.h) and
 * follows the store and the session. It never reaches up to its window: ::toast carries a
 * summary, ::changed says rows or claims moved, ::loaded follows each reload.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_LISTS_PAGE (cd_lists_page_get_type ())
G_DECLARE_FINAL_TYPE (CdListsPage, cd_lists_page, CD, LISTS_PAGE, AdwBin)

typedef enum
{
  CD_LISTS_COLUMN_UNIT,
  CD_LISTS_COLUMN_DOSSIER,
  CD_LISTS_COLUMN_BATCH,
  CD_LISTS_COLUMN_PERIOD,
  CD_LISTS_COLUMN_ROWS,
  CD_LISTS_COLUMN_SIGNATURE,
  CD_LISTS_COLUMN_RECEIVED,
  CD_LISTS_COLUMN_DEADLINE,
  CD_LISTS_COLUMN_DAYS_LEFT,
  CD_LISTS_N_COLUMNS
} CdListsColumn;

GtkWidget  *cd_lists_page_new            (CdContext   *context);
void        cd_lists_page_reload         (CdListsPage *self);
/* Fetches central's new lists, as "Fetch Lists" does; ::toast says how many came. */
void        cd_lists_page_fetch          (CdListsPage *self);
/* Stores the list in `file`, as "Open List from File…" does once a file is chosen, and shows it. */
void        cd_lists_page_open_file      (CdListsPage *self,
                                          GFile       *file);
/* Shows list `list_id` (one of those loaded) in the page; FALSE when there is no such list. */
gboolean    cd_lists_page_show_list      (CdListsPage *self,
                                          gint64       list_id);
/* Back to every list. */
void        cd_lists_page_show_lists     (CdListsPage *self);

/* State, for the window and the tests. */
gboolean    cd_lists_page_get_loading    (CdListsPage *self);
/* A fetch or an open from a file under way. */
gboolean    cd_lists_page_get_busy       (CdListsPage *self);
guint       cd_lists_page_get_n_lists    (CdListsPage *self);
/* The id of the list at `position` (newest first), or 0. */
gint64      cd_lists_page_get_list_id    (CdListsPage *self,
                                          guint        position);
/* The text of a cell as shown, and whether it is marked overdue (style class "error"). */
char       *cd_lists_page_dup_cell_text  (CdListsPage   *self,
                                          guint          position,
                                          CdListsColumn  column,
                                          gboolean      *out_overdue);
/* The list shown (a CdListView), or NULL while every list is shown. */
GtkWidget  *cd_lists_page_get_list_view  (CdListsPage *self);

G_END_DECLS
