/* cd-payout-page.c — payout batches: list, new batch, detail with totals, CSV export, approval. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-format.h"
#include "cd-payout-page.h"
#include "cd-resources.h"

struct _CdPayoutPage
{
  AdwBin          parent_instance;

  char           *db_path;
  CdSession      *session;
  GCancellable   *cancellable;
  guint           n_running;
  guint           generation;   /* of the latest operation that refreshes the view */
  guint           n_batches;
  gint64          selected_id;
  CdPayoutBatch  *batch;        /* on show, with items */
  char           *error;
  GtkFileChooserNative *chooser;

  /* Template widgets */
  GtkListBox     *batch_list;
  GtkLabel       *batch_status;
  GtkLabel       *batch_title;
  GtkStack       *detail_stack;
  GtkLabel       *error_label;
  GtkListBox     *items_list;
  GtkLabel       *read_only_label;
  GtkListBox     *totals_list;
};

G_DEFINE_FINAL_TYPE (CdPayoutPage, cd_payout_page, ADW_TYPE_BIN)

enum {
  SIGNAL_CHANGED,
  SIGNAL_LOADED,
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
can_act (CdPayoutPage *self)
{
  return self->session != NULL && cd_session_get_role (self->session) == CD_ROLE_SUPERVISOR;
}

/* The one place the actions' enabled state is set. */
static void
update_actions (CdPayoutPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = self->n_running == 0 && self->db_path != NULL;
  gboolean open = self->batch != NULL && g_strcmp0 (self->batch->state, "open") == 0;

  gtk_widget_action_set_enabled (widget, "payout.create", idle && can_act (self));
  gtk_widget_action_set_enabled (widget, "payout.approve", idle && open && can_act (self));
  gtk_widget_action_set_enabled (widget, "payout.export",
                                 idle && self->batch != NULL && can_act (self));
  gtk_widget_set_visible (GTK_WIDGET (self->read_only_label), !can_act (self));
}

static const char *
state_label (const char *state)
{
  if (g_strcmp0 (state, "open") == 0)
    return _("Open");
  if (g_strcmp0 (state, "approved") == 0)
    return _("Approved");
  if (g_strcmp0 (state, "exported") == 0)
    return _("Exported");
  return state;
}

static char *
format_day (const char *timestamp)
{
  g_autofree char *day = timestamp != NULL ? g_strndup (timestamp, 10) : NULL;
  char *text = day != NULL ? cd_format_date_vi (day) : NULL;

  return text != NULL ? text : g_strdup (timestamp != NULL ? timestamp : "");
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
value_row (const char *title,
           const char *subtitle,
           const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static void
show_batches (CdPayoutPage *self,
              GPtrArray    *batches)
{
  clear_list (self->batch_list);
  self->n_batches = batches->len;
  for (guint i = 0; i < batches->len; i++)
    {
      CdPayoutBatch *b = batches->pdata[i];
      g_autofree char *title = g_strdup_printf (_("Batch %lld"), (long long) b->id);
      g_autofree char *money = cd_format_money_vnd (b->total);
      g_autofree char *count = g_strdup_printf (
          ngettext ("%u decision", "%u decisions", b->n_items), b->n_items);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", state_label (b->state), count);
      GtkWidget *row = value_row (title, subtitle, money);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "cd-batch-id", g_memdup2 (&b->id, sizeof b->id),
                              g_free);
      gtk_list_box_append (self->batch_list, row);
      if (b->id == self->selected_id)
        gtk_list_box_select_row (self->batch_list, GTK_LIST_BOX_ROW (row));
    }
}

static void
show_batch (CdPayoutPage  *self,
            CdPayoutBatch *batch)
{
  g_autofree char *title = NULL;
  g_autofree char *status = NULL;
  g_autofree char *made = NULL;

  g_clear_pointer (&self->batch, cd_payout_batch_free);
  self->batch = batch;
  clear_list (self->totals_list);
  clear_list (self->items_list);
  if (batch == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  title = g_strdup_printf (_("Payout Batch %lld"), (long long) batch->id);
  gtk_label_set_text (self->batch_title, title);
  made = format_day (batch->created_at);
  if (batch->approved_by != NULL)
    {
      g_autofree char *approved = format_day (batch->approved_at);

      status = g_strdup_printf (_("%s. Made by %s on %s, approved by %s on %s."),
                                state_label (batch->state), batch->created_by, made,
                                batch->approved_by, approved);
    }
  else
    status = g_strdup_printf (_("%s. Made by %s on %s; another supervisor approves it."),
                              state_label (batch->state), batch->created_by, made);
  gtk_label_set_text (self->batch_status, status);

  for (guint i = 0; i < batch->totals->len; i++)
    {
      CdPayoutTotal *t = &g_array_index (batch->totals, CdPayoutTotal, i);
      g_autofree char *money = cd_format_money_vnd (t->amount);
      g_autofree char *count = g_strdup_printf (
          ngettext ("%u decision", "%u decisions", t->count), t->count);

      gtk_list_box_append (self->totals_list,
                           value_row (cd_benefit_get_label (t->benefit), count, money));
    }
  {
    g_autofree char *money = cd_format_money_vnd (batch->total);
    g_autofree char *count = g_strdup_printf (
        ngettext ("%u decision", "%u decisions", batch->n_items), batch->n_items);

    gtk_list_box_append (self->totals_list, value_row (_("Total"), count, money));
  }

  for (guint i = 0; i < batch->items->len; i++)
    {
      CdPayoutItem *item = batch->items->pdata[i];
      g_autofree char *money = cd_format_money_vnd (item->amount);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", item->claimant,
                                                   cd_benefit_get_label (item->benefit));

      gtk_list_box_append (self->items_list, value_row (item->claim_number, subtitle, money));
    }
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
set_error (CdPayoutPage *self,
           const char   *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* ---- operations off the main loop ------------------------------------------------------------*/

typedef enum
{
  OP_REFRESH,   /* the list, and the selected batch */
  OP_CREATE,
  OP_APPROVE,
  OP_EXPORT,
} OpKind;

typedef struct
{
  OpKind      kind;
  guint       generation;
  char       *db_path;
  CdSession  *session;
  gint64      batch_id;
  char       *path;
  /* Results */
  GPtrArray     *batches;
  CdPayoutBatch *batch;
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->db_path);
  g_clear_object (&op->session);
  g_free (op->path);
  g_clear_pointer (&op->batches, g_ptr_array_unref);
  g_clear_pointer (&op->batch, cd_payout_batch_free);
  g_free (op);
}

static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Op *op = task_data;
  g_autoptr(CdDatabase) db = NULL;
  GError *error = NULL;

  if (op->kind == OP_CREATE || op->kind == OP_APPROVE)
    db = cd_database_open_unchecked (op->db_path, &error);
  else
    db = cd_database_open_reader (op->db_path, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  switch (op->kind)
    {
    case OP_CREATE:
      op->batch_id = cd_payout_create (db, op->session, &error);
      if (op->batch_id == 0)
        {
          g_task_return_error (task, error);
          return;
        }
      break;
    case OP_APPROVE:
      if (!cd_payout_approve (db, op->session, op->batch_id, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      break;
    case OP_EXPORT:
      if (!cd_payout_export_csv (db, op->batch_id, op->path, &error))
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    case OP_REFRESH:
    default:
      break;
    }

  op->batches = cd_payout_list (db, &error);
  if (op->batches != NULL && op->batch_id > 0)
    op->batch = cd_payout_load (db, op->batch_id, &error);
  if (op->batches == NULL || (op->batch_id > 0 && op->batch == NULL))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
op_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CdPayoutPage) self = user_data;
  Op *op = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (self->batch_list == NULL)
    return;
  self->n_running--;

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_error (self, error->message);
          g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
        }
    }
  else
    {
      set_error (self, NULL);
      if (op->kind == OP_EXPORT)
        {
          g_autofree char *message = g_strdup_printf (_("Payout batch %lld exported to %s"),
                                                      (long long) op->batch_id, op->path);
          g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
        }
      else if (op->generation == self->generation)
        {
          self->selected_id = op->batch_id;
          show_batches (self, op->batches);
          show_batch (self, g_steal_pointer (&op->batch));
          if (op->kind == OP_CREATE)
            g_signal_emit (self, signals[SIGNAL_TOAST], 0, _("Payout batch created"));
          else if (op->kind == OP_APPROVE)
            g_signal_emit (self, signals[SIGNAL_TOAST], 0, _("Payout batch approved"));
        }
      if (op->kind == OP_CREATE || op->kind == OP_APPROVE)
        g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
start_op (CdPayoutPage *self,
          OpKind        kind,
          gint64        batch_id,
          const char   *path)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Op *op;

  if (self->db_path == NULL)
    return;
  /* Here, on the main loop: a session that has been idle too long locks (and notifies) now, not
   * from the worker thread; otherwise the activity is recorded. */
  if ((kind == OP_CREATE || kind == OP_APPROVE)
      && !cd_session_begin_action (self->session, &error))
    {
      set_error (self, error->message);
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
      return;
    }
  op = g_new0 (Op, 1);
  op->kind = kind;
  op->db_path = g_strdup (self->db_path);
  op->session = self->session != NULL ? g_object_ref (self->session) : NULL;
  op->batch_id = batch_id;
  op->path = g_strdup (path);
  if (kind != OP_EXPORT)
    op->generation = ++self->generation;

  self->n_running++;
  update_actions (self);
  task = g_task_new (NULL, self->cancellable, op_done, g_object_ref (self));
  g_task_set_source_tag (task, start_op);
  g_task_set_task_data (task, op, op_free);
  g_task_run_in_thread (task, op_thread);
}

void
cd_payout_page_reload (CdPayoutPage *self)
{
  g_return_if_fail (CD_IS_PAYOUT_PAGE (self));

  start_op (self, OP_REFRESH, self->selected_id, NULL);
}

void
cd_payout_page_select_batch (CdPayoutPage *self,
                             gint64        batch_id)
{
  g_return_if_fail (CD_IS_PAYOUT_PAGE (self));

  set_error (self, NULL);
  start_op (self, OP_REFRESH, batch_id, NULL);
}

void
cd_payout_page_export_to (CdPayoutPage *self,
                          const char   *path)
{
  g_return_if_fail (CD_IS_PAYOUT_PAGE (self));
  g_return_if_fail (path != NULL);

  if (self->batch == NULL)
    return;
  start_op (self, OP_EXPORT, self->batch->id, path);
}

void
cd_payout_page_set_backend (CdPayoutPage *self,
                            const char   *db_path,
                            CdSession    *session)
{
  g_return_if_fail (CD_IS_PAYOUT_PAGE (self));
  g_return_if_fail (session == NULL || CD_IS_SESSION (session));

  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  g_set_object (&self->session, session);
  set_error (self, NULL);
  update_actions (self);
  cd_payout_page_reload (self);
}

/* ---- actions ---------------------------------------------------------------------------------*/

static void
on_batch_row_activated (CdPayoutPage  *self,
                        GtkListBoxRow *row)
{
  const gint64 *id = g_object_get_data (G_OBJECT (row), "cd-batch-id");

  if (id != NULL)
    cd_payout_page_select_batch (self, *id);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdPayoutPage *self = CD_PAYOUT_PAGE (widget);

  set_error (self, NULL);
  start_op (self, OP_CREATE, 0, NULL);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdPayoutPage *self = CD_PAYOUT_PAGE (widget);

  if (self->batch == NULL)
    return;
  set_error (self, NULL);
  start_op (self, OP_APPROVE, self->batch->id, NULL);
}

static void
on_chooser_response (CdPayoutPage         *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        cd_payout_page_export_to (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdPayoutPage *self = CD_PAYOUT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->batch == NULL || self->chooser != NULL)
    return;
  /* TRANSLATORS: the suggested file name of a payout batch's CSV; keep it a file name. */
  name = g_strdup_printf (_("payout-batch-%lld.csv"), (long long) self->batch->id);
  self->chooser = gtk_file_chooser_native_new (_("Export Payout List"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- state -----------------------------------------------------------------------------------*/

gboolean
cd_payout_page_get_busy (CdPayoutPage *self)
{
  g_return_val_if_fail (CD_IS_PAYOUT_PAGE (self), FALSE);
  return self->n_running > 0;
}

gboolean
cd_payout_page_get_read_only (CdPayoutPage *self)
{
  g_return_val_if_fail (CD_IS_PAYOUT_PAGE (self), TRUE);
  return !can_act (self);
}

guint
cd_payout_page_get_n_batches (CdPayoutPage *self)
{
  g_return_val_if_fail (CD_IS_PAYOUT_PAGE (self), 0);
  return self->n_batches;
}

const CdPayoutBatch *
cd_payout_page_get_batch (CdPayoutPage *self)
{
  g_return_val_if_fail (CD_IS_PAYOUT_PAGE (self), NULL);
  return self->batch;
}

const char *
cd_payout_page_get_error (CdPayoutPage *self)
{
  g_return_val_if_fail (CD_IS_PAYOUT_PAGE (self), NULL);
  return self->error;
}

/* ---- GObject ---------------------------------------------------------------------------------*/

GtkWidget *
cd_payout_page_new (void)
{
  return g_object_new (CD_TYPE_PAYOUT_PAGE, NULL);
}

static void
cd_payout_page_dispose (GObject *object)
{
  CdPayoutPage *self = CD_PAYOUT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_PAYOUT_PAGE);
  /* Late callbacks look at the list to know the page is gone. */
  self->batch_list = NULL;
  g_clear_object (&self->session);
  g_clear_pointer (&self->batch, cd_payout_batch_free);

  G_OBJECT_CLASS (cd_payout_page_parent_class)->dispose (object);
}

static void
cd_payout_page_finalize (GObject *object)
{
  CdPayoutPage *self = CD_PAYOUT_PAGE (object);

  g_free (self->db_path);
  g_free (self->error);
  G_OBJECT_CLASS (cd_payout_page_parent_class)->finalize (object);
}

static void
cd_payout_page_class_init (CdPayoutPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_payout_page_dispose;
  object_class->finalize = cd_payout_page_finalize;

  /* A batch was made or approved: the window refreshes its counts. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* An operation finished (or failed). */
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A short message for a toast. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-payout-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPayoutPage, batch_list);
  gtk_widget_class_bind_template_child (widget_class, CdPayoutPage, batch_status);
  gtk_widget_class_bind_template_child (widget_class, CdPayoutPage, batch_title);
  gtk_widget_class_bind_template_child (widget_class, CdPayoutPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, CdPayoutPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdPayoutPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, CdPayoutPage, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, CdPayoutPage, totals_list);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_row_activated);

  gtk_widget_class_install_action (widget_class, "payout.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "payout.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "payout.export", NULL, export_action);
}

static void
cd_payout_page_init (CdPayoutPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  update_actions (self);
}
