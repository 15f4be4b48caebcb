/* cd-office-connection.c — an enrolled office's connection, from the store and the keyring. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-office-connection.h"
#include "cd-office-setup.h"
#include "cd-secrets.h"

void
cd_office_connection_free (CdOfficeConnection *connection)
{
  if (connection == NULL)
    return;
  g_free (connection->office_code);
  g_clear_pointer (&connection->endpoints, cd_endpoints_free);
  g_clear_object (&connection->trust);
  g_clear_pointer (&connection->credential, cd_office_credential_free);
  g_free (connection->problem);
  g_free (connection);
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

static void
on_credential_found (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdOfficeConnection *connection = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *text = cd_secrets_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (text != NULL)
    {
      connection->credential = cd_office_credential_parse (text, &error);
      cd_secrets_free (text);
    }
  else if (error == NULL)
    connection->problem = g_strdup_printf (_("The keyring holds no credentials for the office %s: "
                                             "enrol this workstation again (Preferences, Office "
                                             "Connection)."),
                                           connection->office_code);
  if (error != NULL)
    connection->problem = g_strdup (error->message);
  g_task_return_pointer (task, g_steal_pointer (&connection), NULL);
}

/* The store's part, in a worker thread: the setup from a reader of its own, and the trust store
 * (the workstation's folder of anchors is read from disk), so that opening a store never reads
 * files on the main loop. */
typedef struct
{
  char               *db_path;
  CdOfficeConnection *connection;   /* the outer task's, filled here */
  char               *central_url;  /* where to ask the keyring for, when enrolled */
} StoreRead;

static void
store_read_free (StoreRead *read)
{
  g_free (read->db_path);
  g_free (read->central_url);
  g_free (read);
}

static void
read_store_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  StoreRead *read = task_data;
  CdOfficeConnection *connection = read->connection;
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (read->db_path, &error);
  g_autoptr(CdOfficeSetup) setup = reader != NULL ? cd_office_setup_read (reader, &error) : NULL;

  if (setup == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  connection->trust = cd_office_connection_trust_store (setup->anchors, &error);
  if (connection->trust == NULL)
    {
      connection->problem = g_strdup (error->message);
      g_clear_error (&error);
    }
  if (cd_office_setup_is_enrolled (setup))
    {
      connection->enrolled = TRUE;
      connection->office_code = g_strdup (setup->office_code);
      if (setup->endpoints != NULL)
        connection->endpoints = cd_endpoints_copy (setup->endpoints);
      read->central_url = g_strdup (setup->central_url);
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_store_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdOfficeConnection *connection = g_task_get_task_data (task);
  StoreRead *read = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!connection->enrolled)
    {
      g_task_return_pointer (task, connection, NULL);
      return;
    }
  cd_secrets_lookup_async (CD_SECRET_KIND_OFFICE_CREDENTIAL, read->central_url,
                           connection->office_code, g_task_get_cancellable (task),
                           on_credential_found, g_object_ref (task));
}

void
cd_office_connection_load_async (const char          *db_path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) store_task = NULL;
  StoreRead *read;

  g_return_if_fail (db_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_office_connection_load_async);
  /* Owned by the task until it is returned; then by the caller. */
  g_task_set_task_data (task, g_new0 (CdOfficeConnection, 1), NULL);
  read = g_new0 (StoreRead, 1);
  read->db_path = g_strdup (db_path);
  read->connection = g_task_get_task_data (task);
  store_task = g_task_new (NULL, cancellable, on_store_read, g_object_ref (task));
  g_task_set_task_data (store_task, read, (GDestroyNotify) store_read_free);
  g_task_run_in_thread (store_task, read_store_thread);
}

CdOfficeConnection *
cd_office_connection_load_finish (GAsyncResult  *result,
                                  GError       **error)
{
  GTask *task = G_TASK (result);
  CdOfficeConnection *connection;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  connection = g_task_propagate_pointer (task, error);
  if (connection == NULL)
    cd_office_connection_free (g_task_get_task_data (task));
  return connection;
}
