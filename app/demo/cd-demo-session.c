/* cd-demo-session.c — a private gateway and a sample database for `claimdesk --demo`. */
#include "config.h"

#include <glib/gstdio.h>

#include "cd-clock.h"
#include "cd-demo-accounts.h"
#include "cd-demo-session.h"
#include "cd-gateway-process.h"
#include "cd-seed.h"
#include "cd-settings.h"
#include "cd-world.h"

struct _CdDemoSession
{
  GObject             parent_instance;
  char               *tmpdir;   /* set when we made the directory and must remove it */
  char               *db_path;
  CdDatabase         *database;
  CdGatewayProcess   *gateway;
  char               *ca_file;     /* the test CA, which issued the gateway's certificate */
  CdOfficeCredential *credential;  /* the demo office's, from enrolling with the gateway */
  guint64             world_seed;  /* the world a fresh database is seeded with */
  CdDay               world_day;   /* the day it is dated to; CD_DAY_NONE: today */
  char              **gateway_world; /* the store's world for the gateway: seed, day, workload,
                                      * people (read by the opening thread) */
};

G_DEFINE_FINAL_TYPE (CdDemoSession, cd_demo_session, G_TYPE_OBJECT)

enum {
  SIGNAL_PROGRESS,
  SIGNAL_DATABASE_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

CdDemoSession *
cd_demo_session_new (const char *db_path)
{
  CdDemoSession *self = g_object_new (CD_TYPE_DEMO_SESSION, NULL);

  self->db_path = g_strdup (db_path);
  self->world_seed = CD_DEMO_WORLD_SEED;
  self->world_day = CD_DAY_NONE;
  return self;
}

void
cd_demo_session_set_world (CdDemoSession *self,
                           guint64        seed,
                           CdDay          day)
{
  g_return_if_fail (CD_IS_DEMO_SESSION (self));

  self->world_seed = seed;
  self->world_day = day;
}

typedef struct
{
  CdDemoSession *session;
  double         fraction;
} ProgressReport;

static gboolean
emit_progress (gpointer user_data)
{
  ProgressReport *report = user_data;

  g_signal_emit (report->session, signals[SIGNAL_PROGRESS], 0, report->fraction);
  g_object_unref (report->session);
  g_free (report);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  GTask  *task;
  double  last;
} SeedProgress;

static void
on_seed_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  SeedProgress *progress = user_data;
  ProgressReport *report;
  double fraction = total > 0 ? (double) done / (double) total : 0.0;

  /* A hundred reports at most: the main loop has better things to do. */
  if (fraction - progress->last < 0.01 && done < total)
    return;
  progress->last = fraction;
  report = g_new0 (ProgressReport, 1);
  report->session = g_object_ref (g_task_get_source_object (progress->task));
  report->fraction = fraction;
  g_main_context_invoke (g_task_get_context (progress->task), emit_progress, report);
}

static void
open_database_in_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  CdDemoSession *self = source_object;
  const char *path = task_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) database = cd_database_open (path, &error);
  SeedProgress progress = { task, 0.0 };

  if (database == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A fresh (or empty) file gets the sample world; one with people or claims is used as it is. */
  CdSeedWorld world = { self->world_seed, CD_DEMO_PEOPLE, CD_DEMO_CLAIMS, CD_DAY_NONE,
                        CD_WORLD_WORKLOAD_OFFICE };

  world.reference_day = self->world_day != CD_DAY_NONE
                        ? self->world_day : cd_clock_get_today (cd_clock_get_default ());
  if (!cd_seed_run_world (database, &world, on_seed_progress, &progress, &error))
    {
      if (!g_error_matches (error, CD_SEED_ERROR, CD_SEED_ERROR_NOT_EMPTY))
        {
          g_task_return_error (task, error);
          return;
        }
      g_clear_error (&error);
    }
  if (!cd_demo_accounts_ensure (database, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The gateway plays the world the store was seeded with, dated as it was: a demo file seeded
   * on another day (--db) keeps its day, so the people and their documents still match. Read
   * here, off the main loop; the session takes it once the task is done. */
  {
    g_autofree char *fallback_seed = g_strdup_printf ("%" G_GUINT64_FORMAT, self->world_seed);
    char *gateway_world[] = {
      cd_settings_dup_text (database, CD_SETTING_WORLD_SEED, fallback_seed, NULL),
      cd_settings_dup_text (database, CD_SETTING_WORLD_REFERENCE_DAY, CD_WORLD_REFERENCE_DATE,
                            NULL),
      cd_settings_dup_text (database, CD_SETTING_WORLD_WORKLOAD, "stress", NULL),
      g_strdup_printf ("%" G_GINT64_FORMAT, cd_settings_get_int64 (database,
                                                                   CD_SETTING_WORLD_PEOPLE,
                                                                   CD_DEMO_PEOPLE, NULL)),
      NULL,
    };

    self->gateway_world = g_strdupv (gateway_world);
    for (guint i = 0; gateway_world[i] != NULL; i++)
      g_free (gateway_world[i]);
  }
  g_task_return_pointer (task, g_steal_pointer (&database), g_object_unref);
}

static void
on_enrolled (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdDemoSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(CdEnrolment) enrolment = cd_enrolment_exchange_finish (result, &error);

  if (enrolment == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  self->credential = g_steal_pointer (&enrolment->credential);
  g_task_return_boolean (task, TRUE);
}

/* The demo workstation enrols as a real one does, with the code the gateway was started with; the
 * credentials stay in memory for the session. */
static void
on_gateway_started (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdDemoSession *self = g_task_get_source_object (task);
  g_autoptr(CdHttpClient) http = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!cd_gateway_process_start_finish (CD_GATEWAY_PROCESS (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  http = cd_http_client_new ();
  cd_http_client_set_ca_file (http, self->ca_file);
  cancellable = g_task_get_cancellable (task);
  cd_enrolment_exchange_async (http, cd_gateway_process_get_base_url (self->gateway),
                               cd_gateway_process_get_enrolment_code (self->gateway), cancellable,
                               on_enrolled, g_steal_pointer (&task));
}

static void
on_database_opened (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdDemoSession *self = g_task_get_source_object (task);
  GCancellable *cancellable;
  GError *error = NULL;

  self->database = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->database == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_DATABASE_READY], 0);

  {
    g_auto(GStrv) world = g_steal_pointer (&self->gateway_world);
    g_autofree char *certificate = cd_gateway_tls_certificate_file ();
    g_autofree char *key = cd_gateway_tls_key_file ();
    /* HTTPS, as a deployment talks, under the test CA. */
    const char * const args[] = { "--world-seed", world[0], "--world-reference-day", world[1],
                                  "--world-workload", world[2], "--people", world[3],
                                  "--tls-certificate", certificate, "--tls-key", key, NULL };

    self->gateway = cd_gateway_process_new (args);
    self->ca_file = cd_gateway_tls_ca_file ();
  }
  cancellable = g_task_get_cancellable (task);
  cd_gateway_process_start_async (self->gateway, cancellable, on_gateway_started,
                                  g_steal_pointer (&task));
}

void
cd_demo_session_start_async (CdDemoSession       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) open_task = NULL;
  GError *error = NULL;

  g_return_if_fail (CD_IS_DEMO_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_demo_session_start_async);

  if (self->db_path == NULL)
    {
      self->tmpdir = g_dir_make_tmp ("claimdesk-demo-XXXXXX", &error);
      if (self->tmpdir == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      self->db_path = g_build_filename (self->tmpdir, "demo.db", NULL);
    }

  /* Opening may run migrations and a quick_check: never on the caller's (GTK) main loop. */
  open_task = g_task_new (self, cancellable, on_database_opened, g_steal_pointer (&task));
  g_task_set_task_data (open_task, g_strdup (self->db_path), g_free);
  g_task_run_in_thread (open_task, open_database_in_thread);
}

gboolean
cd_demo_session_start_finish (CdDemoSession  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
cd_demo_session_get_db_path (CdDemoSession *self)
{
  g_return_val_if_fail (CD_IS_DEMO_SESSION (self), NULL);
  return self->db_path;
}

CdDatabase *
cd_demo_session_get_database (CdDemoSession *self)
{
  g_return_val_if_fail (CD_IS_DEMO_SESSION (self), NULL);
  return self->database;
}

const char *
cd_demo_session_get_gateway_url (CdDemoSession *self)
{
  g_return_val_if_fail (CD_IS_DEMO_SESSION (self), NULL);
  return self->gateway != NULL ? cd_gateway_process_get_base_url (self->gateway) : NULL;
}

const char *
cd_demo_session_get_ca_file (CdDemoSession *self)
{
  g_return_val_if_fail (CD_IS_DEMO_SESSION (self), NULL);
  return self->ca_file;
}

const CdOfficeCredential *
cd_demo_session_get_office_credential (CdDemoSession *self)
{
  g_return_val_if_fail (CD_IS_DEMO_SESSION (self), NULL);
  return self->credential;
}

gboolean
cd_demo_session_get_is_temporary (CdDemoSession *self)
{
  g_return_val_if_fail (CD_IS_DEMO_SESSION (self), FALSE);
  return self->tmpdir != NULL;
}

static void
remove_temporary_files (CdDemoSession *self)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (self->db_path, suffixes[i], NULL);
      g_unlink (path);
    }
  g_rmdir (self->tmpdir);
}

static void
cd_demo_session_dispose (GObject *object)
{
  CdDemoSession *self = CD_DEMO_SESSION (object);

  if (self->gateway != NULL)
    cd_gateway_process_stop (self->gateway);
  g_clear_object (&self->gateway);
  g_clear_object (&self->database);
  g_clear_pointer (&self->credential, cd_office_credential_free);
  g_clear_pointer (&self->ca_file, g_free);
  if (self->tmpdir != NULL)
    remove_temporary_files (self);
  g_clear_pointer (&self->tmpdir, g_free);

  G_OBJECT_CLASS (cd_demo_session_parent_class)->dispose (object);
}

static void
cd_demo_session_finalize (GObject *object)
{
  CdDemoSession *self = CD_DEMO_SESSION (object);

  g_free (self->db_path);
  g_strfreev (self->gateway_world);
  G_OBJECT_CLASS (cd_demo_session_parent_class)->finalize (object);
}

static void
cd_demo_session_class_init (CdDemoSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_demo_session_dispose;
  object_class->finalize = cd_demo_session_finalize;

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  signals[SIGNAL_DATABASE_READY] =
    g_signal_new ("database-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
cd_demo_session_init (CdDemoSession *self)
{
}
