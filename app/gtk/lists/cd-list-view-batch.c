/* cd-list-view-batch.c — the list view's batch: started once the trust anchors and the rules are
 * loaded, cancelled, its progress relayed to the view, and one batch a list in this process. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-list-batch.h"
#include "cd-list-view-private.h"

/* The lists (store path and id) whose batch has not ended yet, in this process. A view that goes
 * stops its batch, but the rows in flight still settle; a view opened on the same list meanwhile
 * must not start a second batch beside it, so it waits, reading the rows as they settle. Main
 * thread only. */
static GHashTable *settling;

static char *
batch_key (CdListView *self)
{
  return g_strdup_printf ("%s#%" G_GINT64_FORMAT, cd_context_get_db_path (self->context),
                          self->list_id);
}

gboolean
cd_list_view_batch_settling (CdListView *self)
{
  g_autofree char *key = NULL;

  if (settling == NULL || self->batch_running)
    return FALSE;
  key = batch_key (self);
  return g_hash_table_contains (settling, key);
}

typedef struct
{
  GWeakRef  view;
  char     *key;
} BatchJob;

static void
batch_job_free (BatchJob *job)
{
  g_weak_ref_clear (&job->view);
  g_free (job->key);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BatchJob, batch_job_free)

static void
on_batch_progress (const CdListBatchProgress *progress,
                   gpointer                   user_data)
{
  g_autoptr(CdListView) self = cd_list_view_weak_ref_get (user_data);

  if (self != NULL)
    cd_list_view_set_progress (self, progress->done, progress->total, progress->failed);
}


static void
batch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BatchJob) job = user_data;
  g_autoptr(CdListView) self = cd_list_view_weak_ref_get (&job->view);
  g_autoptr(GError) error = NULL;
  CdListBatchProgress progress = { 0 };
  gboolean ok = cd_list_batch_run_finish (result, &progress, &error);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_autofree char *message = NULL;

  g_hash_table_remove (settling, job->key);
  /* The view gone: it has nothing to show. */
  if (self == NULL)
    return;
  self->batch_running = FALSE;
  g_clear_handle_id (&self->reload_timeout, g_source_remove);
  g_clear_object (&self->batch_cancellable);
  if (ok || cancelled)
    {
      cd_list_view_set_progress (self, progress.done, progress.total, progress.failed);
      if (cancelled)
        /* TRANSLATORS: %s is the batch's progress, "312 of 2,000". */
        message = g_strdup_printf (_("Batch stopped at %s"), self->progress_text);
      else
        /* TRANSLATORS: %s is the batch's progress, "2,000 of 2,000, 3 failed". */
        message = g_strdup_printf (_("Batch finished: %s"), self->progress_text);
      cd_list_view_say (self, message, FALSE);
    }
  else
    {
      /* TRANSLATORS: %s is why the batch could not work the list. */
      message = g_strdup_printf (_("The batch could not work the list: %s"), error->message);
      cd_list_view_say (self, message, TRUE);
    }
  cd_list_view_reload (self);
  g_signal_emit (self, cd_list_view_signals[CD_LIST_VIEW_SIGNAL_CHANGED], 0);
}

static void
batch_run (CdListView *self)
{
  CdEvidenceFetcher *fetcher = cd_context_get_evidence_fetcher (self->context);
  CdRulePack *pack = cd_context_get_rule_pack (self->context);
  /* Loaded just before (cd_context_load_trust_store_async): at hand now. */
  CdTrustStore *trust = cd_context_get_trust_store (self->context, NULL);
  g_autoptr(GError) error = NULL;
  BatchJob *job;

  self->batch_starting = FALSE;
  if (fetcher == NULL || pack == NULL || cd_list_view_session (self) == NULL)
    {
      cd_list_view_say (self,
                        fetcher == NULL ? _("The batch needs the evidence sources: the office "
                                            "is not connected")
                                        : pack == NULL ? _("The batch needs the rules, which "
                                                           "could not be loaded")
                                                       : _("Sign in to work the list"),
                        TRUE);
      cd_list_view_update_actions (self);
      return;
    }
  if (!cd_session_begin_action (cd_list_view_session (self), &error))
    {
      cd_list_view_say (self, error->message, TRUE);
      cd_list_view_update_actions (self);
      return;
    }
  self->batch_running = TRUE;
  /* Cancel stops the batch, and so does the view going (dispose). */
  self->batch_cancellable = g_cancellable_new ();
  self->reload_timeout = g_timeout_add_seconds (1, cd_list_view_on_reload_timeout, self);
  cd_list_view_update_actions (self);
  job = g_new0 (BatchJob, 1);
  g_weak_ref_init (&job->view, self);
  job->key = batch_key (self);
  if (settling == NULL)
    settling = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (settling, g_strdup (job->key));
  cd_list_batch_run_async (cd_context_get_db_path (self->context), cd_list_view_session (self),
                           self->list_id, fetcher, trust, pack, 0, self->batch_cancellable,
                           on_batch_progress, cd_list_view_weak_ref_new (self),
                           cd_list_view_weak_ref_free, batch_done, job);
}

static void
batch_pack_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CdListView) self = cd_list_view_weak_ref_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) pack = cd_context_load_rule_pack_finish (CD_CONTEXT (object), result,
                                                                 &error);

  if (self == NULL)
    return;
  if (pack == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The rules could not be loaded: %s"),
                                                  error->message);

      self->batch_starting = FALSE;
      cd_list_view_say (self, message, TRUE);
      cd_list_view_update_actions (self);
      return;
    }
  batch_run (self);
}

static void
batch_trust_loaded (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CdListView) self = cd_list_view_weak_ref_take (user_data);
  /* Without anchors the signatures read "untrusted": the batch still works the rows. */
  g_autoptr(CdTrustStore) trust = cd_context_load_trust_store_finish (CD_CONTEXT (object), result,
                                                                      NULL);

  if (self == NULL)
    return;
  cd_context_load_rule_pack_async (self->context, self->cancellable, batch_pack_loaded,
                                   cd_list_view_weak_ref_new (self));
}

void
cd_list_view_start_batch (CdListView *self)
{
  g_return_if_fail (CD_IS_LIST_VIEW (self));

  if (cd_list_view_busy (self))
    return;
  g_clear_pointer (&self->last_error, g_free);
  self->batch_starting = TRUE;
  cd_list_view_update_actions (self);
  cd_context_load_trust_store_async (self->context, self->cancellable, batch_trust_loaded,
                                     cd_list_view_weak_ref_new (self));
}

void
cd_list_view_cancel_batch (CdListView *self)
{
  g_return_if_fail (CD_IS_LIST_VIEW (self));

  if (self->batch_cancellable != NULL)
    g_cancellable_cancel (self->batch_cancellable);
}

static void
start_batch_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  cd_list_view_start_batch (CD_LIST_VIEW (widget));
}

static void
cancel_batch_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  cd_list_view_cancel_batch (CD_LIST_VIEW (widget));
}

void
cd_list_view_batch_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "list.start-batch", NULL, start_batch_action);
  gtk_widget_class_install_action (widget_class, "list.cancel-batch", NULL, cancel_batch_action);
}
