/* cd-office-setup.c — the workstation's connection to central, kept in the office store. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-json-util.h"
#include "cd-office-setup.h"
#include "cd-settings.h"
#include "cd-trust-anchor.h"

G_DEFINE_QUARK (cd-office-setup-error-quark, cd_office_setup_error)

void
cd_office_setup_free (CdOfficeSetup *setup)
{
  if (setup == NULL)
    return;
  g_free (setup->central_url);
  g_free (setup->office_code);
  g_free (setup->office_name);
  g_free (setup->province);
  g_free (setup->credential_id);
  g_free (setup->enrolled_at);
  g_clear_pointer (&setup->endpoints, cd_endpoints_free);
  g_free (setup->document_issued_at);
  g_free (setup->document_sha256);
  g_free (setup->document_signer);
  g_free (setup->document_applied_at);
  g_clear_pointer (&setup->anchors, g_ptr_array_unref);
  g_free (setup);
}

gboolean
cd_office_setup_is_enrolled (const CdOfficeSetup *setup)
{
  g_return_val_if_fail (setup != NULL, FALSE);
  return setup->office_code != NULL && setup->credential_id != NULL;
}

CdTrustStore *
cd_office_setup_dup_trust_store (const CdOfficeSetup  *setup,
                                 GError              **error)
{
  g_return_val_if_fail (setup != NULL, NULL);

  if (setup->anchors == NULL || setup->anchors->len == 0)
    return NULL;
  return cd_trust_anchors_to_store (setup->anchors, error);
}

/* ---- reading ------------------------------------------------------------------------------- */

/* NULL for a missing or empty value. */
static char *
dup_setting (CdDatabase  *db,
             const char  *key,
             GError     **error)
{
  char *value = cd_settings_dup_text (db, key, NULL, error);

  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static char *
endpoint_key (CdSystem system)
{
  return g_strconcat (CD_SETTING_SETUP_ENDPOINT_PREFIX, cd_system_to_string (system), NULL);
}

/* The stored anchors: a JSON array of {"pem", "source"}. A damaged entry is skipped with a
 * warning rather than taking every other anchor with it. */
static GPtrArray *
read_anchors (CdDatabase  *db,
              GError     **error)
{
  g_autoptr(GPtrArray) anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_trust_anchor_free);
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;

  json = cd_settings_dup_text (db, CD_SETTING_SETUP_ANCHORS, "[]", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_warning ("%s: not a JSON array; no trust anchors read", CD_SETTING_SETUP_ANCHORS);
      return g_steal_pointer (&anchors);
    }
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *pem = object != NULL ? json_object_get_string_member_with_default (object, "pem", NULL)
                                       : NULL;
      const char *source = object != NULL
                           ? json_object_get_string_member_with_default (object, "source", "?") : "?";
      g_autoptr(GPtrArray) parsed = NULL;
      g_autoptr(GError) pem_error = NULL;

      parsed = pem != NULL ? cd_trust_anchors_from_pem (pem, strlen (pem), source, &pem_error) : NULL;
      if (parsed == NULL)
        {
          g_warning ("%s: entry %u skipped: %s", CD_SETTING_SETUP_ANCHORS, i,
                     pem_error != NULL ? pem_error->message : "no pem");
          continue;
        }
      for (guint k = 0; k < parsed->len; k++)
        g_ptr_array_add (anchors, cd_trust_anchor_copy (g_ptr_array_index (parsed, k)));
    }
  return g_steal_pointer (&anchors);
}

CdOfficeSetup *
cd_office_setup_read (CdDatabase  *db,
                      GError     **error)
{
  g_autoptr(CdOfficeSetup) setup = g_new0 (CdOfficeSetup, 1);
  g_autoptr(GError) local_error = NULL;
  gboolean any_endpoint = FALSE;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);

  setup->central_url = dup_setting (db, CD_SETTING_SETUP_CENTRAL_URL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  setup->office_code = dup_setting (db, CD_SETTING_SETUP_OFFICE_CODE, NULL);
  setup->office_name = dup_setting (db, CD_SETTING_SETUP_OFFICE_NAME, NULL);
  setup->province = dup_setting (db, CD_SETTING_SETUP_OFFICE_PROVINCE, NULL);
  setup->credential_id = dup_setting (db, CD_SETTING_SETUP_CREDENTIAL_ID, NULL);
  setup->enrolled_at = dup_setting (db, CD_SETTING_SETUP_ENROLLED_AT, NULL);
  setup->endpoints = cd_endpoints_new ();
  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    {
      g_autofree char *key = endpoint_key (i);
      g_autofree char *url = dup_setting (db, key, NULL);

      any_endpoint |= url != NULL;
      cd_endpoints_set (setup->endpoints, i, url);
    }
  if (!any_endpoint)
    g_clear_pointer (&setup->endpoints, cd_endpoints_free);
  setup->document_serial = cd_settings_get_int64 (db, CD_SETTING_SETUP_DOCUMENT_SERIAL, 0, NULL);
  setup->document_issued_at = dup_setting (db, CD_SETTING_SETUP_DOCUMENT_ISSUED, NULL);
  setup->document_sha256 = dup_setting (db, CD_SETTING_SETUP_DOCUMENT_SHA256, NULL);
  setup->document_signer = dup_setting (db, CD_SETTING_SETUP_DOCUMENT_SIGNER, NULL);
  setup->document_applied_at = dup_setting (db, CD_SETTING_SETUP_DOCUMENT_APPLIED, NULL);
  setup->anchors = read_anchors (db, error);
  if (setup->anchors == NULL)
    return NULL;
  return g_steal_pointer (&setup);
}

/* ---- writing ------------------------------------------------------------------------------- */

static gboolean
check_admin (CdSession   *admin,
             const char  *what,
             GError     **error)
{
  return admin == NULL || cd_session_require_role (admin, CD_ROLE_BIT (CD_ROLE_ADMIN), what, error);
}

static gboolean
store_failed (GError **error,
              GError  *cause)
{
  g_set_error (error, CD_OFFICE_SETUP_ERROR, CD_OFFICE_SETUP_ERROR_FAILED,
               _("The connection settings could not be saved: %s"), cause->message);
  return FALSE;
}

/* A change: the keys written (value NULL: written as "") and the audit entry, in one
 * transaction that the caller has begun. */
typedef struct
{
  JsonBuilder *before;
  JsonBuilder *after;
  CdDatabase  *db;
  GError      *error;
} Change;

static void
change_init (Change     *change,
             CdDatabase *db)
{
  change->db = db;
  change->before = json_builder_new ();
  change->after = json_builder_new ();
  json_builder_begin_object (change->before);
  json_builder_begin_object (change->after);
}

static void
change_clear (Change *change)
{
  g_clear_object (&change->before);
  g_clear_object (&change->after);
  g_clear_error (&change->error);
}

/* Writes `key` if its value changes, and says so in the entry. */
static void
change_set (Change     *change,
            const char *key,
            const char *value)
{
  g_autofree char *old = NULL;

  if (change->error != NULL)
    return;
  old = dup_setting (change->db, key, &change->error);
  if (change->error != NULL || g_strcmp0 (old, value) == 0)
    return;
  cd_json_add_string_member (change->before, key, old);
  cd_json_add_string_member (change->after, key, value);
  cd_settings_set_text (change->db, key, value != NULL ? value : "", &change->error);
}

/* Appends the entry and commits; rolls back on any failure. FALSE with nothing changed. */
static gboolean
change_commit (Change      *change,
               CdSession   *admin,
               const char  *action,
               GError     **error)
{
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  CdAuditEntry entry = { 0 };

  if (change->error != NULL)
    {
      cd_database_rollback (change->db);
      return store_failed (error, change->error);
    }
  json_builder_end_object (change->before);
  json_builder_end_object (change->after);
  before = json_builder_get_root (change->before);
  after = json_builder_get_root (change->after);
  before_text = json_to_string (before, FALSE);
  after_text = json_to_string (after, FALSE);
  entry.user_id = admin != NULL ? cd_session_get_user_id (admin) : 0;
  entry.action = action;
  entry.entity = "settings";
  entry.before = before_text;
  entry.after = after_text;
  if (!cd_audit_log_append (change->db, &entry, error))
    {
      cd_database_rollback (change->db);
      return FALSE;
    }
  if (!cd_database_commit (change->db, &change->error))
    {
      cd_database_rollback (change->db);
      return store_failed (error, change->error);
    }
  return TRUE;
}

gboolean
cd_office_setup_record_enrolment (CdDatabase         *db,
                                  CdSession          *admin,
                                  const CdEnrolment  *enrolment,
                                  GError            **error)
{
  g_autofree char *now = NULL;
  Change change = { 0 };
  gboolean ok;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (admin == NULL || CD_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (enrolment != NULL && enrolment->credential != NULL, FALSE);

  if (!check_admin (admin, _("enrol the workstation"), error))
    return FALSE;
  if (!cd_database_begin_immediate (db, &change.error))
    {
      ok = store_failed (error, change.error);
      change_clear (&change);
      return ok;
    }
  now = cd_audit_log_now ();
  change_init (&change, db);
  change_set (&change, CD_SETTING_SETUP_CENTRAL_URL, enrolment->central_url);
  change_set (&change, CD_SETTING_SETUP_OFFICE_CODE, enrolment->office_code);
  change_set (&change, CD_SETTING_SETUP_OFFICE_NAME, enrolment->office_name);
  change_set (&change, CD_SETTING_SETUP_OFFICE_PROVINCE, enrolment->province);
  change_set (&change, CD_SETTING_SETUP_CREDENTIAL_ID, enrolment->credential->id);
  change_set (&change, CD_SETTING_SETUP_ENROLLED_AT, now);
  /* The office's rules name the office central enrolled (letters, backups' names, new accounts'
   * office), in the same audited change. */
  change_set (&change, CD_SETTING_OFFICE_CODE, enrolment->office_code);
  ok = change_commit (&change, admin, "setup.enrol", error);
  change_clear (&change);
  return ok;
}

/* The anchors as stored: [{"pem", "source"}]. */
static char *
anchors_to_json (GPtrArray *anchors)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < anchors->len; i++)
    {
      CdTrustAnchor *anchor = g_ptr_array_index (anchors, i);

      json_builder_begin_object (builder);
      cd_json_add_string_member (builder, "pem", anchor->pem);
      cd_json_add_string_member (builder, "source", anchor->source);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* What the audit entry says of a list of anchors: each one's fingerprint, subject and source. */
static void
add_anchor_list (JsonBuilder *builder,
                 const char  *name,
                 GPtrArray   *anchors)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < anchors->len; i++)
    {
      CdTrustAnchor *anchor = g_ptr_array_index (anchors, i);

      json_builder_begin_object (builder);
      cd_json_add_string_member (builder, "sha256", anchor->sha256);
      cd_json_add_string_member (builder, "subject", anchor->subject);
      cd_json_add_string_member (builder, "source", anchor->source);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static gboolean
has_anchor (GPtrArray  *anchors,
            const char *sha256)
{
  for (guint i = 0; i < anchors->len; i++)
    if (g_ascii_strcasecmp (((CdTrustAnchor *) g_ptr_array_index (anchors, i))->sha256, sha256) == 0)
      return TRUE;
  return FALSE;
}

/* Writes the new list if it differs from the old, with both in the entry. */
static void
change_anchors (Change    *change,
                GPtrArray *old_anchors,
                GPtrArray *new_anchors)
{
  g_autofree char *json = NULL;
  gboolean same = old_anchors->len == new_anchors->len;

  for (guint i = 0; same && i < new_anchors->len; i++)
    same = g_strcmp0 (((CdTrustAnchor *) g_ptr_array_index (old_anchors, i))->sha256,
                      ((CdTrustAnchor *) g_ptr_array_index (new_anchors, i))->sha256) == 0
           && g_strcmp0 (((CdTrustAnchor *) g_ptr_array_index (old_anchors, i))->source,
                         ((CdTrustAnchor *) g_ptr_array_index (new_anchors, i))->source) == 0;
  if (same || change->error != NULL)
    return;
  add_anchor_list (change->before, CD_SETTING_SETUP_ANCHORS, old_anchors);
  add_anchor_list (change->after, CD_SETTING_SETUP_ANCHORS, new_anchors);
  json = anchors_to_json (new_anchors);
  cd_settings_set_text (change->db, CD_SETTING_SETUP_ANCHORS, json, &change->error);
}

gboolean
cd_office_setup_apply_document (CdDatabase              *db,
                                CdSession               *admin,
                                const CdConfigDocument  *document,
                                GError                 **error)
{
  g_autoptr(CdOfficeSetup) current = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  g_autofree char *now = NULL;
  g_autofree char *serial = NULL;
  g_autoptr(GError) local_error = NULL;
  Change change = { 0 };
  gboolean ok;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (admin == NULL || CD_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (document != NULL && document->endpoints != NULL, FALSE);

  if (!check_admin (admin, _("change the connection settings"), error))
    return FALSE;
  if (!cd_database_begin_immediate (db, &local_error))
    return store_failed (error, local_error);
  current = cd_office_setup_read (db, &local_error);
  if (current == NULL)
    {
      cd_database_rollback (db);
      return store_failed (error, local_error);
    }
  if (current->office_code != NULL && g_strcmp0 (current->office_code, document->office_code) != 0)
    {
      cd_database_rollback (db);
      g_set_error (error, CD_OFFICE_SETUP_ERROR, CD_OFFICE_SETUP_ERROR_OTHER_OFFICE,
                   _("The configuration document is for office %s, but this workstation is "
                     "enrolled for office %s; it is not used"),
                   document->office_code, current->office_code);
      return FALSE;
    }
  if (current->document_serial > 0 && document->serial == current->document_serial
      && g_strcmp0 (current->document_sha256, document->sha256) == 0)
    {
      /* The document in force, fetched again: nothing to record. */
      cd_database_rollback (db);
      return TRUE;
    }
  if (document->serial <= current->document_serial)
    {
      g_autofree char *given = g_strdup_printf ("%" G_GINT64_FORMAT, document->serial);
      g_autofree char *in_force = g_strdup_printf ("%" G_GINT64_FORMAT, current->document_serial);

      cd_database_rollback (db);
      g_set_error (error, CD_OFFICE_SETUP_ERROR, CD_OFFICE_SETUP_ERROR_STALE,
                   _("The configuration document has serial %s, not newer than the one in force "
                     "(%s); it is not used"), given, in_force);
      return FALSE;
    }

  /* Central's anchors replace its earlier ones; those an administrator imported stay. */
  anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_trust_anchor_free);
  for (guint i = 0; i < document->anchors->len; i++)
    {
      CdTrustAnchor *anchor = g_ptr_array_index (document->anchors, i);

      if (!has_anchor (anchors, anchor->sha256))
        g_ptr_array_add (anchors, cd_trust_anchor_copy (anchor));
    }
  for (guint i = 0; i < current->anchors->len; i++)
    {
      CdTrustAnchor *anchor = g_ptr_array_index (current->anchors, i);

      if (g_strcmp0 (anchor->source, "central") != 0 && !has_anchor (anchors, anchor->sha256))
        g_ptr_array_add (anchors, cd_trust_anchor_copy (anchor));
    }

  now = cd_audit_log_now ();
  serial = g_strdup_printf ("%" G_GINT64_FORMAT, document->serial);
  change_init (&change, db);
  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    {
      g_autofree char *key = endpoint_key (i);

      change_set (&change, key, cd_endpoints_get (document->endpoints, i));
    }
  change_set (&change, CD_SETTING_SETUP_DOCUMENT_SERIAL, serial);
  change_set (&change, CD_SETTING_SETUP_DOCUMENT_ISSUED, document->issued_at);
  change_set (&change, CD_SETTING_SETUP_DOCUMENT_SHA256, document->sha256);
  change_set (&change, CD_SETTING_SETUP_DOCUMENT_SIGNER, document->signer);
  change_set (&change, CD_SETTING_SETUP_DOCUMENT_APPLIED, now);
  change_anchors (&change, current->anchors, anchors);
  ok = change_commit (&change, admin, "setup.configuration", error);
  change_clear (&change);
  return ok;
}

gboolean
cd_office_setup_import_anchors (CdDatabase  *db,
                                CdSession   *admin,
                                GPtrArray   *imported,
                                GError     **error)
{
  g_autoptr(GPtrArray) old_anchors = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(GError) local_error = NULL;
  Change change = { 0 };
  gboolean ok;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (admin == NULL || CD_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (imported != NULL, FALSE);

  if (!check_admin (admin, _("change the trust anchors"), error))
    return FALSE;
  if (!cd_database_begin_immediate (db, &local_error))
    return store_failed (error, local_error);
  old_anchors = read_anchors (db, &local_error);
  if (old_anchors == NULL)
    {
      cd_database_rollback (db);
      return store_failed (error, local_error);
    }
  anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_trust_anchor_free);
  for (guint i = 0; i < old_anchors->len; i++)
    g_ptr_array_add (anchors, cd_trust_anchor_copy (g_ptr_array_index (old_anchors, i)));
  for (guint i = 0; i < imported->len; i++)
    {
      CdTrustAnchor *anchor = g_ptr_array_index (imported, i);

      if (!has_anchor (anchors, anchor->sha256))
        g_ptr_array_add (anchors, cd_trust_anchor_copy (anchor));
    }
  if (anchors->len == old_anchors->len)
    {
      cd_database_rollback (db);
      return TRUE;
    }
  change_init (&change, db);
  change_anchors (&change, old_anchors, anchors);
  ok = change_commit (&change, admin, "setup.anchors.import", error);
  change_clear (&change);
  return ok;
}

/* "ab:cd…" or "ABCD…" → "AB:CD:…". */
static char *
normalize_fingerprint (const char *text)
{
  GString *hex = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (hex, g_ascii_toupper (*p));
  for (gsize i = 0; i + 1 < hex->len; i += 2)
    g_string_append_printf (out, i == 0 ? "%c%c" : ":%c%c", hex->str[i], hex->str[i + 1]);
  g_string_free (hex, TRUE);
  return g_string_free (out, FALSE);
}

gboolean
cd_office_setup_remove_anchor (CdDatabase  *db,
                               CdSession   *admin,
                               const char  *sha256,
                               GError     **error)
{
  g_autoptr(GPtrArray) old_anchors = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *wanted = NULL;
  Change change = { 0 };
  gboolean ok;

  g_return_val_if_fail (CD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (admin == NULL || CD_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  if (!check_admin (admin, _("change the trust anchors"), error))
    return FALSE;
  wanted = normalize_fingerprint (sha256);
  if (!cd_database_begin_immediate (db, &local_error))
    return store_failed (error, local_error);
  old_anchors = read_anchors (db, &local_error);
  if (old_anchors == NULL)
    {
      cd_database_rollback (db);
      return store_failed (error, local_error);
    }
  anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_trust_anchor_free);
  for (guint i = 0; i < old_anchors->len; i++)
    {
      CdTrustAnchor *anchor = g_ptr_array_index (old_anchors, i);

      if (g_strcmp0 (anchor->sha256, wanted) != 0)
        g_ptr_array_add (anchors, cd_trust_anchor_copy (anchor));
    }
  if (anchors->len == old_anchors->len)
    {
      cd_database_rollback (db);
      g_set_error (error, CD_OFFICE_SETUP_ERROR, CD_OFFICE_SETUP_ERROR_NOT_FOUND,
                   _("No trust anchor has the fingerprint %s"), sha256);
      return FALSE;
    }
  change_init (&change, db);
  change_anchors (&change, old_anchors, anchors);
  ok = change_commit (&change, admin, "setup.anchors.remove", error);
  change_clear (&change);
  return ok;
}

/* ---- off the main loop --------------------------------------------------------------------- */

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (task_data, &error);
  CdOfficeSetup *setup = reader != NULL ? cd_office_setup_read (reader, &error) : NULL;

  if (setup == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, setup, (GDestroyNotify) cd_office_setup_free);
}

void
cd_office_setup_read_async (const char          *db_path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (db_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_office_setup_read_async);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, read_thread);
}

CdOfficeSetup *
cd_office_setup_read_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  CdSession        *admin;
  CdEnrolment      *enrolment;
  CdConfigDocument *document;
  GPtrArray        *import;   /* CdTrustAnchor */
  char             *remove;   /* a fingerprint */
} ApplyJob;

static void
apply_job_free (ApplyJob *job)
{
  g_clear_object (&job->admin);
  g_clear_pointer (&job->enrolment, cd_enrolment_free);
  g_clear_pointer (&job->document, cd_config_document_free);
  g_clear_pointer (&job->import, g_ptr_array_unref);
  g_free (job->remove);
  g_free (job);
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ApplyJob *job = task_data;
  GError *error = NULL;

  if ((job->enrolment != NULL
       && !cd_office_setup_record_enrolment (source_object, job->admin, job->enrolment, &error))
      || (job->document != NULL
          && !cd_office_setup_apply_document (source_object, job->admin, job->document, &error))
      || (job->import != NULL
          && !cd_office_setup_import_anchors (source_object, job->admin, job->import, &error))
      || (job->remove != NULL
          && !cd_office_setup_remove_anchor (source_object, job->admin, job->remove, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cd_office_setup_apply_async (CdDatabase              *writer,
                             CdSession               *admin,
                             const CdEnrolment       *enrolment,
                             const CdConfigDocument  *document,
                             GCancellable            *cancellable,
                             GAsyncReadyCallback      callback,
                             gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  ApplyJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer));
  g_return_if_fail (admin == NULL || CD_IS_SESSION (admin));

  job = g_new0 (ApplyJob, 1);
  job->admin = admin != NULL ? g_object_ref (admin) : NULL;
  job->enrolment = enrolment != NULL ? cd_enrolment_copy (enrolment) : NULL;
  job->document = document != NULL ? cd_config_document_copy (document) : NULL;
  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_office_setup_apply_async);
  g_task_set_task_data (task, job, (GDestroyNotify) apply_job_free);
  cd_database_run_in_thread (writer, task, apply_thread);
}

void
cd_office_setup_change_anchors_async (CdDatabase          *writer,
                                      CdSession           *admin,
                                      GPtrArray           *import,
                                      const char          *remove,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ApplyJob *job;

  g_return_if_fail (CD_IS_DATABASE (writer));
  g_return_if_fail (admin == NULL || CD_IS_SESSION (admin));

  job = g_new0 (ApplyJob, 1);
  job->admin = admin != NULL ? g_object_ref (admin) : NULL;
  if (import != NULL)
    {
      job->import = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_trust_anchor_free);
      for (guint i = 0; i < import->len; i++)
        g_ptr_array_add (job->import, cd_trust_anchor_copy (g_ptr_array_index (import, i)));
    }
  job->remove = g_strdup (remove);
  /* Finished by cd_office_setup_apply_finish, which only checks the task's source. */
  task = g_task_new (writer, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_office_setup_apply_async);
  g_task_set_task_data (task, job, (GDestroyNotify) apply_job_free);
  cd_database_run_in_thread (writer, task, apply_thread);
}

gboolean
cd_office_setup_apply_finish (CdDatabase    *writer,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, writer), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
