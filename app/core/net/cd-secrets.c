/* cd-secrets.c — secrets in the Secret Service, through libsecret's SecretService API.
 *
 * libsecret's simpler secret_password_*() calls go through its "backends", one of which keeps an
 * encrypted file of its own (in Flatpak and Snap sandboxes, or when SECRET_BACKEND=file); this
 * module talks to the Secret Service on the session bus and nothing else, so "no keyring" is an
 * error, never a quiet fallback to a file. No secret value is ever logged here, g_debug included.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-secret-fence.h"
#include "cd-secrets.h"

G_DEFINE_QUARK (cd-secrets-error-quark, cd_secrets_error)

typedef enum
{
  OPERATION_STORE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
} Operation;

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    CD_SECRETS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "central", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static gboolean
kind_is_valid (CdSecretKind kind)
{
  return kind == CD_SECRET_KIND_OFFICE_CREDENTIAL || kind == CD_SECRET_KIND_OFFICER_TOKEN;
}

const char *
cd_secret_kind_to_string (CdSecretKind kind)
{
  switch (kind)
    {
    case CD_SECRET_KIND_OFFICE_CREDENTIAL:
      return "office-credential";
    case CD_SECRET_KIND_OFFICER_TOKEN:
      return "officer-token";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
cd_secret_kind_from_string (const char   *text,
                            CdSecretKind *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  if (g_strcmp0 (text, "office-credential") == 0)
    *out_kind = CD_SECRET_KIND_OFFICE_CREDENTIAL;
  else if (g_strcmp0 (text, "officer-token") == 0)
    *out_kind = CD_SECRET_KIND_OFFICER_TOKEN;
  else
    return FALSE;
  return TRUE;
}

void
cd_secrets_free (char *secret)
{
  if (secret == NULL)
    return;
  secret_password_wipe (secret);
  g_free (secret);
}

/* ---- errors --------------------------------------------------------------------------------- */

/* What did not happen, said at the end of every error message. */
static const char *
not_done (Operation operation)
{
  switch (operation)
    {
    case OPERATION_STORE:
      return _("The secret was not stored, and ClaimDesk never keeps it in a file instead.");
    case OPERATION_LOOKUP:
      return _("The secret could not be read.");
    case OPERATION_CLEAR:
      return _("The secret could not be removed.");
    default:
      g_assert_not_reached ();
    }
}

/* The bus is there but nothing answers for org.freedesktop.secrets, and it cannot be started. */
static gboolean
is_no_service (const GError *error)
{
  if (error->domain != G_DBUS_ERROR)
    return FALSE;
  switch (error->code)
    {
    case G_DBUS_ERROR_SERVICE_UNKNOWN:
    case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
    case G_DBUS_ERROR_NO_SERVER:
    case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
    case G_DBUS_ERROR_SPAWN_FORK_FAILED:
    case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
    case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
    case G_DBUS_ERROR_SPAWN_FAILED:
    case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
    case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
    case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
    case G_DBUS_ERROR_SPAWN_FILE_INVALID:
    case G_DBUS_ERROR_SPAWN_NO_MEMORY:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Moves `cause` into `error` as a CD_SECRETS_ERROR (a cancellation stays what it is). The remote
 * error name is stripped from D-Bus messages: it helps nobody reading them. */
static void
propagate (GError    **error,
           Operation   operation,
           GError     *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return;
    }
  if (g_dbus_error_is_remote_error (cause))
    g_dbus_error_strip_remote_error (cause);

  if (is_no_service (cause))
    g_set_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_NO_KEYRING,
                 _("No keyring is running: nothing provides the Secret Service on the session bus "
                   "(%s). Sign in to a desktop session that starts one (GNOME starts "
                   "gnome-keyring), or start it with “gnome-keyring-daemon --start "
                   "--components=secrets”, then try again. %s"),
                 cause->message, not_done (operation));
  else if (g_error_matches (cause, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    g_set_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_LOCKED,
                 _("The keyring is locked and was not unlocked (%s). Unlock it, for example in "
                   "Passwords and Keys, and try again. %s"),
                 cause->message, not_done (operation));
  else
    g_set_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_FAILED,
                 _("The keyring failed: %s. %s"), cause->message, not_done (operation));
  g_error_free (cause);
}

static void
set_locked (GError    **error,
            Operation   operation)
{
  g_set_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_LOCKED,
               _("The keyring is locked and was not unlocked. Unlock it, for example in "
                 "Passwords and Keys, and try again. %s"),
               not_done (operation));
}

/* The Secret Service on the session bus, its session open. */
static SecretService *
open_service (Operation      operation,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GDBusConnection) bus = NULL;
  GError *local_error = NULL;
  SecretService *service;

  /* Asked first, so that "no bus at all" gets its own message. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &local_error);
  if (bus == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      g_set_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_NO_KEYRING,
                   _("No keyring can be reached: there is no D-Bus session bus (%s). Sign in to a "
                     "desktop session, or run the program inside “dbus-run-session” with "
                     "gnome-keyring-daemon started, then try again. %s"),
                   local_error->message, not_done (operation));
      g_error_free (local_error);
      return NULL;
    }

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, cancellable, &local_error);
  if (service == NULL)
    propagate (error, operation, local_error);
  return service;
}

static GHashTable *
build_attributes (CdSecretKind  kind,
                  const char   *central,
                  const char   *account)
{
  return secret_attributes_build (get_schema (),
                                  "kind", cd_secret_kind_to_string (kind),
                                  "central", central,
                                  "account", account,
                                  NULL);
}

/* ---- sync ----------------------------------------------------------------------------------- */

gboolean
cd_secrets_store_sync (CdSecretKind   kind,
                       const char    *central,
                       const char    *account,
                       const char    *label,
                       const char    *secret,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *default_label = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (kind_is_valid (kind), FALSE);
  g_return_val_if_fail (central != NULL && *central != '\0', FALSE);
  g_return_val_if_fail (account != NULL && *account != '\0', FALSE);
  g_return_val_if_fail (secret != NULL && *secret != '\0', FALSE);
  g_return_val_if_fail (g_utf8_validate (secret, -1, NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  service = open_service (OPERATION_STORE, cancellable, error);
  if (service == NULL)
    return FALSE;

  if (label == NULL)
    {
      if (kind == CD_SECRET_KIND_OFFICE_CREDENTIAL)
        /* Translators: shown by keyring managers; the office code, then the central's URL. */
        default_label = g_strdup_printf (_("ClaimDesk credentials of office %s at %s"),
                                         account, central);
      else
        /* Translators: shown by keyring managers; the officer's login, then the central's URL. */
        default_label = g_strdup_printf (_("ClaimDesk token of officer %s at %s"),
                                         account, central);
      label = default_label;
    }

  attributes = build_attributes (kind, central, account);
  value = secret_value_new (secret, -1, "text/plain");
  /* An item with the same attributes is replaced (the Secret Service's CreateItem with replace). */
  if (!secret_service_store_sync (service, get_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                                  label, value, cancellable, &local_error))
    {
      propagate (error, OPERATION_STORE, local_error);
      return FALSE;
    }
  g_debug ("Stored the %s of %s at %s in the keyring", cd_secret_kind_to_string (kind), account,
           central);
  return TRUE;
}

/* The items of (kind, central, account), unlocked if they can be; NULL and no error when none. */
static GList *
find_items (SecretService      *service,
            CdSecretKind        kind,
            const char         *central,
            const char         *account,
            SecretSearchFlags   flags,
            Operation           operation,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autoptr(GHashTable) attributes = build_attributes (kind, central, account);
  GError *local_error = NULL;
  GList *items;

  items = secret_service_search_sync (service, get_schema (), attributes,
                                      flags | SECRET_SEARCH_UNLOCK, cancellable, &local_error);
  if (local_error != NULL)
    {
      propagate (error, operation, local_error);
      return NULL;
    }
  /* A keyring whose unlock prompt was dismissed (or could not be shown) leaves the item locked,
   * which libsecret does not count as an error: it is one here, never "not stored". */
  for (GList *l = items; l != NULL; l = l->next)
    if (secret_item_get_locked (l->data))
      {
        g_list_free_full (items, g_object_unref);
        set_locked (error, operation);
        return NULL;
      }
  return items;
}

char *
cd_secrets_lookup_sync (CdSecretKind   kind,
                        const char    *central,
                        const char    *account,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autolist(SecretItem) items = NULL;
  g_autoptr(SecretValue) value = NULL;
  GError *local_error = NULL;
  const char *text;

  g_return_val_if_fail (kind_is_valid (kind), NULL);
  g_return_val_if_fail (central != NULL && *central != '\0', NULL);
  g_return_val_if_fail (account != NULL && *account != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  service = open_service (OPERATION_LOOKUP, cancellable, error);
  if (service == NULL)
    return NULL;
  items = find_items (service, kind, central, account, SECRET_SEARCH_LOAD_SECRETS,
                      OPERATION_LOOKUP, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (items == NULL)
    return NULL;

  value = secret_item_get_secret (items->data);
  if (value == NULL)
    {
      if (!secret_item_load_secret_sync (items->data, cancellable, &local_error))
        {
          propagate (error, OPERATION_LOOKUP, local_error);
          return NULL;
        }
      value = secret_item_get_secret (items->data);
    }
  text = value != NULL ? secret_value_get_text (value) : NULL;
  if (text == NULL)
    {
      g_set_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_FAILED,
                   _("The keyring holds something for %s at %s that is not text. %s"),
                   account, central, not_done (OPERATION_LOOKUP));
      return NULL;
    }
  return g_strdup (text);
}

gboolean
cd_secrets_clear_sync (CdSecretKind   kind,
                       const char    *central,
                       const char    *account,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autolist(SecretItem) items = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (kind_is_valid (kind), FALSE);
  g_return_val_if_fail (central != NULL && *central != '\0', FALSE);
  g_return_val_if_fail (account != NULL && *account != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  service = open_service (OPERATION_CLEAR, cancellable, error);
  if (service == NULL)
    return FALSE;
  /* Every match, not just the first: a second copy left behind would still be found. */
  items = find_items (service, kind, central, account, SECRET_SEARCH_ALL, OPERATION_CLEAR,
                      cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (GList *l = items; l != NULL; l = l->next)
    if (!secret_item_delete_sync (l->data, cancellable, &local_error))
      {
        propagate (error, OPERATION_CLEAR, local_error);
        return FALSE;
      }
  return items != NULL;
}

/* ---- async ---------------------------------------------------------------------------------- */

typedef struct
{
  CdSecretKind  kind;
  char         *central;
  char         *account;
  char         *label;
  char         *secret;
} Request;

static void
request_free (Request *request)
{
  g_free (request->central);
  g_free (request->account);
  g_free (request->label);
  cd_secrets_free (request->secret);
  g_free (request);
}

static GTask *
request_task (gpointer             source_tag,
              CdSecretKind         kind,
              const char          *central,
              const char          *account,
              const char          *label,
              const char          *secret,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  request->kind = kind;
  request->central = g_strdup (central);
  request->account = g_strdup (account);
  request->label = g_strdup (label);
  request->secret = g_strdup (secret);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  return task;
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  if (cd_secrets_store_sync (request->kind, request->central, request->account, request->label,
                             request->secret, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cd_secrets_store_async (CdSecretKind         kind,
                        const char          *central,
                        const char          *account,
                        const char          *label,
                        const char          *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (kind_is_valid (kind));
  g_return_if_fail (central != NULL && *central != '\0');
  g_return_if_fail (account != NULL && *account != '\0');
  g_return_if_fail (secret != NULL && *secret != '\0');
  g_return_if_fail (g_utf8_validate (secret, -1, NULL));

  task = request_task (cd_secrets_store_async, kind, central, account, label, secret, cancellable,
                       callback, user_data);
  g_task_run_in_thread (task, store_thread);
}

gboolean
cd_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_secrets_store_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  char *secret = cd_secrets_lookup_sync (request->kind, request->central, request->account,
                                         cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) cd_secrets_free);
}

void
cd_secrets_lookup_async (CdSecretKind         kind,
                         const char          *central,
                         const char          *account,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (kind_is_valid (kind));
  g_return_if_fail (central != NULL && *central != '\0');
  g_return_if_fail (account != NULL && *account != '\0');

  task = request_task (cd_secrets_lookup_async, kind, central, account, NULL, NULL, cancellable,
                       callback, user_data);
  g_task_run_in_thread (task, lookup_thread);
}

char *
cd_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_secrets_lookup_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  gboolean removed = cd_secrets_clear_sync (request->kind, request->central, request->account,
                                            cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, removed);
}

void
cd_secrets_clear_async (CdSecretKind         kind,
                        const char          *central,
                        const char          *account,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (kind_is_valid (kind));
  g_return_if_fail (central != NULL && *central != '\0');
  g_return_if_fail (account != NULL && *account != '\0');

  task = request_task (cd_secrets_clear_async, kind, central, account, NULL, NULL, cancellable,
                       callback, user_data);
  g_task_run_in_thread (task, clear_thread);
}

gboolean
cd_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_secrets_clear_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
