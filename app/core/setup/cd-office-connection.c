/* cd-office-connection.c — an enrolled office's connection, from the store and the keyring. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-office-connection.h"
#include "cd-office-setup.h"
#include "cd-secrets.h"

typedef struct
{
  CdContext     *context;
  CdOfficeSetup *setup;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->context);
  g_clear_pointer (&job->setup, cd_office_setup_free);
  g_free (job);
}

static void
on_credential_found (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = cd_secrets_lookup_finish (result, &error);
  g_autoptr(CdOfficeCredential) credential = NULL;

  if (text == NULL && error == NULL)
    g_set_error (&error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_FAILED,
                 _("The keyring holds no credentials for the office %s at %s: enrol this "
                   "workstation again (Preferences, Office Connection)."),
                 job->setup->office_code, job->setup->central_url);
  if (text != NULL)
    {
      credential = cd_office_credential_parse (text, &error);
      memset (text, 0, strlen (text));
    }
  if (credential != NULL)
    cd_context_set_office_credential (job->context, credential);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_setup_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) trust = NULL;

  job->setup = cd_office_setup_read_finish (result, &error);
  if (job->setup == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!cd_office_setup_is_enrolled (job->setup))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (job->setup->endpoints != NULL)
    cd_context_set_endpoints (job->context, job->setup->endpoints);
  trust = cd_office_connection_trust_store (job->setup->anchors, &error);
  if (trust != NULL)
    cd_context_set_trust_store (job->context, trust);
  else
    g_warning ("The office's trust anchors could not be read: %s", error->message);
  g_clear_error (&error);
  cd_secrets_lookup_async (CD_SECRET_KIND_OFFICE_CREDENTIAL, job->setup->central_url,
                           job->setup->office_code, g_task_get_cancellable (task),
                           on_credential_found, g_object_ref (task));
}

CdTrustStore *
cd_office_connection_trust_store (GPtrArray  *anchors,
                                  GError    **error)
{
  g_autoptr(CdTrustStore) trust = cd_trust_store_new_default (error);

  if (trust == NULL)
    return NULL;
  for (guint i = 0; anchors != NULL && i < anchors->len; i++)
    {
      CdTrustAnchor *anchor = g_ptr_array_index (anchors, i);

      if (!cd_trust_store_add_pem (trust, anchor->pem, strlen (anchor->pem), anchor->source,
                                   error))
        return NULL;
    }
  return g_steal_pointer (&trust);
}

void
cd_office_connection_load_async (CdContext           *context,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (CD_IS_CONTEXT (context));
  g_return_if_fail (cd_context_get_db_path (context) != NULL);

  task = g_task_new (context, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_office_connection_load_async);
  job = g_new0 (LoadJob, 1);
  job->context = g_object_ref (context);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  cd_office_setup_read_async (cd_context_get_db_path (context), cancellable, on_setup_read,
                              g_object_ref (task));
}

gboolean
cd_office_connection_load_finish (CdContext     *context,
                                  GAsyncResult  *result,
                                  gboolean      *enrolled,
                                  GError       **error)
{
  LoadJob *job;

  g_return_val_if_fail (g_task_is_valid (result, context), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (enrolled != NULL)
    *enrolled = job->setup != NULL && cd_office_setup_is_enrolled (job->setup);
  return g_task_propagate_boolean (G_TASK (result), error);
}
