/* cd-verification-worker.c — deferred verification, run when the link may be back. */
#include "config.h"

#include "cd-paper-verification.h"
#include "cd-verification-worker.h"

struct _CdVerificationWorker
{
  GObject             parent_instance;

  char               *db_path;
  CdEvidenceFetcher  *fetcher;
  CdTrustLoadFunc     load_trust;
  gpointer            data;
  GDestroyNotify      destroy;

  GNetworkMonitor    *monitor;
  gulong              network_handler;
  guint               timer_id;
  GCancellable       *cancellable;  /* of the pass under way */
  gboolean            started;
  gboolean            running;
  gboolean            again;        /* a trigger came during the pass */
  gint64              last_pass_us; /* monotonic, when the last pass began; 0: never */
  guint               period_s;
  guint               min_interval_s;
  guint               n_changed;
  char               *last_error;
};

G_DEFINE_FINAL_TYPE (CdVerificationWorker, cd_verification_worker, G_TYPE_OBJECT)

enum
{
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void run_pass (CdVerificationWorker *self);

/* A pass holds its worker until it ends, so a worker dropped during a pass stays valid for its
 * callbacks. */
typedef struct
{
  CdVerificationWorker *self;  /* a reference */
} Pass;

static void
pass_free (Pass *pass)
{
  g_object_unref (pass->self);
  g_free (pass);
}

static void
on_pass_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pass *pass = user_data;
  CdVerificationWorker *self = pass->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = cd_paper_verification_run_finish (result, &error);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  self->running = FALSE;
  g_clear_object (&self->cancellable);
  if (!cancelled)
    {
      g_clear_pointer (&self->last_error, g_free);
      self->n_changed = 0;
      if (checks == NULL)
        self->last_error = g_strdup (error->message);
      for (guint i = 0; checks != NULL && i < checks->len; i++)
        if (((CdPaperCheck *) checks->pdata[i])->changed)
          self->n_changed++;
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
    }
  if (self->started && self->again && !cancelled)
    {
      self->again = FALSE;
      run_pass (self);
    }
  pass_free (pass);
}

/* The trust store is read in a thread of its own, not on the main loop, then the pass runs. */
static void
load_trust_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  CdVerificationWorker *self = task_data;
  GError *error = NULL;
  CdTrustStore *trust = self->load_trust != NULL ? self->load_trust (self->data, &error) : NULL;

  if (self->load_trust != NULL && trust == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, trust, g_object_unref);
}

static void
on_trust_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Pass *pass = user_data;
  CdVerificationWorker *self = pass->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) trust = g_task_propagate_pointer (G_TASK (result), &error);

  if (error != NULL || self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      self->running = FALSE;
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_free (self->last_error);
          self->last_error = g_strdup (error->message);
          g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
        }
      g_clear_object (&self->cancellable);
      pass_free (pass);
      return;
    }
  cd_paper_verification_run_async (self->db_path, self->fetcher, trust, NULL, 0,
                                   self->cancellable, on_pass_done, pass);
}

static void
run_pass (CdVerificationWorker *self)
{
  g_autoptr(GTask) task = NULL;
  Pass *pass;

  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  self->running = TRUE;
  self->last_pass_us = g_get_monotonic_time ();
  self->cancellable = g_cancellable_new ();
  pass = g_new0 (Pass, 1);
  pass->self = g_object_ref (self);
  task = g_task_new (NULL, self->cancellable, on_trust_loaded, pass);
  g_task_set_source_tag (task, run_pass);
  g_task_set_task_data (task, g_object_ref (self), g_object_unref);
  g_task_run_in_thread (task, load_trust_thread);
}

static gboolean
timer_fired (gpointer data)
{
  CdVerificationWorker *self = data;

  run_pass (self);
  return G_SOURCE_CONTINUE;
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  if (available)
    cd_verification_worker_trigger (user_data);
}

void
cd_verification_worker_trigger (CdVerificationWorker *self)
{
  g_return_if_fail (CD_IS_VERIFICATION_WORKER (self));

  if (!self->started)
    return;
  if (self->last_pass_us != 0 && !self->running
      && g_get_monotonic_time () - self->last_pass_us
         < (gint64) self->min_interval_s * G_USEC_PER_SEC)
    return;
  run_pass (self);
}

void
cd_verification_worker_start (CdVerificationWorker *self)
{
  g_return_if_fail (CD_IS_VERIFICATION_WORKER (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (on_network_changed), self);
  self->timer_id = g_timeout_add_seconds (self->period_s, timer_fired, self);
  run_pass (self);
}

void
cd_verification_worker_stop (CdVerificationWorker *self)
{
  g_return_if_fail (CD_IS_VERIFICATION_WORKER (self));

  self->started = FALSE;
  self->again = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->monitor != NULL)
    g_clear_signal_handler (&self->network_handler, self->monitor);
  g_clear_object (&self->monitor);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
cd_verification_worker_is_running (CdVerificationWorker *self)
{
  g_return_val_if_fail (CD_IS_VERIFICATION_WORKER (self), FALSE);
  return self->running;
}

guint
cd_verification_worker_get_n_changed (CdVerificationWorker *self)
{
  g_return_val_if_fail (CD_IS_VERIFICATION_WORKER (self), 0);
  return self->n_changed;
}

const char *
cd_verification_worker_get_last_error (CdVerificationWorker *self)
{
  g_return_val_if_fail (CD_IS_VERIFICATION_WORKER (self), NULL);
  return self->last_error;
}

void
cd_verification_worker_set_periods (CdVerificationWorker *self,
                                    guint                 period_s,
                                    guint                 min_interval_s)
{
  g_return_if_fail (CD_IS_VERIFICATION_WORKER (self));
  g_return_if_fail (period_s > 0);

  self->period_s = period_s;
  self->min_interval_s = min_interval_s;
}

CdVerificationWorker *
cd_verification_worker_new (const char        *db_path,
                            CdEvidenceFetcher *fetcher,
                            CdTrustLoadFunc    load_trust,
                            gpointer           data,
                            GDestroyNotify     destroy)
{
  CdVerificationWorker *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (CD_IS_EVIDENCE_FETCHER (fetcher), NULL);

  self = g_object_new (CD_TYPE_VERIFICATION_WORKER, NULL);
  self->db_path = g_strdup (db_path);
  self->fetcher = g_object_ref (fetcher);
  self->load_trust = load_trust;
  self->data = data;
  self->destroy = destroy;
  return self;
}

static void
cd_verification_worker_dispose (GObject *object)
{
  CdVerificationWorker *self = CD_VERIFICATION_WORKER (object);

  cd_verification_worker_stop (self);
  G_OBJECT_CLASS (cd_verification_worker_parent_class)->dispose (object);
}

static void
cd_verification_worker_finalize (GObject *object)
{
  CdVerificationWorker *self = CD_VERIFICATION_WORKER (object);

  if (self->destroy != NULL)
    self->destroy (self->data);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->cancellable);
  g_free (self->db_path);
  g_free (self->last_error);
  G_OBJECT_CLASS (cd_verification_worker_parent_class)->finalize (object);
}

static void
cd_verification_worker_class_init (CdVerificationWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_verification_worker_dispose;
  object_class->finalize = cd_verification_worker_finalize;
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cd_verification_worker_init (CdVerificationWorker *self)
{
  self->period_s = 60 * 60;
  self->min_interval_s = 10 * 60;
}
