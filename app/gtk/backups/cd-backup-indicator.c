/* cd-backup-indicator.c — the header bar's word that the last backup failed. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-backup-indicator.h"
#include "cd-resources.h"

struct _CdBackupIndicator
{
  AdwBin          parent_instance;

  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkLabel       *reason_label;
  GtkSpinner     *spinner;
  GtkButton      *try_again_button;

  CdContext      *context;
  CdBackupWorker *worker;        /* the context's, while it has one */
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (CdBackupIndicator, cd_backup_indicator, ADW_TYPE_BIN)

GtkWidget *
cd_backup_indicator_new (void)
{
  return g_object_new (CD_TYPE_BACKUP_INDICATOR, NULL);
}

/* The one place that turns the worker's state into what is shown. */
static void
update (CdBackupIndicator *self)
{
  const char *reason = self->worker != NULL ? cd_backup_worker_get_last_error (self->worker)
                                            : NULL;
  gboolean running = self->worker != NULL && cd_backup_worker_get_running (self->worker);

  gtk_widget_set_visible (GTK_WIDGET (self), reason != NULL);
  gtk_label_set_text (self->reason_label, reason != NULL ? reason : "");
  if (reason != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_("The last backup failed: %s"), reason);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
    }
  else
    gtk_popover_popdown (self->popover);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "backup.try-again",
                                 self->worker != NULL && !running);
}

static void
on_try_again_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CdBackupSummary) summary = NULL;

  /* Success or failure, the worker says so through its properties, which update() shows. */
  summary = cd_backup_worker_run_finish (CD_BACKUP_WORKER (object), result, NULL);
}

static void
try_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdBackupIndicator *self = CD_BACKUP_INDICATOR (widget);

  if (self->worker == NULL || cd_backup_worker_get_running (self->worker))
    return;
  cd_backup_worker_run_async (self->worker, cd_context_get_session (self->context),
                              self->cancellable, on_try_again_done, NULL);
  update (self);
}

static void
forget_worker (CdBackupIndicator *self)
{
  if (self->worker == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->worker, update, self);
  g_clear_object (&self->worker);
}

static void
follow_worker (CdBackupIndicator *self)
{
  CdBackupWorker *worker = self->context != NULL ? cd_context_get_backup_worker (self->context)
                                                 : NULL;

  if (worker != self->worker)
    {
      forget_worker (self);
      if (worker != NULL)
        {
          self->worker = g_object_ref (worker);
          g_signal_connect_object (worker, "notify::last-error", G_CALLBACK (update), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (worker, "notify::running", G_CALLBACK (update), self,
                                   G_CONNECT_SWAPPED);
        }
    }
  update (self);
}

void
cd_backup_indicator_set_context (CdBackupIndicator *self,
                                 CdContext         *context)
{
  g_return_if_fail (CD_IS_BACKUP_INDICATOR (self));
  g_return_if_fail (context == NULL || CD_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, follow_worker, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "notify::backup-worker", G_CALLBACK (follow_worker), self,
                             G_CONNECT_SWAPPED);
  follow_worker (self);
}

const char *
cd_backup_indicator_get_reason (CdBackupIndicator *self)
{
  g_return_val_if_fail (CD_IS_BACKUP_INDICATOR (self), NULL);
  return self->worker != NULL ? cd_backup_worker_get_last_error (self->worker) : NULL;
}

static void
cd_backup_indicator_dispose (GObject *object)
{
  CdBackupIndicator *self = CD_BACKUP_INDICATOR (object);

  /* A run started here goes on in the worker (it is the office's backup), unheard. */
  g_cancellable_cancel (self->cancellable);
  forget_worker (self);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, follow_worker, self);
  /* Its notifications must not reach a widget being taken apart. */
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  /* No gtk_widget_dispose_template: AdwBin unparents its own child (the button, with its popover).
   */

  G_OBJECT_CLASS (cd_backup_indicator_parent_class)->dispose (object);
}

static void
cd_backup_indicator_finalize (GObject *object)
{
  CdBackupIndicator *self = CD_BACKUP_INDICATOR (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cd_backup_indicator_parent_class)->finalize (object);
}

static void
cd_backup_indicator_class_init (CdBackupIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_backup_indicator_dispose;
  object_class->finalize = cd_backup_indicator_finalize;

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-backup-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, CdBackupIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, CdBackupIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, CdBackupIndicator, reason_label);
  gtk_widget_class_bind_template_child (widget_class, CdBackupIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdBackupIndicator, try_again_button);

  gtk_widget_class_install_action (widget_class, "backup.try-again", NULL, try_again_action);
}

static void
cd_backup_indicator_init (CdBackupIndicator *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
