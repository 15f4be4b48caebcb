/* cd-payout-page.c — payout batches: list, new batch, detail with totals, CSV export, approval. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-payout-alive.h"
#include "cd-payout-page.h"
#include "cd-resources.h"

struct _CdPayoutPage
{
  AdwBin          parent_instance;

  CdContext      *context;
  GCancellable   *cancellable;  /* everything under way; cancelled in dispose */
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
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  SIGNAL_LOADED,
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static CdSession *
session (CdPayoutPage *self)
{
  return cd_context_get_session (self->context);
}

static gboolean
can_act (CdPayoutPage *self)
{
  return session (self) != NULL
         && (CD_ROLES_SUPERVISING & CD_ROLE_BIT (cd_session_get_role (session (self)))) != 0;
}

/* The one place the actions' enabled state is set. Making and approving a batch write, so they
 * wait for the context's writer as well. */
static void
update_actions (CdPayoutPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = self->n_running == 0 && cd_context_get_db_path (self->context) != NULL;
  gboolean writable = cd_context_get_database (self->context) != NULL;
  gboolean open = self->batch != NULL && g_strcmp0 (self->batch->state, "open") == 0;

  gtk_widget_action_set_enabled (widget, "payout.create", idle && writable && can_act (self));
  gtk_widget_action_set_enabled (widget, "payout.approve",
                                 idle && writable && open && can_act (self));
  gtk_widget_action_set_enabled (widget, "payout.export",
                                 idle && self->batch != NULL && can_act (self));
  gtk_widget_set_visible (GTK_WIDGET (self->read_only_label), !can_act (self));
}

static char *
format_day (const char *timestamp)
{
  g_autofree char *day = timestamp != NULL ? g_strndup (timestamp, 10) : NULL;
  char *text = day != NULL ? cd_format_date_vi (day) : NULL;

  return text != NULL ? text : g_strdup (timestamp != NULL ? timestamp : "");
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
  cd_list_box_remove_all (self->batch_list);
  self->n_batches = batches->len;
  for (guint i = 0; i < batches->len; i++)
    {
      CdPayoutBatch *b = batches->pdata[i];
      g_autofree char *title = g_strdup_printf (_("Batch %lld"), (long long) b->id);
      g_autofree char *money = cd_format_money_vnd (b->total);
      g_autofree char *count = g_strdup_printf (
          ngettext ("%u decision", "%u decisions", b->n_items), b->n_items);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", cd_label_payout_state (b->state),
                                                   count);
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
  cd_list_box_remove_all (self->totals_list);
  cd_list_box_remove_all (self->items_list);
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
                                cd_label_payout_state (batch->state), batch->created_by, made,
                                batch->approved_by, approved);
    }
  else
    status = g_strdup_printf (_("%s. Made by %s on %s; another supervisor approves it."),
                              cd_label_payout_state (batch->state), batch->created_by, made);
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

/* Every operation ends here: it says what failed (or clears the last failure) and emits
 * ::loaded. */
static void
finish_op (CdPayoutPage *self,
           const char   *failure)
{
  self->n_running--;
  set_error (self, failure);
  if (failure != NULL)
    g_signal_emit (self, signals[SIGNAL_TOAST], 0, failure);
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
start_op (CdPayoutPage *self)
{
  self->n_running++;
  update_actions (self);
}

/* The list, and the batch `batch_id` (none: 0): read one after the other, shown together. A newer
 * refresh makes this one's results stale; they are then dropped. */
typedef struct
{
  CdPayoutPage *self;  /* not a reference: the page's cancellable stops this before it goes */
  guint         generation;
  gint64        batch_id;
  GPtrArray    *batches;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_pointer (&refresh->batches, g_ptr_array_unref);
  g_free (refresh);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Refresh, refresh_free)

static void
show_refresh (Refresh       *refresh,
              CdPayoutBatch *batch)
{
  CdPayoutPage *self = refresh->self;

  if (refresh->generation == self->generation)
    {
      self->selected_id = refresh->batch_id;
      show_batches (self, refresh->batches);
      show_batch (self, batch);
    }
  else
    g_clear_pointer (&batch, cd_payout_batch_free);
  finish_op (self, NULL);
}

static void
on_batch_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Refresh) refresh = user_data;
  g_autoptr(GError) error = NULL;
  CdPayoutBatch *batch = cd_payout_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (batch == NULL)
    finish_op (refresh->self, error->message);
  else
    show_refresh (refresh, batch);
}

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Refresh) refresh = user_data;
  g_autoptr(GError) error = NULL;
  CdPayoutPage *self;

  refresh->batches = cd_payout_list_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = refresh->self;
  if (refresh->batches == NULL)
    finish_op (self, error->message);
  else if (refresh->batch_id > 0 && cd_context_get_db_path (self->context) != NULL)
    {
      gint64 batch_id = refresh->batch_id;

      cd_payout_load_async (cd_context_get_db_path (self->context), batch_id, self->cancellable,
                            on_batch_loaded, g_steal_pointer (&refresh));
    }
  else
    show_refresh (refresh, NULL);
}

static gboolean
refresh (CdPayoutPage *self,
         gint64        batch_id)
{
  const char *db_path = cd_context_get_db_path (self->context);
  Refresh *r;

  if (db_path == NULL)
    return FALSE;
  r = g_new0 (Refresh, 1);
  r->self = self;
  r->generation = ++self->generation;
  r->batch_id = batch_id;
  start_op (self);
  cd_payout_list_async (db_path, self->cancellable, on_listed, r);
  return TRUE;
}

/* A batch was made or approved: say so, then show it as it now is. The write's operation ends
 * once the refresh has begun, so the page stays busy until the batch is on show. */
static void
after_write (CdPayoutPage *self,
             gint64        batch_id,
             const char   *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  if (refresh (self, batch_id))
    self->n_running--;
  else
    finish_op (self, NULL);
}

static void
on_created (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CdPayoutPage *self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = cd_payout_create_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (id == 0)
    {
      finish_op (self, error->message);
      return;
    }
  after_write (self, id, _("Payout batch created"));
}

typedef struct
{
  CdPayoutPage *self;     /* not a reference, as in Refresh */
  gint64        batch_id;
  char         *path;
  CdContext    *context;  /* approving: the trust store is read through it, in the worker */
} BatchOp;

static void
batch_op_free (BatchOp *op)
{
  g_free (op->path);
  g_clear_object (&op->context);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BatchOp, batch_op_free)

static BatchOp *
batch_op_new (CdPayoutPage *self,
              gint64        batch_id,
              const char   *path)
{
  BatchOp *op = g_new0 (BatchOp, 1);

  op->self = self;
  op->batch_id = batch_id;
  op->path = g_strdup (path);
  return op;
}

/* Claimants held back at the approval (dead, or not re-verifiable alive), one sentence each. */
static char *
held_text (GPtrArray *checks)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      CdAliveCheck *check = g_ptr_array_index (checks, i);

      if (check->message == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, check->message);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
on_approved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BatchOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *held = NULL;
  g_autofree char *message = NULL;

  if (!cd_payout_approve_alive_finish (result, &checks, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_op (op->self, error->message);
      return;
    }
  held = held_text (checks);
  if (held == NULL)
    message = g_strdup (_("Payout batch approved"));
  else
    message = g_strdup_printf (_("Payout batch approved. Held back: %s"), held);
  after_write (op->self, op->batch_id, message);
}

static CdTrustStore *
load_trust (gpointer   data,
            GError   **error)
{
  CdTrustStore *trust = cd_context_get_trust_store (data, error);

  return trust != NULL ? g_object_ref (trust) : NULL;
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BatchOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!cd_payout_export_csv_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_op (op->self, error->message);
      return;
    }
  message = g_strdup_printf (_("Payout batch %lld exported to %s"), (long long) op->batch_id,
                             op->path);
  g_signal_emit (op->self, signals[SIGNAL_TOAST], 0, message);
  finish_op (op->self, NULL);
}

void
cd_payout_page_reload (CdPayoutPage *self)
{
  g_return_if_fail (CD_IS_PAYOUT_PAGE (self));

  refresh (self, self->selected_id);
}

void
cd_payout_page_select_batch (CdPayoutPage *self,
                             gint64        batch_id)
{
  g_return_if_fail (CD_IS_PAYOUT_PAGE (self));

  set_error (self, NULL);
  refresh (self, batch_id);
}

void
cd_payout_page_export_to (CdPayoutPage *self,
                          const char   *path)
{
  const char *db_path;

  g_return_if_fail (CD_IS_PAYOUT_PAGE (self));
  g_return_if_fail (path != NULL);

  db_path = cd_context_get_db_path (self->context);
  if (self->batch == NULL || db_path == NULL)
    return;
  start_op (self);
  cd_payout_export_csv_async (db_path, self->batch->id, path, self->cancellable, on_exported,
                              batch_op_new (self, self->batch->id, path));
}

/* Another user, or nobody: what may be done changes, and the list is read again. */
static void
on_session_changed (CdPayoutPage *self)
{
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
  CdDatabase *db = cd_context_get_database (self->context);

  if (db == NULL || session (self) == NULL)
    return;
  set_error (self, NULL);
  start_op (self);
  cd_payout_create_async (db, session (self), self->cancellable, on_created, self);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdPayoutPage *self = CD_PAYOUT_PAGE (widget);
  CdDatabase *db = cd_context_get_database (self->context);

  if (self->batch == NULL || db == NULL || session (self) == NULL)
    return;
  set_error (self, NULL);
  start_op (self);
  {
    BatchOp *op = batch_op_new (self, self->batch->id, NULL);

    /* Claimants are re-verified alive first, through the context's sources when it has them
     * (cd-payout-alive.h); the dead and the unverifiable are held back. */
    op->context = g_object_ref (self->context);
    cd_payout_approve_alive_async (db, session (self),
                                   cd_context_get_evidence_fetcher (self->context), load_trust,
                                   op->context, self->batch->id, self->cancellable, on_approved,
                                   op);
  }
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
cd_payout_page_new (CdContext *context)
{
  g_return_val_if_fail (context == NULL || CD_IS_CONTEXT (context), NULL);

  return g_object_new (CD_TYPE_PAYOUT_PAGE, "context", context, NULL);
}

static void
cd_payout_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CdPayoutPage *self = CD_PAYOUT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_payout_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CdPayoutPage *self = CD_PAYOUT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_payout_page_constructed (GObject *object)
{
  CdPayoutPage *self = CD_PAYOUT_PAGE (object);

  G_OBJECT_CLASS (cd_payout_page_parent_class)->constructed (object);

  /* Made without one (a template test's), the page has a context of its own: no store, nobody. */
  if (self->context == NULL)
    self->context = cd_context_new ();
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_session_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::db-path",
                           G_CALLBACK (cd_payout_page_reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::database", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  update_actions (self);
  cd_payout_page_reload (self);
}

static void
cd_payout_page_dispose (GObject *object)
{
  CdPayoutPage *self = CD_PAYOUT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_PAYOUT_PAGE);
  g_clear_pointer (&self->batch, cd_payout_batch_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_payout_page_parent_class)->dispose (object);
}

static void
cd_payout_page_finalize (GObject *object)
{
  CdPayoutPage *self = CD_PAYOUT_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->error);
  G_OBJECT_CLASS (cd_payout_page_parent_class)->finalize (object);
}

static void
cd_payout_page_class_init (CdPayoutPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_payout_page_get_property;
  object_class->set_property = cd_payout_page_set_property;
  object_class->constructed = cd_payout_page_constructed;
  object_class->dispose = cd_payout_page_dispose;
  object_class->finalize = cd_payout_page_finalize;

  /* Where the batches are and who acts on them: the page follows its store and its session. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
}
