/* cd-context.c — what every part of the workstation shares, owned in one place. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-context-private.h"
#include "cd-data-dir.h"

G_DEFINE_FINAL_TYPE (CdContext, cd_context, G_TYPE_OBJECT)

GParamSpec *cd_context_properties[CD_CONTEXT_N_PROPS];
guint cd_context_signals[CD_CONTEXT_N_SIGNALS];

CdContext *
cd_context_new (void)
{
  return g_object_new (CD_TYPE_CONTEXT, NULL);
}

gboolean
cd_context_is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* --- The sync worker ------------------------------------------------------------------------- */

/* The signed-in user's login, else the operator's, else NULL. */
static const char *
acting_login (CdContext *self)
{
  return self->session != NULL ? cd_session_get_login (self->session) : self->operator;
}

/* The verification worker's trust store, read in its thread through a weak reference: the
 * worker never keeps its context alive. */
static CdTrustStore *
load_trust (gpointer   data,
            GError   **error)
{
  g_autoptr(CdContext) self = g_weak_ref_get (data);
  CdTrustStore *trust;

  if (self == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the context is gone");
      return NULL;
    }
  trust = cd_context_get_trust_store (self, error);
  return trust != NULL ? g_object_ref (trust) : NULL;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* A delivery run that reached central says the link is back: the paper waiting for it is
 * checked (the worker keeps its passes apart). */
static void
on_sync_progress (CdSyncWorker *worker,
                  gpointer      user_data)
{
  CdContext *self = user_data;
  g_autofree char *error = NULL;

  if (self->verification_worker == NULL || cd_sync_worker_is_running (worker))
    return;
  error = cd_sync_worker_dup_last_error (worker);
  if (error == NULL)
    cd_verification_worker_trigger (self->verification_worker);
}

static void
restart_verification_worker (CdContext *self)
{
  CdEvidenceFetcher *fetcher;

  if (self->verification_worker != NULL)
    {
      cd_verification_worker_stop (self->verification_worker);
      g_clear_object (&self->verification_worker);
    }
  if (self->sync_worker == NULL)
    return;
  fetcher = cd_context_get_evidence_fetcher (self);
  if (fetcher == NULL)
    return;
  {
    GWeakRef *ref = g_new0 (GWeakRef, 1);

    g_weak_ref_init (ref, self);
    self->verification_worker = cd_verification_worker_new (self->db_path, fetcher, load_trust,
                                                            ref, weak_ref_free);
  }
  g_signal_connect_object (self->sync_worker, "progress", G_CALLBACK (on_sync_progress), self,
                           G_CONNECT_DEFAULT);
  if (self->background_verification)
    cd_verification_worker_start (self->verification_worker);
}

/* The worker delivers in the acting user's name, to the configured central system, from the
 * store: when any of the three changes, the old worker stops and a new one starts. */
void
cd_context_restart_sync_worker (CdContext *self)
{
  CdCentralClient *central;
  gboolean had_worker = self->sync_worker != NULL;

  if (self->sync_worker != NULL)
    {
      cd_sync_worker_stop (self->sync_worker);
      g_clear_object (&self->sync_worker);
    }
  central = cd_context_get_central_client (self);
  if (cd_context_is_set (self->db_path) && central != NULL && !self->restoring)
    {
      self->sync_worker = cd_sync_worker_new (self->db_path, central);
      if (self->background_sync)
        cd_sync_worker_start (self->sync_worker);
    }
  restart_verification_worker (self);
  if (had_worker || self->sync_worker != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_SYNC_WORKER]);
}

/* Clients are built for one user and one address: drop them when either changes. */
static void
forget_clients (CdContext *self)
{
  g_clear_object (&self->fetcher);
  g_clear_object (&self->central);
}

/* --- The backup worker ------------------------------------------------------------------------ */

/* Daily backups run while the workstation wants them and its writer is open: a store that is not
 * open yet (or no longer) is not one to copy. */
static void
update_backup_schedule (CdContext *self)
{
  if (self->backup_worker == NULL)
    return;
  if (self->background_backups && self->database != NULL)
    cd_backup_worker_start (self->backup_worker);
  else if (cd_backup_worker_get_started (self->backup_worker))
    cd_backup_worker_stop (self->backup_worker);
}

void
cd_context_restart_backup_worker (CdContext *self)
{
  gboolean had_worker = self->backup_worker != NULL;

  if (self->backup_worker != NULL)
    {
      cd_backup_worker_stop (self->backup_worker);
      g_clear_object (&self->backup_worker);
    }
  if (cd_context_is_set (self->db_path) && !self->restoring)
    {
      self->backup_worker = cd_backup_worker_new (self->db_path, self->clock);
      update_backup_schedule (self);
    }
  if (had_worker || self->backup_worker != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_BACKUP_WORKER]);
}

CdBackupWorker *
cd_context_get_backup_worker (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->backup_worker;
}

void
cd_context_set_background_backups (CdContext *self,
                                   gboolean   background_backups)
{
  g_return_if_fail (CD_IS_CONTEXT (self));

  self->background_backups = !!background_backups;
  update_backup_schedule (self);
}

gboolean
cd_context_get_restoring (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), FALSE);
  return self->restoring;
}

/* --- The store ------------------------------------------------------------------------------- */

const char *
cd_context_get_db_path (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->db_path;
}

void
cd_context_set_db_path (CdContext  *self,
                        const char *db_path)
{
  g_return_if_fail (CD_IS_CONTEXT (self));

  if (g_strcmp0 (self->db_path, db_path) == 0)
    return;
  g_mutex_lock (&self->lock);
  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  g_mutex_unlock (&self->lock);
  /* A writer on another file is no longer this store's. */
  if (self->database != NULL && g_strcmp0 (cd_database_get_path (self->database), db_path) != 0)
    {
      /* Its check, if one runs, is of a store this is no longer. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      g_clear_object (&self->database);
      g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_DATABASE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_DB_PATH]);
  cd_context_restart_sync_worker (self);
  cd_context_restart_backup_worker (self);
}

CdDatabase *
cd_context_get_database (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->database;
}

void
cd_context_set_database (CdContext  *self,
                         CdDatabase *database)
{
  const char *path;
  gboolean path_changed = FALSE;

  g_return_if_fail (CD_IS_CONTEXT (self));
  g_return_if_fail (database == NULL || CD_IS_DATABASE (database));
  g_return_if_fail (database == NULL || !cd_database_is_read_only (database));

  /* The path and the writer change together, and those following either see both. */
  g_object_freeze_notify (G_OBJECT (self));
  path = database != NULL ? cd_database_get_path (database) : NULL;
  if (path != NULL && g_strcmp0 (self->db_path, path) != 0)
    {
      /* A check under way is of the store this is no longer. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      g_mutex_lock (&self->lock);
      g_free (self->db_path);
      self->db_path = g_strdup (path);
      g_mutex_unlock (&self->lock);
      g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_DB_PATH]);
      path_changed = TRUE;
    }
  if (g_set_object (&self->database, database))
    g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_DATABASE]);
  g_object_thaw_notify (G_OBJECT (self));
  if (path_changed)
    {
      cd_context_restart_sync_worker (self);
      cd_context_restart_backup_worker (self);
    }
  else
    update_backup_schedule (self);
}

CdDatabase *
cd_context_open_reader (CdContext  *self,
                        GError    **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);

  g_mutex_lock (&self->lock);
  path = g_strdup (self->db_path);
  g_mutex_unlock (&self->lock);
  if (!cd_context_is_set (path))
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                   _("No claims store has been set up on this workstation"));
      return NULL;
    }
  return cd_database_open_reader (path, error);
}

static void
open_database_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  CdDatabase *database = cd_database_open_unchecked (path, &error);

  if (database == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, database, g_object_unref);
}

/* No reference is held on the context: dispose, or another store, cancels the check, and a
 * cancelled check never touches it. */
static void
on_database_checked (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CdContext *self = user_data;
  g_autoptr(GError) error = NULL;

  if (cd_database_check_finish (CD_DATABASE (object), result, &error)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_warning ("%s", error->message);
  g_signal_emit (self, cd_context_signals[CD_CONTEXT_DATABASE_DAMAGED], 0, error->message);
}

static void
on_database_opened (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CdContext *self = CD_CONTEXT (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) database = g_task_propagate_pointer (G_TASK (result), &error);

  if (database == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The path may have changed while this one opened: it is then not the store any more (unless
   * opening it was the point: cd_context_open_database_at_async). */
  if (g_task_get_source_tag (task) == cd_context_open_database_async
      && g_strcmp0 (cd_database_get_path (database), self->db_path) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The claims store changed to %s while %s was opening"),
                               self->db_path, cd_database_get_path (database));
      return;
    }
  cd_context_set_database (self, database);
  cd_database_check_async (database, self->cancellable, on_database_checked, self);
  g_task_return_boolean (task, TRUE);
}

void
cd_context_open_database_async (CdContext           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) open = NULL;

  g_return_if_fail (CD_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_context_open_database_async);
  if (self->restoring)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The claims store is being restored from a backup; try again "
                                 "once it is done."));
      return;
    }
  if (!cd_context_is_set (self->db_path))
    {
      g_task_return_new_error (task, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                               _("No claims store has been set up on this workstation"));
      return;
    }
  if (self->database != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  open = g_task_new (self, cancellable, on_database_opened, g_steal_pointer (&task));
  g_task_set_task_data (open, g_strdup (self->db_path), g_free);
  g_task_run_in_thread (open, open_database_thread);
}

void
cd_context_open_database_at_async (CdContext           *self,
                                   const char          *db_path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) open = NULL;

  g_return_if_fail (CD_IS_CONTEXT (self));
  g_return_if_fail (db_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_context_open_database_at_async);
  if (self->database != NULL && g_strcmp0 (cd_database_get_path (self->database), db_path) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  open = g_task_new (self, cancellable, on_database_opened, g_steal_pointer (&task));
  g_task_set_task_data (open, g_strdup (db_path), g_free);
  g_task_run_in_thread (open, open_database_thread);
}

gboolean
cd_context_open_database (CdContext  *self,
                          gboolean    check_whole_file,
                          GError    **error)
{
  g_autoptr(CdDatabase) database = NULL;

  g_return_val_if_fail (CD_IS_CONTEXT (self), FALSE);

  if (self->database != NULL)
    return TRUE;
  if (!cd_context_is_set (self->db_path))
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN,
                   _("No claims store has been set up on this workstation"));
      return FALSE;
    }
  database = check_whole_file ? cd_database_open (self->db_path, error)
                              : cd_database_open_unchecked (self->db_path, error);
  if (database == NULL)
    return FALSE;
  cd_context_set_database (self, database);
  return TRUE;
}

gboolean
cd_context_open_database_finish (CdContext     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- Connections ----------------------------------------------------------------------------- */

static void
set_urls (CdContext  *self,
          const char *central_url,
          const char *evidence_url,
          const char *civil_url,
          const char *population_url)
{
  gboolean central_changed;
  gboolean evidence_changed;
  gboolean others_changed;

  central_url = cd_context_is_set (central_url) ? central_url : NULL;
  evidence_url = cd_context_is_set (evidence_url) ? evidence_url : NULL;
  civil_url = cd_context_is_set (civil_url) && g_strcmp0 (civil_url, evidence_url) != 0
              ? civil_url : NULL;
  population_url = cd_context_is_set (population_url)
                   && g_strcmp0 (population_url, evidence_url) != 0 ? population_url : NULL;
  central_changed = g_strcmp0 (self->central_url, central_url) != 0;
  evidence_changed = g_strcmp0 (self->evidence_url, evidence_url) != 0;
  others_changed = g_strcmp0 (self->civil_url, civil_url) != 0
                   || g_strcmp0 (self->population_url, population_url) != 0;
  if (!central_changed && !evidence_changed && !others_changed)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (central_changed)
    {
      g_free (self->central_url);
      self->central_url = g_strdup (central_url);
      g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_CENTRAL_URL]);
    }
  if (evidence_changed)
    {
      g_free (self->evidence_url);
      self->evidence_url = g_strdup (evidence_url);
      g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_EVIDENCE_URL]);
    }
  g_free (self->civil_url);
  self->civil_url = g_strdup (civil_url);
  g_free (self->population_url);
  self->population_url = g_strdup (population_url);
  forget_clients (self);
  cd_context_restart_sync_worker (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
cd_context_set_addresses (CdContext  *self,
                          const char *central_url,
                          const char *evidence_url)
{
  g_return_if_fail (CD_IS_CONTEXT (self));

  set_urls (self, central_url, evidence_url, NULL, NULL);
}

void
cd_context_set_endpoints (CdContext         *self,
                          const CdEndpoints *endpoints)
{
  g_return_if_fail (CD_IS_CONTEXT (self));
  g_return_if_fail (endpoints != NULL);

  set_urls (self, cd_endpoints_get (endpoints, CD_SYSTEM_CENTRAL),
            cd_endpoints_get (endpoints, CD_SYSTEM_MEDICAL),
            cd_endpoints_get (endpoints, CD_SYSTEM_CIVIL_STATUS),
            cd_endpoints_get (endpoints, CD_SYSTEM_POPULATION));
}

const char *
cd_context_get_central_url (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->central_url;
}

const char *
cd_context_get_evidence_url (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->evidence_url;
}

CdHttpClient *
cd_context_get_http_client (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);

  if (self->http == NULL)
    self->http = cd_http_client_new ();
  return self->http;
}

/* One gateway may serve every system: an address left unset is the other one. */
static const char *
central_address (CdContext *self)
{
  return self->central_url != NULL ? self->central_url : self->evidence_url;
}

static const char *
sources_address (CdContext *self)
{
  return self->evidence_url != NULL ? self->evidence_url : self->central_url;
}

CdEndpoints *
cd_context_dup_endpoints (CdContext *self)
{
  CdEndpoints *endpoints;

  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);

  endpoints = cd_endpoints_new_two (central_address (self), sources_address (self));
  if (self->civil_url != NULL)
    cd_endpoints_set (endpoints, CD_SYSTEM_CIVIL_STATUS, self->civil_url);
  if (self->population_url != NULL)
    cd_endpoints_set (endpoints, CD_SYSTEM_POPULATION, self->population_url);
  return endpoints;
}

void
cd_context_set_office_credential (CdContext                *self,
                                  const CdOfficeCredential *credential)
{
  g_return_if_fail (CD_IS_CONTEXT (self));

  if (cd_office_credential_equal (self->credential, credential))
    return;
  g_clear_pointer (&self->credential, cd_office_credential_free);
  self->credential = credential != NULL ? cd_office_credential_copy (credential) : NULL;
  forget_clients (self);
  cd_context_restart_sync_worker (self);
}

const CdOfficeCredential *
cd_context_get_office_credential (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->credential;
}

CdCentralClient *
cd_context_get_central_client (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);

  if (self->central == NULL && acting_login (self) != NULL && central_address (self) != NULL)
    self->central = cd_central_client_new (cd_context_get_http_client (self),
                                           central_address (self), self->credential,
                                           acting_login (self));
  return self->central;
}

CdEvidenceFetcher *
cd_context_get_evidence_fetcher (CdContext *self)
{
  CdCentralClient *central;

  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);

  central = cd_context_get_central_client (self);
  if (self->fetcher == NULL && central != NULL)
    {
      g_autoptr(CdEndpoints) endpoints = cd_context_dup_endpoints (self);

      self->fetcher = cd_evidence_fetcher_new_for_endpoints (cd_context_get_http_client (self),
                                                             endpoints, central,
                                                             acting_login (self));
    }
  return self->fetcher;
}

void
cd_context_set_operator (CdContext  *self,
                         const char *login)
{
  g_return_if_fail (CD_IS_CONTEXT (self));

  if (g_strcmp0 (self->operator, login) == 0)
    return;
  g_free (self->operator);
  self->operator = g_strdup (login);
  if (self->session == NULL)
    {
      forget_clients (self);
      cd_context_restart_sync_worker (self);
    }
}

const char *
cd_context_get_operator (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->operator;
}

/* --- Trust and rules ------------------------------------------------------------------------- */

CdTrustStore *
cd_context_get_trust_store (CdContext  *self,
                            GError    **error)
{
  CdTrustStore *trust;

  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->trust == NULL)
    self->trust = self->trust_dir != NULL ? cd_trust_store_new_from_dir (self->trust_dir, error)
                                          : cd_trust_store_new_default (error);
  trust = self->trust;
  g_mutex_unlock (&self->lock);
  return trust;
}

void
cd_context_set_trust_store (CdContext    *self,
                            CdTrustStore *trust)
{
  g_return_if_fail (CD_IS_CONTEXT (self));
  g_return_if_fail (CD_IS_TRUST_STORE (trust));

  g_mutex_lock (&self->lock);
  g_set_object (&self->trust, trust);
  g_mutex_unlock (&self->lock);
}

void
cd_context_set_trust_dir (CdContext  *self,
                          const char *dir)
{
  g_return_if_fail (CD_IS_CONTEXT (self));

  g_mutex_lock (&self->lock);
  if (g_strcmp0 (self->trust_dir, dir) != 0)
    {
      g_free (self->trust_dir);
      self->trust_dir = g_strdup (dir);
      g_clear_object (&self->trust);
    }
  g_mutex_unlock (&self->lock);
}

static void
load_trust_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  /* Under the context's lock: two loads at once read the files once. */
  CdTrustStore *trust = cd_context_get_trust_store (source_object, &error);

  if (trust == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (trust), g_object_unref);
}

void
cd_context_load_trust_store_async (CdContext           *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CdTrustStore *loaded;

  g_return_if_fail (CD_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_context_load_trust_store_async);
  g_mutex_lock (&self->lock);
  loaded = self->trust != NULL ? g_object_ref (self->trust) : NULL;
  g_mutex_unlock (&self->lock);
  if (loaded != NULL)
    g_task_return_pointer (task, loaded, g_object_unref);
  else
    g_task_run_in_thread (task, load_trust_thread);
}

CdTrustStore *
cd_context_load_trust_store_finish (CdContext     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_rule_pack_loaded (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CdContext) self = user_data;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->pack_waiters);
  GError *error = NULL;
  CdRulePack *pack = cd_rule_pack_load_finish (result, &error);

  if (pack != NULL)
    {
      self->rule_pack = pack;
      g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_RULE_PACK]);
    }
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (pack != NULL)
        g_task_return_pointer (task, cd_rule_pack_ref (pack), (GDestroyNotify) cd_rule_pack_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
  g_clear_error (&error);
}

void
cd_context_load_rule_pack_async (CdContext           *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_context_load_rule_pack_async);
  g_task_set_check_cancellable (task, TRUE);
  if (self->rule_pack != NULL)
    {
      g_task_return_pointer (task, cd_rule_pack_ref (self->rule_pack),
                             (GDestroyNotify) cd_rule_pack_unref);
      return;
    }
  if (self->pack_waiters == NULL)
    {
      g_autofree char *dir = cd_rule_pack_default_dir ();

      self->pack_waiters = g_ptr_array_new_with_free_func (g_object_unref);
      /* Not the caller's cancellable: the one load serves every waiter. */
      cd_rule_pack_load_with_installed_async (dir, self->packs_dir, NULL, on_rule_pack_loaded,
                                              g_object_ref (self));
    }
  g_ptr_array_add (self->pack_waiters, g_steal_pointer (&task));
}

CdRulePack *
cd_context_load_rule_pack_finish (CdContext     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

CdRulePack *
cd_context_get_rule_pack (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->rule_pack;
}

void
cd_context_set_rule_packs_dir (CdContext  *self,
                               const char *dir)
{
  g_return_if_fail (CD_IS_CONTEXT (self));

  g_free (self->packs_dir);
  self->packs_dir = g_strdup (dir);
}

const char *
cd_context_get_rule_packs_dir (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);

  if (self->packs_dir == NULL)
    self->packs_dir = cd_data_dir_rule_packs ();
  return self->packs_dir;
}

static void
on_rule_pack_reloaded (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CdContext) self = user_data;
  g_autoptr(GError) error = NULL;
  CdRulePack *pack = cd_rule_pack_load_finish (result, &error);

  if (pack == NULL)
    {
      g_warning ("The rule packs could not be reloaded: %s", error->message);
      return;
    }
  g_clear_pointer (&self->rule_pack, cd_rule_pack_unref);
  self->rule_pack = pack;
  g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_RULE_PACK]);
}

void
cd_context_reload_rule_pack (CdContext *self)
{
  g_autofree char *dir = NULL;

  g_return_if_fail (CD_IS_CONTEXT (self));

  /* Nothing loaded yet: the first load, when someone asks for it, reads the new packs anyway. */
  if (self->rule_pack == NULL)
    return;
  dir = cd_rule_pack_default_dir ();
  cd_rule_pack_load_with_installed_async (dir, self->packs_dir, NULL, on_rule_pack_reloaded,
                                          g_object_ref (self));
}

typedef struct
{
  CdHttpClient       *http;
  char               *central_url;
  CdOfficeCredential *credential;
  char               *packs_dir;
} PacksFetch;

static void
packs_fetch_free (PacksFetch *fetch)
{
  g_clear_object (&fetch->http);
  g_free (fetch->central_url);
  cd_office_credential_free (fetch->credential);
  g_free (fetch->packs_dir);
  g_free (fetch);
}

static void
on_packs_fetched (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdContext *self = g_task_get_source_object (task);
  GError *error = NULL;
  CdRulePackFetchReport *report = cd_rule_pack_fetch_finish (result, &error);

  self->packs_fetching = FALSE;
  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (report->installed->len > 0)
    cd_context_reload_rule_pack (self);
  g_task_return_pointer (task, report, (GDestroyNotify) cd_rule_pack_fetch_report_free);
}

static void
on_packs_trust_loaded (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdContext *self = CD_CONTEXT (object);
  PacksFetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(CdTrustStore) trust = cd_context_load_trust_store_finish (self, result, &error);

  if (trust == NULL)
    {
      self->packs_fetching = FALSE;
      g_task_return_error (task, error);
      return;
    }
  cd_rule_pack_fetch_async (fetch->http, fetch->central_url, fetch->credential, trust,
                            fetch->packs_dir, g_task_get_cancellable (task), on_packs_fetched,
                            g_object_ref (task));
}

void
cd_context_fetch_rule_packs_async (CdContext           *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PacksFetch *fetch;

  g_return_if_fail (CD_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_context_fetch_rule_packs_async);
  if (self->central_url == NULL || self->credential == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("This workstation is not enrolled with central, so it cannot "
                                 "fetch rule packs"));
      return;
    }
  fetch = g_new0 (PacksFetch, 1);
  fetch->http = g_object_ref (cd_context_get_http_client (self));
  fetch->central_url = g_strdup (self->central_url);
  fetch->credential = cd_office_credential_copy (self->credential);
  fetch->packs_dir = g_strdup (cd_context_get_rule_packs_dir (self));
  g_task_set_task_data (task, fetch, (GDestroyNotify) packs_fetch_free);
  self->packs_fetching = TRUE;
  cd_context_load_trust_store_async (self, cancellable, on_packs_trust_loaded,
                                     g_steal_pointer (&task));
}

CdRulePackFetchReport *
cd_context_fetch_rule_packs_finish (CdContext     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_background_packs_fetched (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePackFetchReport) report = cd_context_fetch_rule_packs_finish (CD_CONTEXT (object),
                                                                             result, &error);

  /* Not the officer's business at this moment: the outcome is in the packs' log, which
   * Preferences shows; a failed fetch is tried again after a later sync. */
  if (report == NULL)
    g_debug ("Fetching rule packs after a sync: %s", error->message);
}

/* After a sync run that reached central without error, the link is up: a good moment to ask for
 * rule packs this workstation lacks. At most once an hour, one fetch at a time. */
static void
fetch_packs_after_sync (CdSyncWorker *worker,
                        CdContext    *self)
{
  g_autofree char *last_error = NULL;
  gint64 now = g_get_monotonic_time ();

  if (cd_sync_worker_is_running (worker) || self->packs_fetching)
    return;
  last_error = cd_sync_worker_dup_last_error (worker);
  if (last_error != NULL)
    return;
  if (self->packs_fetched_at != 0 && now - self->packs_fetched_at < (gint64) G_USEC_PER_SEC * 3600)
    return;
  self->packs_fetched_at = now;
  cd_context_fetch_rule_packs_async (self, NULL, on_background_packs_fetched, NULL);
}

/* Each new sync worker (cd_context_restart_sync_worker) is followed for its runs. */
static void
follow_sync_worker_for_packs (CdContext *self)
{
  if (self->sync_worker != NULL)
    g_signal_connect_object (self->sync_worker, "progress", G_CALLBACK (fetch_packs_after_sync),
                             self, 0);
}

/* --- Sync, clock, session -------------------------------------------------------------------- */

CdSyncWorker *
cd_context_get_sync_worker (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->sync_worker;
}

void
cd_context_set_background_sync (CdContext *self,
                                gboolean   background_sync)
{
  g_return_if_fail (CD_IS_CONTEXT (self));

  background_sync = !!background_sync;
  if (self->background_sync == background_sync)
    return;
  self->background_sync = background_sync;
  if (self->sync_worker == NULL)
    return;
  if (background_sync)
    cd_sync_worker_start (self->sync_worker);
  else
    cd_sync_worker_stop (self->sync_worker);
}

void
cd_context_set_background_verification (CdContext *self,
                                        gboolean   background_verification)
{
  g_return_if_fail (CD_IS_CONTEXT (self));

  background_verification = !!background_verification;
  if (self->background_verification == background_verification)
    return;
  self->background_verification = background_verification;
  if (self->verification_worker == NULL)
    return;
  if (background_verification)
    cd_verification_worker_start (self->verification_worker);
  else
    cd_verification_worker_stop (self->verification_worker);
}

CdVerificationWorker *
cd_context_get_verification_worker (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->verification_worker;
}

CdClock *
cd_context_get_clock (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->clock;
}

void
cd_context_set_clock (CdContext *self,
                      CdClock   *clock)
{
  g_return_if_fail (CD_IS_CONTEXT (self));
  g_return_if_fail (CD_IS_CLOCK (clock));

  if (!g_set_object (&self->clock, clock))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_CLOCK]);
  /* The schedule asks the clock what time it is: a worker of the old clock would not. */
  if (self->backup_worker != NULL)
    cd_context_restart_backup_worker (self);
}

CdSession *
cd_context_get_session (CdContext *self)
{
  g_return_val_if_fail (CD_IS_CONTEXT (self), NULL);
  return self->session;
}

void
cd_context_set_session (CdContext *self,
                        CdSession *session)
{
  g_return_if_fail (CD_IS_CONTEXT (self));
  g_return_if_fail (session == NULL || CD_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  forget_clients (self);
  g_object_notify_by_pspec (G_OBJECT (self), cd_context_properties[CD_CONTEXT_PROP_SESSION]);
  cd_context_restart_sync_worker (self);
}

/* --- GObject --------------------------------------------------------------------------------- */

static void
cd_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CdContext *self = CD_CONTEXT (object);

  switch (prop_id)
    {
    case CD_CONTEXT_PROP_DB_PATH:
      g_value_set_string (value, self->db_path);
      break;

    case CD_CONTEXT_PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case CD_CONTEXT_PROP_CENTRAL_URL:
      g_value_set_string (value, self->central_url);
      break;

    case CD_CONTEXT_PROP_EVIDENCE_URL:
      g_value_set_string (value, self->evidence_url);
      break;

    case CD_CONTEXT_PROP_RULE_PACK:
      g_value_set_pointer (value, self->rule_pack);
      break;

    case CD_CONTEXT_PROP_SYNC_WORKER:
      g_value_set_object (value, self->sync_worker);
      break;

    case CD_CONTEXT_PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    case CD_CONTEXT_PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case CD_CONTEXT_PROP_BACKUP_WORKER:
      g_value_set_object (value, self->backup_worker);
      break;

    case CD_CONTEXT_PROP_RESTORING:
      g_value_set_boolean (value, self->restoring);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CdContext *self = CD_CONTEXT (object);

  switch (prop_id)
    {
    case CD_CONTEXT_PROP_DB_PATH:
      cd_context_set_db_path (self, g_value_get_string (value));
      break;

    case CD_CONTEXT_PROP_DATABASE:
      cd_context_set_database (self, g_value_get_object (value));
      break;

    case CD_CONTEXT_PROP_CLOCK:
      cd_context_set_clock (self, g_value_get_object (value));
      break;

    case CD_CONTEXT_PROP_SESSION:
      cd_context_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_context_dispose (GObject *object)
{
  CdContext *self = CD_CONTEXT (object);

  g_cancellable_cancel (self->cancellable);
  if (self->verification_worker != NULL)
    cd_verification_worker_stop (self->verification_worker);
  g_clear_object (&self->verification_worker);
  if (self->sync_worker != NULL)
    cd_sync_worker_stop (self->sync_worker);
  g_clear_object (&self->sync_worker);
  if (self->backup_worker != NULL)
    cd_backup_worker_stop (self->backup_worker);
  g_clear_object (&self->backup_worker);
  forget_clients (self);
  g_clear_object (&self->http);
  g_clear_object (&self->session);
  g_clear_object (&self->database);
  g_clear_object (&self->trust);

  G_OBJECT_CLASS (cd_context_parent_class)->dispose (object);
}

static void
cd_context_finalize (GObject *object)
{
  CdContext *self = CD_CONTEXT (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->rule_pack, cd_rule_pack_unref);
  g_free (self->packs_dir);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->central_url, g_free);
  g_clear_pointer (&self->evidence_url, g_free);
  g_clear_pointer (&self->civil_url, g_free);
  g_clear_pointer (&self->population_url, g_free);
  g_clear_pointer (&self->credential, cd_office_credential_free);
  g_clear_pointer (&self->operator, g_free);
  g_clear_pointer (&self->trust_dir, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cd_context_parent_class)->finalize (object);
}

static void
cd_context_class_init (CdContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = cd_context_get_property;
  object_class->set_property = cd_context_set_property;
  object_class->dispose = cd_context_dispose;
  object_class->finalize = cd_context_finalize;

  cd_context_properties[CD_CONTEXT_PROP_DB_PATH] = g_param_spec_string ("db-path", NULL, NULL, NULL, rw);
  cd_context_properties[CD_CONTEXT_PROP_DATABASE] = g_param_spec_object ("database", NULL, NULL, CD_TYPE_DATABASE, rw);
  cd_context_properties[CD_CONTEXT_PROP_CENTRAL_URL] = g_param_spec_string ("central-url", NULL, NULL, NULL, ro);
  cd_context_properties[CD_CONTEXT_PROP_EVIDENCE_URL] = g_param_spec_string ("evidence-url", NULL, NULL, NULL, ro);
  cd_context_properties[CD_CONTEXT_PROP_RULE_PACK] = g_param_spec_pointer ("rule-pack", NULL, NULL, ro);
  cd_context_properties[CD_CONTEXT_PROP_SYNC_WORKER] = g_param_spec_object ("sync-worker", NULL, NULL,
                                                      CD_TYPE_SYNC_WORKER, ro);
  cd_context_properties[CD_CONTEXT_PROP_CLOCK] = g_param_spec_object ("clock", NULL, NULL, CD_TYPE_CLOCK, rw);
  cd_context_properties[CD_CONTEXT_PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, CD_TYPE_SESSION, rw);
  cd_context_properties[CD_CONTEXT_PROP_BACKUP_WORKER] =
    g_param_spec_object ("backup-worker", NULL, NULL, CD_TYPE_BACKUP_WORKER, ro);
  cd_context_properties[CD_CONTEXT_PROP_RESTORING] =
    g_param_spec_boolean ("restoring", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, CD_CONTEXT_N_PROPS, cd_context_properties);

  /* The background check found the store damaged; the message names the file and how to
   * restore it. The writer stays open: what was saved is still readable. */
  cd_context_signals[CD_CONTEXT_DATABASE_DAMAGED] =
    g_signal_new ("database-damaged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* How far the copy of a restore is (0 to 1), on the main context. */
  cd_context_signals[CD_CONTEXT_RESTORE_PROGRESS] =
    g_signal_new ("restore-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
}

static void
cd_context_init (CdContext *self)
{
  g_mutex_init (&self->lock);
  self->cancellable = g_cancellable_new ();
  self->clock = g_object_ref (cd_clock_get_default ());
  g_signal_connect (self, "notify::sync-worker", G_CALLBACK (follow_sync_worker_for_packs), NULL);
}
