/* cd-claim-list.c — the claims of a work queue: a GtkColumnView over the lazy CdClaimListModel. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-claim-list.h"
#include "cd-format.h"
#include "cd-resources.h"
#include "cd-table-cell.h"
#include "cd-table-export.h"

struct _CdClaimList
{
  AdwBin              parent_instance;

  CdContext          *context;   /* whose store the list shows */
  CdClaimFilter       filter;
  CdClaimSort         sort;
  gboolean            descending;
  gboolean            loading;
  CdClaimListModel   *model;
  GtkSingleSelection *selection;
  /* Cells bound to a row whose page is still being read: row → GPtrArray of cells (no refs; a
   * cell leaves when unbound). One model signal fills them, instead of a handler per cell. */
  GHashTable         *waiting;
  GCancellable       *cancellable;
  GCancellable       *export_cancellable;   /* exports and prints; cancelled in dispose */
  char               *list_id;              /* "claims.<queue>", for the audit */
  char               *title;                /* the queue's title, on the export */
  /* Two stand-ins compared through the column view's sorter to learn which header is sorted. */
  GObject            *probe_a;
  GObject            *probe_b;
  int                 probed_column;
  gboolean            syncing_sorter;

  /* Template widgets */
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *error_page;
  AdwStatusPage      *loading_page;
  GtkProgressBar     *progress_bar;
  GtkStack           *stack;
};

G_DEFINE_FINAL_TYPE (CdClaimList, cd_claim_list, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_LOADED,
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  const char *title;       /* N_() */
  gboolean    numeric;
  gboolean    expand;
  int         width;       /* fixed width in pixels, or -1 */
} ColumnInfo;

/* In CdClaimSort order. */
static const ColumnInfo columns[CD_N_CLAIM_SORTS] = {
  [CD_CLAIM_SORT_NUMBER] = { N_("Number"), FALSE, FALSE, 140 },
  [CD_CLAIM_SORT_CLAIMANT] = { N_("Claimant"), FALSE, TRUE, -1 },
  [CD_CLAIM_SORT_BENEFIT] = { N_("Benefit"), FALSE, FALSE, 120 },
  [CD_CLAIM_SORT_PERIOD] = { N_("Period"), FALSE, FALSE, 185 },
  [CD_CLAIM_SORT_AMOUNT] = { N_("Amount"), TRUE, FALSE, 110 },
  [CD_CLAIM_SORT_STATUS] = { N_("Status"), FALSE, FALSE, 110 },
  [CD_CLAIM_SORT_OFFICER] = { N_("Officer"), FALSE, FALSE, 130 },
  [CD_CLAIM_SORT_AGE] = { N_("Age (days)"), TRUE, FALSE, 75 },
};

char *
cd_claim_list_format_cell (CdClaimRow  *row,
                           CdClaimSort  column)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (row), NULL);

  if (!cd_claim_row_get_loaded (row))
    return g_strdup ("…");

  switch (column)
    {
    case CD_CLAIM_SORT_NUMBER:
      return g_strdup (cd_claim_row_get_number (row));
    case CD_CLAIM_SORT_CLAIMANT:
      return g_strdup (cd_claim_row_get_claimant (row));
    case CD_CLAIM_SORT_BENEFIT:
      return g_strdup (cd_benefit_get_label (cd_claim_row_get_benefit (row)));
    case CD_CLAIM_SORT_PERIOD:
      {
        g_autofree char *from = cd_format_date_vi (cd_claim_row_get_period_from (row));
        g_autofree char *to = cd_format_date_vi (cd_claim_row_get_period_to (row));

        if (to == NULL || g_strcmp0 (from, to) == 0)
          return g_strdup (from != NULL ? from : "");
        return g_strdup_printf ("%s – %s", from != NULL ? from : "", to);
      }
    case CD_CLAIM_SORT_AMOUNT:
      return cd_format_money_vnd (cd_claim_row_get_amount (row));
    case CD_CLAIM_SORT_STATUS:
      return g_strdup (cd_claim_status_get_label (cd_claim_row_get_status (row)));
    case CD_CLAIM_SORT_OFFICER:
      return g_strdup (cd_claim_row_get_officer (row));
    case CD_CLAIM_SORT_AGE:
      return cd_format_integer_vi (cd_claim_row_get_age_days (row));
    case CD_N_CLAIM_SORTS:
    default:
      g_assert_not_reached ();
    }
}

/* ---- cells -----------------------------------------------------------------------------------
 *
 * Scrolling fast, every frame binds rows whose page is not read yet (GTK 4.8 keeps some 200 rows
 * of widgets around the visible ones, 1 600 cells), and fills them a moment later:
 *  - the cells of such a row wait in `waiting`, and the model's ::rows-loaded fills them (a signal
 *    handler per cell, connected and disconnected every frame, cost a fifth of the main thread's
 *    time while scrolling: closures, weak references, handler lookups);
 *  - a waiting cell is hidden (opacity 0: nothing drawn) rather than given a placeholder text, so
 *    each cell's text changes once a frame, not twice: a GtkInscription's text change updates its
 *    accessible label too, the dearest part of binding a row.
 */

static void
update_cell (GtkInscription *cell,
             CdClaimRow     *row)
{
  CdClaimSort column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "cd-column"));
  g_autofree char *text = cd_claim_list_format_cell (row, column);

  gtk_inscription_set_text (cell, text);
  gtk_widget_set_opacity (GTK_WIDGET (cell), 1.0);
}

static void
on_rows_loaded (CdClaimListModel *model,
                guint             position,
                guint             n_rows,
                CdClaimList      *self)
{
  GHashTableIter iter;
  gpointer row, value;

  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, &row, &value))
    {
      GPtrArray *cells = value;

      if (!cd_claim_row_get_loaded (row))
        continue;
      for (guint k = 0; k < cells->len; k++)
        update_cell (g_ptr_array_index (cells, k), row);
      g_hash_table_iter_remove (&iter);
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  CdClaimSort column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = cd_table_cell_new (columns[column].numeric, 4, 12);

  g_object_set_data (G_OBJECT (label), "cd-column", user_data);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           CdClaimList              *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  CdClaimRow *row = gtk_list_item_get_item (item);
  GPtrArray *cells;

  if (cd_claim_row_get_loaded (row))
    {
      update_cell (GTK_INSCRIPTION (label), row);
      return;
    }
  /* A row handed out before its page is read is filled in place: wait for it, hidden. */
  gtk_widget_set_opacity (label, 0.0);
  cells = g_hash_table_lookup (self->waiting, row);
  if (cells == NULL)
    {
      cells = g_ptr_array_sized_new (CD_N_CLAIM_SORTS);
      g_hash_table_insert (self->waiting, row, cells);
    }
  g_ptr_array_add (cells, label);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CdClaimList              *self)
{
  CdClaimRow *row = gtk_list_item_get_item (item);
  GPtrArray *cells = row != NULL ? g_hash_table_lookup (self->waiting, row) : NULL;

  if (cells == NULL)
    return;
  g_ptr_array_remove_fast (cells, gtk_list_item_get_child (item));
  if (cells->len == 0)
    g_hash_table_remove (self->waiting, row);
}

/* GTK unbinds a cell before tearing it down; should one go while still bound, it must not stay
 * in `waiting` (the table holds no reference to it). */
static void
teardown_cell (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CdClaimList              *self)
{
  unbind_cell (factory, item, self);
}

/* ---- sorting ---------------------------------------------------------------------------------*/

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  CdClaimList *self = g_object_get_data (G_OBJECT (a), "cd-claim-list");

  self->probed_column = GPOINTER_TO_INT (user_data);
  return GTK_ORDERING_SMALLER;
}

/* GTK 4.8 has no getter for the sorted column: the column view's sorter asks its primary column's
 * sorter first and inverts its answer when descending, so one comparison of two stand-ins tells
 * both. The list itself is never sorted in memory. */
static gboolean
read_header_sort (CdClaimList *self,
                  CdClaimSort *sort,
                  gboolean    *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering order;

  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);
  if (order == GTK_ORDERING_EQUAL || self->probed_column < 0)
    return FALSE;
  *sort = (CdClaimSort) self->probed_column;
  *descending = order == GTK_ORDERING_LARGER;
  return TRUE;
}

static void start_load (CdClaimList *self);

static void
on_sorter_changed (CdClaimList *self)
{
  CdClaimSort sort;
  gboolean descending;

  if (self->syncing_sorter || !read_header_sort (self, &sort, &descending))
    return;
  if (sort == self->sort && descending == self->descending)
    return;
  self->sort = sort;
  self->descending = descending;
  start_load (self);
}

static void
show_sort_in_header (CdClaimList *self)
{
  GListModel *view_columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, self->sort);

  self->syncing_sorter = TRUE;
  gtk_column_view_sort_by_column (self->column_view, column,
                                  self->descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->syncing_sorter = FALSE;
}

/* ---- loading ---------------------------------------------------------------------------------*/

static void
set_loading (CdClaimList *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_model_ready (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdClaimList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdClaimListModel) model = cd_claim_list_model_new_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);
  if (model == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      return;
    }

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  g_signal_connect (model, "rows-loaded", G_CALLBACK (on_rows_loaded), self);
  /* Ages count to the context's today (a test's clock stops it). */
  cd_claim_list_model_set_today (model, cd_clock_get_today (cd_context_get_clock (self->context)));
  /* Forget the old selection first: GtkSingleSelection looks for a still-selected item in the
   * whole new model, one get_item per row — a million rows read on the main loop. */
  gtk_single_selection_set_model (self->selection, NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (model));
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (model)) > 0
                                    ? "list" : "empty");
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static const char *
db_path (CdClaimList *self)
{
  return self->context != NULL ? cd_context_get_db_path (self->context) : NULL;
}

static void
start_load (CdClaimList *self)
{
  if (db_path (self) == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* The rows on show stay until the new order or queue has been counted and its first page read. */
  if (self->model == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      adw_status_page_set_title (self->loading_page, _("Loading Claims…"));
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  set_loading (self, TRUE);
  cd_claim_list_model_new_async (db_path (self), &self->filter, self->sort, self->descending,
                                 self->cancellable, on_model_ready, g_object_ref (self));
}

/* ---- export and print ----------------------------------------------------------------------*/

/* The whole list, not the rows on screen: read again in a worker thread, a page after another,
 * on a model of its own with the list's filter and order, as many rows as there are (a queue of
 * a million claims takes its time, off the main loop). */
typedef struct
{
  char          *db_path;
  CdClaimFilter  filter;
  CdClaimSort    sort;
  gboolean       descending;
  CdDay          today;
  GArray        *columns;      /* CdClaimSort of the visible columns */
  CdCsvTable    *table;
  char          *action_name;
  GVariant      *parameter;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->db_path);
  g_array_unref (job->columns);
  cd_csv_table_free (job->table);
  g_free (job->action_name);
  g_variant_unref (job->parameter);
  g_free (job);
}

static void
add_export_row (CdClaimRow *row,
                gpointer    user_data)
{
  ExportJob *job = user_data;
  GStrv cells = g_new0 (char *, job->columns->len + 1);

  for (guint c = 0; c < job->columns->len; c++)
    cells[c] = cd_claim_list_format_cell (row, g_array_index (job->columns, CdClaimSort, c));
  cd_csv_table_take_row (job->table, cells);
}

static void
collect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(CdClaimListModel) model = NULL;
  GError *error = NULL;

  model = cd_claim_list_model_new (job->db_path, &job->filter, job->sort, job->descending,
                                   &error);
  if (model != NULL)
    {
      cd_claim_list_model_set_today (model, job->today);
      if (cd_claim_list_model_foreach (model, add_export_row, job, cancellable, &error))
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
    }
  g_task_return_error (task, error);
}

static void
on_collected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CdClaimList) self = user_data;
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
      return;
    }
  cd_table_export_run_action (GTK_WIDGET (self), self->context,
                              self->list_id != NULL ? self->list_id : "claims",
                              g_steal_pointer (&job->table), job->action_name, job->parameter,
                              self->export_cancellable);
}

/* table.export-csv / table.print (a path, or "" to ask): the visible columns, every row. */
static void
table_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CdClaimList *self = CD_CLAIM_LIST (widget);
  GListModel *view_columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  if (db_path (self) == NULL)
    return;
  job = g_new0 (ExportJob, 1);
  job->db_path = g_strdup (db_path (self));
  job->filter = self->filter;
  job->sort = self->sort;
  job->descending = self->descending;
  job->today = cd_clock_get_today (cd_context_get_clock (self->context));
  job->columns = g_array_new (FALSE, FALSE, sizeof (CdClaimSort));
  for (guint i = 0; i < g_list_model_get_n_items (view_columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);
      /* The columns were appended in CdClaimSort order. */
      CdClaimSort sort = (CdClaimSort) i;

      if (!gtk_column_view_column_get_visible (column))
        continue;
      g_array_append_val (job->columns, sort);
      g_ptr_array_add (titles, (gpointer) gtk_column_view_column_get_title (column));
    }
  g_ptr_array_add (titles, NULL);
  job->table = cd_csv_table_new (self->title != NULL ? self->title : _("Claims"),
                                 (const char * const *) titles->pdata);
  job->action_name = g_strdup (action_name);
  job->parameter = g_variant_ref_sink (g_variant_ref (parameter));
  task = g_task_new (NULL, self->export_cancellable, on_collected, g_object_ref (self));
  g_task_set_source_tag (task, table_action);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, collect_thread);
}

/* ---- public API ------------------------------------------------------------------------------*/

CdClaimList *
cd_claim_list_new (void)
{
  return g_object_new (CD_TYPE_CLAIM_LIST, NULL);
}

/* Another store: what was on show belonged to the old one. */
static void
on_db_path_changed (CdClaimList *self)
{
  g_clear_object (&self->model);
  start_load (self);
}

void
cd_claim_list_set_context (CdClaimList *self,
                           CdContext   *context)
{
  g_return_if_fail (CD_IS_CLAIM_LIST (self));
  g_return_if_fail (context == NULL || CD_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, on_db_path_changed, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "notify::db-path", G_CALLBACK (on_db_path_changed), self,
                             G_CONNECT_SWAPPED);
  on_db_path_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

void
cd_claim_list_set_export_name (CdClaimList *self,
                               const char  *list_id,
                               const char  *title)
{
  g_return_if_fail (CD_IS_CLAIM_LIST (self));

  g_free (self->list_id);
  self->list_id = g_strdup (list_id);
  g_free (self->title);
  self->title = g_strdup (title);
}

void
cd_claim_list_set_filter (CdClaimList         *self,
                          const CdClaimFilter *filter)
{
  g_return_if_fail (CD_IS_CLAIM_LIST (self));
  g_return_if_fail (filter != NULL);

  self->filter = *filter;
  start_load (self);
}

void
cd_claim_list_set_sort (CdClaimList *self,
                        CdClaimSort  sort,
                        gboolean     descending)
{
  g_return_if_fail (CD_IS_CLAIM_LIST (self));
  g_return_if_fail ((guint) sort < CD_N_CLAIM_SORTS);

  if (sort == self->sort && descending == self->descending)
    return;
  self->sort = sort;
  self->descending = descending;
  show_sort_in_header (self);
  start_load (self);
}

CdClaimSort
cd_claim_list_get_sort (CdClaimList *self,
                        gboolean    *descending)
{
  g_return_val_if_fail (CD_IS_CLAIM_LIST (self), CD_CLAIM_SORT_NUMBER);
  if (descending != NULL)
    *descending = self->descending;
  return self->sort;
}

void
cd_claim_list_reload (CdClaimList *self)
{
  g_return_if_fail (CD_IS_CLAIM_LIST (self));
  start_load (self);
}

void
cd_claim_list_show_progress (CdClaimList *self,
                             const char  *title,
                             double       fraction)
{
  g_return_if_fail (CD_IS_CLAIM_LIST (self));

  adw_status_page_set_title (self->loading_page, title);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), fraction >= 0);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

void
cd_claim_list_show_error (CdClaimList *self,
                          const char  *message)
{
  g_return_if_fail (CD_IS_CLAIM_LIST (self));

  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

CdClaimListModel *
cd_claim_list_get_model (CdClaimList *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_LIST (self), NULL);
  return self->model;
}

gboolean
cd_claim_list_get_loading (CdClaimList *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_LIST (self), FALSE);
  return self->loading;
}

/* ---- activation ------------------------------------------------------------------------------*/

static void
on_column_view_activate (CdClaimList *self,
                         guint        position)
{
  g_autoptr(CdClaimRow) row = NULL;

  if (self->model == NULL)
    return;
  row = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (row == NULL || !cd_claim_row_get_loaded (row))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-claim", "s",
                              cd_claim_row_get_number (row));
}

/* ---- GObject ---------------------------------------------------------------------------------*/

static void
cd_claim_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CdClaimList *self = CD_CLAIM_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_claim_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CdClaimList *self = CD_CLAIM_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      cd_claim_list_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_claim_list_dispose (GObject *object)
{
  CdClaimList *self = CD_CLAIM_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_pointer (&self->list_id, g_free);
  g_clear_pointer (&self->title, g_free);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, on_db_path_changed, self);
  g_clear_object (&self->context);
  /* AdwBin unparents its child itself: let go of it first, then of the template's references. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_CLAIM_LIST);
  g_clear_object (&self->selection);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);

  G_OBJECT_CLASS (cd_claim_list_parent_class)->dispose (object);
}

static void
cd_claim_list_finalize (GObject *object)
{
  CdClaimList *self = CD_CLAIM_LIST (object);

  /* Not in dispose: the column view unbinds its cells while it is disposed. */
  g_hash_table_unref (self->waiting);

  G_OBJECT_CLASS (cd_claim_list_parent_class)->finalize (object);
}

/* The view gets its rows on its first showing, not before: behind the sign-in page a list with its
 * model makes a screenful of rows' cells all the same (a quarter of the main window's first frame
 * on an old PC), for nobody. */
static void
cd_claim_list_map (GtkWidget *widget)
{
  CdClaimList *self = CD_CLAIM_LIST (widget);

  GTK_WIDGET_CLASS (cd_claim_list_parent_class)->map (widget);
  if (gtk_column_view_get_model (self->column_view) == NULL)
    gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

static void
cd_claim_list_class_init (CdClaimListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_claim_list_get_property;
  object_class->set_property = cd_claim_list_set_property;
  object_class->dispose = cd_claim_list_dispose;
  object_class->finalize = cd_claim_list_finalize;
  widget_class->map = cd_claim_list_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new queue, filter or order is on show (or failed to load). */
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* ::toast (const char *message): an export or print finished, or failed. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  cd_table_export_install_actions (widget_class, table_action);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-claim-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CdClaimList, column_view);
  gtk_widget_class_bind_template_child (widget_class, CdClaimList, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CdClaimList, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdClaimList, loading_page);
  gtk_widget_class_bind_template_child (widget_class, CdClaimList, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CdClaimList, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);
}

static void
cd_claim_list_init (CdClaimList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  cd_claim_filter_init (&self->filter);
  self->export_cancellable = g_cancellable_new ();
  self->sort = CD_CLAIM_SORT_NUMBER;
  self->descending = TRUE;   /* the newest claims first */
  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_set_data (self->probe_a, "cd-claim-list", self);
  g_object_set_data (self->probe_b, "cd-claim-list", self);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  self->waiting = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (int i = 0; i < CD_N_CLAIM_SORTS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
      g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cell), self);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, GINT_TO_POINTER (i), NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      if (columns[i].width > 0)
        gtk_column_view_column_set_fixed_width (column, columns[i].width);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
  show_sort_in_header (self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, G_CONNECT_SWAPPED);
}
