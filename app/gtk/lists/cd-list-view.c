/* cd-list-view.c — one employer's list as a widget: loading its rows, their cells, what may be
 * done now, the progress bar; the batch, triage and approval, and export are in their own files
 * (cd-list-view-private.h lists them). */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-format.h"
#include "cd-list-view-private.h"
#include "cd-resources.h"
#include "cd-table-cell.h"
#include "cd-workflow.h"

G_DEFINE_FINAL_TYPE (CdListView, cd_list_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LIST_ID,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

guint cd_list_view_signals[CD_LIST_VIEW_N_SIGNALS];

typedef struct
{
  const char *title;   /* N_() */
  gboolean    numeric;
  gboolean    expand;
  int         width;
} ColumnInfo;

static const ColumnInfo columns[CD_LIST_VIEW_N_COLUMNS] = {
  [CD_LIST_VIEW_COLUMN_NUMBER] = { N_("No."), TRUE, FALSE, 44 },
  [CD_LIST_VIEW_COLUMN_NAME] = { N_("Name"), FALSE, TRUE, 180 },
  [CD_LIST_VIEW_COLUMN_SI_CODE] = { N_("SI Number"), FALSE, FALSE, 105 },
  [CD_LIST_VIEW_COLUMN_BENEFIT] = { N_("Benefit"), FALSE, FALSE, 130 },
  [CD_LIST_VIEW_COLUMN_PERIOD] = { N_("Period"), FALSE, FALSE, 190 },
  [CD_LIST_VIEW_COLUMN_DAYS] = { N_("Days"), TRUE, FALSE, 50 },
  [CD_LIST_VIEW_COLUMN_STATE] = { N_("State"), FALSE, FALSE, 110 },
  [CD_LIST_VIEW_COLUMN_AMOUNT] = { N_("Amount"), TRUE, FALSE, 110 },
  [CD_LIST_VIEW_COLUMN_FINDINGS] = { N_("Findings"), FALSE, TRUE, 220 },
  [CD_LIST_VIEW_COLUMN_CLAIM] = { N_("Claim"), FALSE, FALSE, 200 },
};

CdSession *
cd_list_view_session (CdListView *self)
{
  return cd_context_get_session (self->context);
}

gboolean
cd_list_view_busy (CdListView *self)
{
  return self->batch_running || self->batch_starting || self->acting > 0 || self->run != NULL;
}

/* Gone from its window: work that ends now has nothing to show. */
static gboolean
disposed (CdListView *self)
{
  return self->store == NULL;
}

/* What a job holds of the view: a weak reference. A job never keeps the view alive, so the view
 * goes (and dispose cancels its work) as soon as its window lets it go; a job that ends after
 * that finds nobody to tell. */
gpointer
cd_list_view_weak_ref_new (CdListView *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

void
cd_list_view_weak_ref_free (gpointer data)
{
  GWeakRef *ref = data;

  g_weak_ref_clear (ref);
  g_free (ref);
}

/* The view, with a reference the caller drops, or NULL when it is gone or going. */
CdListView *
cd_list_view_weak_ref_get (gpointer data)
{
  CdListView *self = g_weak_ref_get (data);

  if (self != NULL && disposed (self))
    g_clear_object (&self);
  return self;
}

/* As cd_list_view_weak_ref_get, for a job's callback: frees the job's weak reference. */
CdListView *
cd_list_view_weak_ref_take (gpointer data)
{
  CdListView *self = cd_list_view_weak_ref_get (data);

  cd_list_view_weak_ref_free (data);
  return self;
}

/* ---- cells ---------------------------------------------------------------------------------- */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  CdListViewColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = cd_table_cell_new (columns[column].numeric, 3, 10);

  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const CdStoredListRow *row = g_object_get_data (gtk_list_item_get_item (item), "cd-row");
  CdListViewColumn column = GPOINTER_TO_INT (user_data);
  g_autofree char *text = cd_list_view_format_cell (row, column);
  gboolean state = column == CD_LIST_VIEW_COLUMN_STATE || column == CD_LIST_VIEW_COLUMN_FINDINGS;

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  gtk_widget_set_tooltip_text (label, text[0] != '\0' ? text : NULL);
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "success");
  if (!state)
    return;
  /* The words say it; the colour only helps the eye down a long list. */
  if (cd_list_view_row_has_problems (row) || g_strcmp0 (row->state, "refused") == 0)
    gtk_widget_add_css_class (label, "error");
  else if (g_strcmp0 (row->state, "findings") == 0 || row->failure != NULL)
    gtk_widget_add_css_class (label, "warning");
  else if (g_strcmp0 (row->state, "ready") == 0 || g_strcmp0 (row->state, "accepted") == 0)
    gtk_widget_add_css_class (label, "success");
}

/* ---- actions' state ------------------------------------------------------------------------- */

gboolean
cd_list_view_can_approve (CdListView *self)
{
  return cd_list_view_session (self) != NULL
         && cd_workflow_can (CD_CLAIM_STATUS_PROPOSED, CD_WORKFLOW_ACTION_APPROVE,
                             cd_session_get_role (cd_list_view_session (self)));
}

typedef struct
{
  guint total;      /* Part 1 rows the batch works */
  guint done;       /* worked: ready, findings, or decided since */
  guint ready;
  guint failed;     /* left to do with a failure */
  guint proposed;   /* claims waiting for a supervisor */
  guint decided;    /* rows on the decision list */
} RowCounts;

static RowCounts
count_rows (CdListView *self)
{
  RowCounts counts = { 0 };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n; i++)
    {
      const CdStoredListRow *row = cd_list_view_row_at (self, i);

      if (g_strcmp0 (row->claim_status, "proposed") == 0)
        counts.proposed++;
      if (row->part != 1 || cd_list_view_row_has_problems (row))
        continue;
      counts.total++;
      if (cd_list_view_row_is_worked (row) || cd_list_view_row_is_decided (row))
        counts.done++;
      else if (row->failure != NULL)
        counts.failed++;
      if (g_strcmp0 (row->state, "ready") == 0)
        counts.ready++;
      /* On the decision list: a refusal at once (the office's answer either way), an accepted
       * row once its claim is approved. */
      if (g_strcmp0 (row->state, "refused") == 0
          || (g_strcmp0 (row->state, "accepted") == 0 && row->claim_status != NULL
              && g_strcmp0 (row->claim_status, "proposed") != 0))
        counts.decided++;
    }
  return counts;
}

/* The one place the actions' enabled state is set. */
void
cd_list_view_update_actions (CdListView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const CdStoredListRow *row = cd_list_view_selected_row (self);
  RowCounts counts = count_rows (self);
  gboolean store = cd_context_get_database (self->context) != NULL;
  gboolean idle = !cd_list_view_busy (self) && !self->loading && store
                  && cd_list_view_session (self) != NULL;
  gboolean act = idle && row != NULL && cd_list_view_row_is_worked (row);

  gtk_widget_action_set_enabled (widget, "list.start-batch",
                                 idle && counts.done < counts.total
                                 && !cd_list_view_batch_settling (self));
  gtk_widget_action_set_enabled (widget, "list.cancel-batch", self->batch_running);
  gtk_widget_action_set_enabled (widget, "list.accept", act);
  gtk_widget_action_set_enabled (widget, "list.refuse", act);
  gtk_widget_action_set_enabled (widget, "list.return", act);
  gtk_widget_action_set_enabled (widget, "list.accept-ready", idle && counts.ready > 0);
  gtk_widget_action_set_enabled (widget, "list.approve",
                                 idle && cd_list_view_can_approve (self) && counts.proposed > 0);
  gtk_widget_action_set_enabled (widget, "list.export-pdf", idle && counts.decided > 0);
  gtk_widget_action_set_enabled (widget, "list.export-csv", idle && counts.decided > 0);
  gtk_widget_action_set_enabled (widget, "list.open-claim",
                                 row != NULL && row->claim_number != NULL);
  gtk_button_set_label (self->start_button, counts.done > 0 ? _("_Resume Batch")
                                                            : _("_Start Batch"));
}

static void
show_findings (CdListView *self)
{
  const CdStoredListRow *row = cd_list_view_selected_row (self);

  g_free (self->findings_text);
  self->findings_text = row != NULL ? cd_list_view_describe_row (row) : g_strdup ("");
  gtk_label_set_text (self->findings_label, self->findings_text);
}

static void
on_selection_changed (CdListView *self)
{
  show_findings (self);
  cd_list_view_update_actions (self);
}

void
cd_list_view_say (CdListView *self,
                  const char *message,
                  gboolean    is_error)
{
  if (is_error)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (message);
    }
  g_signal_emit (self, cd_list_view_signals[CD_LIST_VIEW_SIGNAL_TOAST], 0, message);
}

/* ---- progress ------------------------------------------------------------------------------- */

void
cd_list_view_set_progress (CdListView *self,
                           guint       done,
                           guint       total,
                           guint       failed)
{
  g_autofree char *done_text = cd_format_integer_vi (done);
  g_autofree char *total_text = cd_format_integer_vi (total);

  g_free (self->progress_text);
  if (failed > 0)
    /* TRANSLATORS: the batch's progress, "312 of 2,000, 3 failed". */
    self->progress_text = g_strdup_printf (ngettext ("%s of %s, %u failed", "%s of %s, %u failed",
                                                     failed),
                                           done_text, total_text, failed);
  else
    /* TRANSLATORS: the batch's progress, "312 of 2,000". */
    self->progress_text = g_strdup_printf (_("%s of %s"), done_text, total_text);
  gtk_progress_bar_set_text (self->progress_bar, self->progress_text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0.0);
}

/* ---- loading -------------------------------------------------------------------------------- */

gboolean
cd_list_view_on_reload_timeout (gpointer user_data)
{
  cd_list_view_reload (user_data);
  return G_SOURCE_CONTINUE;
}

/* Takes `row`. */
static GObject *
row_object_new (CdStoredListRow *row)
{
  GtkStringObject *object = gtk_string_object_new (row->name != NULL ? row->name : "");

  g_object_set_data_full (G_OBJECT (object), "cd-row", row,
                          (GDestroyNotify) cd_stored_list_row_free);
  return G_OBJECT (object);
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  return a == NULL || b == NULL ? a == b : json_node_equal (a, b);
}

static gboolean
row_changed (const CdStoredListRow *a,
             const CdStoredListRow *b)
{
  return a->part != b->part || a->position != b->position
         || g_strcmp0 (a->state, b->state) != 0 || a->amount != b->amount
         || a->attempts != b->attempts || g_strcmp0 (a->failure, b->failure) != 0
         || g_strcmp0 (a->reason, b->reason) != 0
         || g_strcmp0 (a->claim_number, b->claim_number) != 0
         || g_strcmp0 (a->claim_status, b->claim_status) != 0
         || !nodes_equal (a->findings, b->findings) || !nodes_equal (a->problems, b->problems);
}

/* Replaces the rows that changed, one by one; takes the rows it uses. */
static void
update_rows (CdListView *self,
             GPtrArray  *rows)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GObject) object = NULL;

      if (!row_changed (cd_list_view_row_at (self, i), rows->pdata[i]))
        continue;
      object = row_object_new (rows->pdata[i]);
      rows->pdata[i] = NULL;
      g_list_store_splice (self->store, i, 1, (gpointer *) &object, 1);
    }
  /* A replaced row that was selected stays selected. */
  if (selected != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, selected);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CdListView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = cd_employer_lists_read_finish (result, &error);
  g_autoptr(GPtrArray) objects = NULL;
  guint keep;
  guint n;

  /* A newer load, or the view gone: nothing of this one is shown. Dispose cancels the load, and
   * the view may be freed by now: nothing of it is read before this. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  keep = self->keep_position;
  self->loading = FALSE;
  if (rows == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      cd_list_view_update_actions (self);
      g_signal_emit (self, cd_list_view_signals[CD_LIST_VIEW_SIGNAL_LOADED], 0);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (n == rows->len && n > 0)
    /* The same rows (a list's rows never come or go): only those that changed are replaced, so
     * a reload while the batch works keeps the officer's place in a long list. */
    update_rows (self, rows);
  else
    {
      objects = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < rows->len; i++)
        {
          g_ptr_array_add (objects, row_object_new (rows->pdata[i]));
          rows->pdata[i] = NULL;
        }
      g_list_store_splice (self->store, 0, n, objects->pdata, objects->len);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "rows" : "empty");
  if (n > 0 && gtk_single_selection_get_selected (self->selection) != MIN (keep, n - 1))
    gtk_single_selection_set_selected (self->selection, MIN (keep, n - 1));
  /* The figures as stored, until a run gives its own. */
  if (!self->batch_running)
    {
      RowCounts counts = count_rows (self);

      cd_list_view_set_progress (self, counts.done, counts.total, counts.failed);
    }
  /* A batch the view did not start still settles rows: read them again until it ends. */
  if (cd_list_view_batch_settling (self) && self->reload_timeout == 0)
    self->reload_timeout = g_timeout_add_seconds (1, cd_list_view_on_reload_timeout, self);
  else if (!cd_list_view_batch_settling (self) && !self->batch_running)
    g_clear_handle_id (&self->reload_timeout, g_source_remove);
  show_findings (self);
  cd_list_view_update_actions (self);
  g_signal_emit (self, cd_list_view_signals[CD_LIST_VIEW_SIGNAL_LOADED], 0);
}

void
cd_list_view_reload (CdListView *self)
{
  const char *db_path;
  guint selected;

  g_return_if_fail (CD_IS_LIST_VIEW (self));

  db_path = cd_context_get_db_path (self->context);
  if (db_path == NULL)
    return;
  selected = gtk_single_selection_get_selected (self->selection);
  if (selected != GTK_INVALID_LIST_POSITION)
    self->keep_position = selected;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  self->loading = TRUE;
  cd_list_view_update_actions (self);
  cd_employer_lists_read_async (db_path, self->list_id, self->load_cancellable, load_done, self);
}

/* ---- state ---------------------------------------------------------------------------------- */

gint64
cd_list_view_get_list_id (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), 0);
  return self->list_id;
}

gboolean
cd_list_view_get_loading (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), FALSE);
  return self->loading;
}

gboolean
cd_list_view_get_busy (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), FALSE);
  return cd_list_view_busy (self);
}

gboolean
cd_list_view_get_batch_running (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), FALSE);
  return self->batch_running || self->batch_starting;
}

const char *
cd_list_view_get_progress_text (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->progress_text;
}

const char *
cd_list_view_get_approval_text (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->approval_text;
}

const char *
cd_list_view_get_exported_path (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->exported_path;
}

const char *
cd_list_view_get_last_error (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->last_error;
}

GtkSingleSelection *
cd_list_view_get_selection (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->selection;
}

guint
cd_list_view_get_n_rows (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

char *
cd_list_view_dup_cell_text (CdListView       *self,
                            guint             position,
                            CdListViewColumn  column)
{
  const CdStoredListRow *row;

  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  g_return_val_if_fail (column < CD_LIST_VIEW_N_COLUMNS, NULL);

  row = cd_list_view_row_at (self, position);
  return row != NULL ? cd_list_view_format_cell (row, column) : NULL;
}

const char *
cd_list_view_get_findings_text (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->findings_text;
}

/* ---- GObject -------------------------------------------------------------------------------- */

GtkWidget *
cd_list_view_new (CdContext  *context,
                  gint64      list_id,
                  const char *title)
{
  g_return_val_if_fail (CD_IS_CONTEXT (context), NULL);

  return g_object_new (CD_TYPE_LIST_VIEW, "context", context, "list-id", list_id, "title", title,
                       NULL);
}

static void
cd_list_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CdListView *self = CD_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_LIST_ID:
      g_value_set_int64 (value, self->list_id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_list_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CdListView *self = CD_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_LIST_ID:
      self->list_id = g_value_get_int64 (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Focus goes to the rows, where the triage keys work. */
static gboolean
cd_list_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CD_LIST_VIEW (widget)->column_view));
}

/* Another user, or the writer opened or closed: what may be done now changes. */
static void
on_backend_changed (CdListView *self)
{
  cd_list_view_update_actions (self);
}

static void
cd_list_view_constructed (GObject *object)
{
  CdListView *self = CD_LIST_VIEW (object);

  G_OBJECT_CLASS (cd_list_view_parent_class)->constructed (object);

  gtk_label_set_text (self->title_label, self->title != NULL ? self->title : "");
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::database", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  cd_list_view_update_actions (self);
  cd_list_view_reload (self);
}

/* Work under way stops with the view: loads are cancelled at once; the batch stops after the rows
 * in flight (the rows it worked stay worked); a triage or approval job finishes what it started.
 * The jobs hold the view weakly (cd_list_view_weak_ref_new), so it goes as soon as its window
 * lets it go. */
static void
cd_list_view_dispose (GObject *object)
{
  CdListView *self = CD_LIST_VIEW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->batch_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_timeout, g_source_remove);
  g_clear_object (&self->run);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_LIST_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_list_view_parent_class)->dispose (object);
}

static void
cd_list_view_finalize (GObject *object)
{
  CdListView *self = CD_LIST_VIEW (object);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->batch_cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->title);
  g_free (self->progress_text);
  g_free (self->approval_text);
  g_free (self->export_path);
  g_free (self->exported_path);
  g_free (self->last_error);
  g_free (self->findings_text);
  G_OBJECT_CLASS (cd_list_view_parent_class)->finalize (object);
}

static void
cd_list_view_class_init (CdListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_list_view_get_property;
  object_class->set_property = cd_list_view_set_property;
  object_class->constructed = cd_list_view_constructed;
  object_class->dispose = cd_list_view_dispose;
  object_class->finalize = cd_list_view_finalize;
  widget_class->grab_focus = cd_list_view_grab_focus;

  /* Where the rows are read and decided, by whom: the view follows the context. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIST_ID] =
    g_param_spec_int64 ("list-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Rows or claims changed: the window refreshes its counts. */
  cd_list_view_signals[CD_LIST_VIEW_SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A reload of the rows finished (or failed). */
  cd_list_view_signals[CD_LIST_VIEW_SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A short summary for a toast. */
  cd_list_view_signals[CD_LIST_VIEW_SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-list-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CdListView, approval_label);
  gtk_widget_class_bind_template_child (widget_class, CdListView, approval_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdListView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CdListView, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdListView, findings_label);
  gtk_widget_class_bind_template_child (widget_class, CdListView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CdListView, start_button);
  gtk_widget_class_bind_template_child (widget_class, CdListView, stack);
  gtk_widget_class_bind_template_child (widget_class, CdListView, title_label);

  cd_list_view_batch_class_init (widget_class);
  cd_list_view_triage_class_init (widget_class);
  cd_list_view_export_class_init (widget_class);

  /* Triage by keyboard: one key per decision on the selected row. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0, "list.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_A,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "list.accept-ready",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "list.refuse", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "list.return", NULL);
}

static void
cd_list_view_init (CdListView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  for (int i = 0; i < CD_LIST_VIEW_N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      if (columns[i].width > 0)
        gtk_column_view_column_set_fixed_width (column, columns[i].width);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}
