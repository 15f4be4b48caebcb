/* cd-sync-indicator.c — the sync state in the header bar, and the sync log. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-connection-state.h"
#include "cd-evidence-store.h"
#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-resources.h"
#include "cd-sync-indicator.h"
#include "cd-sync-log-row.h"
#include "cd-sync-log.h"
#include "cd-sync-worker.h"

#define LOG_LIMIT 50

struct _CdSyncIndicator
{
  AdwBin         parent_instance;

  GtkMenuButton *button;
  GtkImage      *icon;
  GtkLabel      *label;
  GtkPopover    *popover;
  GtkLabel      *status_title;
  GtkLabel      *counts_label;
  GtkLabel      *error_label;
  GtkListBox    *log_list;
  GtkLabel      *offline_label;
  GtkLabel      *waiting_label;
  GtkBox        *contacts_box;

  CdContext     *context;
  CdSyncWorker  *worker;        /* the context's, while it has one */
  guint          n_log_rows;
  gboolean       heard;         /* the worker reported at least once: its counts are real */
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (CdSyncIndicator, cd_sync_indicator, ADW_TYPE_BIN)

enum {
  SIGNAL_LOG_LOADED,
  SIGNAL_CONNECTION_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
cd_sync_indicator_new (void)
{
  return g_object_new (CD_TYPE_SYNC_INDICATOR, NULL);
}

/* The one place that turns the worker's state into what is shown. */
static void
update (CdSyncIndicator *self)
{
  CdSyncCounts counts = { 0 };
  g_autofree char *last_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *details = NULL;
  const char *icon;
  const char *title;
  gboolean running;
  guint problems, waiting;

  if (self->worker == NULL)
    {
      gtk_image_set_from_icon_name (self->icon, "network-offline-symbolic");
      gtk_label_set_text (self->label, _("Not connected"));
      gtk_label_set_text (self->status_title, _("Not connected"));
      gtk_label_set_text (self->counts_label,
                          _("No central system address is set: decisions wait in the queue. "
                            "Set the address in Preferences."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.sync-now", FALSE);
      return;
    }

  cd_sync_worker_get_counts (self->worker, &counts);
  last_error = cd_sync_worker_dup_last_error (self->worker);
  running = cd_sync_worker_is_running (self->worker);
  problems = counts.refused + counts.quarantined;
  waiting = counts.queued + counts.sending;

  if (!self->heard && !running)
    {
      icon = "emblem-synchronizing-symbolic";
      text = g_strdup (_("Checking…"));
      title = _("Reading the outbox");
    }
  else if (running)
    {
      icon = "emblem-synchronizing-symbolic";
      text = g_strdup (_("Syncing…"));
      title = _("Sending decisions to the central system");
    }
  else if (problems > 0)
    {
      icon = "dialog-warning-symbolic";
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem", "%u problems", problems),
                              problems);
      title = _("Some decisions need a person");
    }
  else if (waiting > 0 && last_error != NULL)
    {
      icon = "network-offline-symbolic";
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline · %u queued",
                                           "Offline · %u queued", waiting), waiting);
      title = _("The central system cannot be reached; decisions wait in the queue");
    }
  else if (waiting > 0)
    {
      icon = "mail-send-symbolic";
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u queued", "%u queued", waiting),
                              waiting);
      title = _("Decisions wait for the next delivery");
    }
  else
    {
      icon = "emblem-ok-symbolic";
      text = g_strdup (_("Online"));
      title = _("Every decision has reached the central system");
    }

  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_text (self->label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), title);
  gtk_label_set_text (self->status_title, title);
  {
    g_autofree char *queued = cd_format_integer_vi (waiting);
    g_autofree char *acknowledged = cd_format_integer_vi (counts.acknowledged);
    g_autofree char *refused = cd_format_integer_vi (counts.refused);
    g_autofree char *quarantined = cd_format_integer_vi (counts.quarantined);

    details = g_strdup_printf (_("Waiting: %s · delivered: %s · refused by central: %s · set "
                                 "aside: %s"), queued, acknowledged, refused, quarantined);
  }
  gtk_label_set_text (self->counts_label, details);
  gtk_label_set_text (self->error_label, last_error != NULL ? last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), last_error != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.sync-now", !running);
}

/* ---- the connection: offline since, what waits, each system's last contact ------------------ */

static void
on_connection_read (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CdSyncIndicator) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdConnectionState) state = cd_connection_state_load_finish (result, &error);
  g_autoptr(GDateTime) now = NULL;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->contacts_box))) != NULL)
    gtk_box_remove (self->contacts_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->offline_label), state != NULL
                                                            && state->offline_since != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), state != NULL);
  if (state == NULL)
    {
      /* The log below says why the store could not be read. */
      g_signal_emit (self, signals[SIGNAL_CONNECTION_LOADED], 0);
      return;
    }
  now = cd_clock_get_now (self->context != NULL ? cd_context_get_clock (self->context)
                                                : cd_clock_get_default ());
  if (state->offline_since != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (state->offline_since);
      g_autofree char *when = g_date_time_format (local, "%H:%M %d/%m/%Y");
      g_autofree char *text = g_strdup_printf (_("Offline since %s"), when);

      gtk_label_set_text (self->offline_label, text);
    }
  {
    g_autofree char *count = cd_format_integer_vi (state->waiting_decisions);
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Waiting: %s decision",
                                                          "Waiting: %s decisions",
                                                          state->waiting_decisions), count);

    gtk_label_set_text (self->waiting_label, text);
  }
  for (guint i = 0; i < state->systems->len; i++)
    {
      const CdSystemContact *contact = g_ptr_array_index (state->systems, i);
      g_autofree char *age = NULL;
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (contact->last_success != NULL)
        {
          age = cd_evidence_describe_age (contact->last_success, now);
          /* TRANSLATORS: "Central: last contact 10 minutes ago" */
          text = g_strdup_printf (_("%s: last contact %s"),
                                  cd_label_source_system (contact->system), age);
        }
      else
        text = g_strdup_printf (_("%s: no contact yet"), cd_label_source_system (contact->system));
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->contacts_box, label);
    }
  g_signal_emit (self, signals[SIGNAL_CONNECTION_LOADED], 0);
}

char *
cd_sync_indicator_dup_connection_text (CdSyncIndicator *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *labels[] = { GTK_WIDGET (self->offline_label), GTK_WIDGET (self->waiting_label) };

  g_return_val_if_fail (CD_IS_SYNC_INDICATOR (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (gtk_widget_get_visible (labels[i]))
      g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (labels[i])));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->contacts_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- the log -------------------------------------------------------------------------------- */

static void
on_log_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CdSyncIndicator) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = cd_sync_log_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  cd_list_box_remove_all (self->log_list);
  self->n_log_rows = 0;
  if (items == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      gtk_list_box_append (self->log_list, row);
    }
  else if (items->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No decision has been queued yet."));
      gtk_list_box_append (self->log_list, row);
    }
  else
    for (guint i = 0; i < items->len; i++, self->n_log_rows++)
      gtk_list_box_append (self->log_list, cd_sync_log_row_new (g_ptr_array_index (items, i)));
  g_signal_emit (self, signals[SIGNAL_LOG_LOADED], 0);
}

void
cd_sync_indicator_reload_log (CdSyncIndicator *self)
{
  g_return_if_fail (CD_IS_SYNC_INDICATOR (self));

  if (self->context == NULL || cd_context_get_db_path (self->context) == NULL)
    return;
  cd_sync_log_load_async (cd_context_get_db_path (self->context), CD_SYNC_LOG_PROBLEMS_FIRST,
                          LOG_LIMIT, self->cancellable, on_log_read, g_object_ref (self));
  cd_connection_state_load_async (cd_context_get_db_path (self->context), self->cancellable,
                                  on_connection_read, g_object_ref (self));
}

/* ---- the worker ----------------------------------------------------------------------------- */

static void
on_progress (CdSyncIndicator *self,
             CdSyncWorker    *worker)
{
  self->heard = TRUE;
  update (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    cd_sync_indicator_reload_log (self);
}

/* A "Sync now" run holds only a weak reference to the indicator and the cancellable it was
 * started with: when the indicator leaves its window, that is cancelled and the answer is not
 * for anyone. */
typedef struct
{
  GWeakRef      indicator;
  GCancellable *cancellable;
} SyncNow;

static void
sync_now_free (SyncNow *job)
{
  g_weak_ref_clear (&job->indicator);
  g_object_unref (job->cancellable);
  g_free (job);
}

static void
on_sync_now_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SyncNow *job = user_data;
  g_autoptr(CdSyncIndicator) self = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = cd_sync_worker_run_once_finish (CD_SYNC_WORKER (object), result, NULL, &error);

  if (!g_cancellable_is_cancelled (job->cancellable))
    self = g_weak_ref_get (&job->indicator);
  sync_now_free (job);
  if (self == NULL)
    return;
  update (self);
  /* A store that failed says so in the error label; a dead line is in the worker's counts. */
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  cd_sync_indicator_reload_log (self);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CdSyncIndicator *self = CD_SYNC_INDICATOR (widget);
  SyncNow *job;

  if (self->worker == NULL || cd_sync_worker_is_running (self->worker))
    return;
  job = g_new0 (SyncNow, 1);
  g_weak_ref_init (&job->indicator, self);
  job->cancellable = g_object_ref (self->cancellable);
  cd_sync_worker_run_once_async (self->worker, CD_SYNC_ALL_PENDING, self->cancellable,
                                 on_sync_now_done, job);
  update (self);
}

static void
forget_worker (CdSyncIndicator *self)
{
  if (self->worker == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->worker, on_progress, self);
  g_clear_object (&self->worker);
}

/* The context owns the worker (it follows the store, the central address and who is signed
 * in); the indicator shows whichever it has. */
static void
follow_worker (CdSyncIndicator *self)
{
  CdSyncWorker *worker = self->context != NULL ? cd_context_get_sync_worker (self->context)
                                               : NULL;

  if (worker != self->worker)
    {
      forget_worker (self);
      self->heard = FALSE;
      if (worker != NULL)
        {
          self->worker = g_object_ref (worker);
          g_signal_connect_object (worker, "progress", G_CALLBACK (on_progress), self,
                                   G_CONNECT_SWAPPED);
        }
    }
  update (self);
}

void
cd_sync_indicator_set_context (CdSyncIndicator *self,
                               CdContext       *context)
{
  g_return_if_fail (CD_IS_SYNC_INDICATOR (self));
  g_return_if_fail (context == NULL || CD_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, follow_worker, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "notify::sync-worker", G_CALLBACK (follow_worker), self,
                             G_CONNECT_SWAPPED);
  follow_worker (self);
}

const char *
cd_sync_indicator_get_label (CdSyncIndicator *self)
{
  g_return_val_if_fail (CD_IS_SYNC_INDICATOR (self), NULL);
  return gtk_label_get_text (self->label);
}

guint
cd_sync_indicator_get_n_log_rows (CdSyncIndicator *self)
{
  g_return_val_if_fail (CD_IS_SYNC_INDICATOR (self), 0);
  return self->n_log_rows;
}

/* ---- the template --------------------------------------------------------------------------- */

static void
on_popover_show (CdSyncIndicator *self)
{
  cd_sync_indicator_reload_log (self);
}

static void
cd_sync_indicator_dispose (GObject *object)
{
  CdSyncIndicator *self = CD_SYNC_INDICATOR (object);

  g_cancellable_cancel (self->cancellable);
  forget_worker (self);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, follow_worker, self);
  g_clear_object (&self->context);
  /* No gtk_widget_dispose_template: AdwBin unparents its own child (the button, with its popover).
   */

  G_OBJECT_CLASS (cd_sync_indicator_parent_class)->dispose (object);
}

/* A "Sync now" run holds the indicator until it returns, and a central system that hangs would
 * keep both going long after the window closed: they stop with it. The worker's own loop holds
 * nothing of the indicator and stops in dispose. */
static void
cd_sync_indicator_unroot (GtkWidget *widget)
{
  CdSyncIndicator *self = CD_SYNC_INDICATOR (widget);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  GTK_WIDGET_CLASS (cd_sync_indicator_parent_class)->unroot (widget);
}

static void
cd_sync_indicator_finalize (GObject *object)
{
  CdSyncIndicator *self = CD_SYNC_INDICATOR (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cd_sync_indicator_parent_class)->finalize (object);
}

static void
cd_sync_indicator_class_init (CdSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_sync_indicator_dispose;
  object_class->finalize = cd_sync_indicator_finalize;
  widget_class->unroot = cd_sync_indicator_unroot;

  signals[SIGNAL_LOG_LOADED] =
    g_signal_new ("log-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_CONNECTION_LOADED] =
    g_signal_new ("connection-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, contacts_box);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, counts_label);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, log_list);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, offline_label);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, status_title);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, waiting_label);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);

  gtk_widget_class_install_action (widget_class, "sync.sync-now", NULL, sync_now_action);
}

static void
cd_sync_indicator_init (CdSyncIndicator *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
