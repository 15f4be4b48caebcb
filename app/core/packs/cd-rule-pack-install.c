/* cd-rule-pack-install.c — installing a signed rule-pack update on this workstation. */
#include "config.h"

#include "cd-rule-pack-install.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-data-dir.h"
#include "cd-json-util.h"
#include "cd-rule-pack-file.h"
#include "cd-rule-pack-golden.h"
#include "cd-rule-pack.h"
#include "cd-rules-error.h"

G_DEFINE_QUARK (cd-rule-pack-install-error-quark, cd_rule_pack_install_error)

/* Appends to the log are whole lines written with one write(), so two installers at once do not
 * mix their entries. */
G_LOCK_DEFINE_STATIC (install_lock);

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static void
log_append (const char *packs_dir,
            const char *outcome,
            const char *id,
            const char *source,
            const char *sha256,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = g_build_filename (packs_dir, CD_RULE_PACK_INSTALL_LOG, NULL);
  g_autofree char *at = now_utc ();
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;
  FILE *stream;

  json_builder_begin_object (builder);
  cd_json_add_string_member (builder, "at", at);
  cd_json_add_string_member (builder, "outcome", outcome);
  cd_json_add_string_member (builder, "id", id);
  cd_json_add_string_member (builder, "source", source);
  cd_json_add_string_member (builder, "sha256", sha256);
  cd_json_add_string_member (builder, "message", message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  line = g_strconcat (text, "\n", NULL);
  if (g_mkdir_with_parents (packs_dir, 0700) != 0)
    return;
  stream = g_fopen (path, "ae");
  if (stream == NULL)
    {
      g_warning ("Cannot write the rule-pack log %s: %s", path, g_strerror (errno));
      return;
    }
  fwrite (line, 1, strlen (line), stream);
  fclose (stream);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) listing = g_dir_open (path, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
unpack (CdRulePackFile  *file,
        const char      *dir,
        GError         **error)
{
  for (guint i = 0; i < file->files->len; i++)
    {
      CdRulePackFileEntry *entry = g_ptr_array_index (file->files, i);
      g_autofree char *path = g_build_filename (dir, entry->path, NULL);
      g_autofree char *parent = g_path_get_dirname (path);
      gsize length = 0;
      const char *data = g_bytes_get_data (entry->bytes, &length);

      if (g_mkdir_with_parents (parent, 0700) != 0)
        {
          g_set_error (error, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_IO,
                       _("Cannot create %s: %s"), parent, g_strerror (errno));
          return FALSE;
        }
      if (!g_file_set_contents (path, data != NULL ? data : "", length, error))
        return FALSE;
    }
  return TRUE;
}

/* Everything after the signature: load, compare id and version, run the golden cases. */
static gboolean
check_pack (CdRulePackFile  *file,
            const char      *dir,
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdRulePack) pack = cd_rule_pack_load (dir, &local_error);
  g_autofree char *golden = NULL;
  guint count = 0;

  if (pack == NULL)
    {
      /* The message names the file inside the pack, not the temporary folder. */
      g_autofree char *prefix = g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);
      g_autofree char *message = NULL;
      g_auto(GStrv) parts = g_strsplit (local_error->message, prefix, -1);

      message = g_strjoinv ("", parts);
      g_set_error (error, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_BROKEN,
                   _("%s: rule pack %s does not load, so it is not installed: %s"), file->source,
                   file->id, message);
      return FALSE;
    }
  if (g_strcmp0 (cd_rule_pack_get_version (pack), file->id) != 0)
    {
      g_set_error (error, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_BROKEN,
                   _("%s: the file says it is rule pack %s but its parameters.json is version "
                     "%s, so it is not installed"), file->source, file->id,
                   cd_rule_pack_get_version (pack));
      return FALSE;
    }
  golden = g_build_filename (dir, "golden", NULL);
  if (!cd_rule_pack_check_golden (pack, golden, &count, &local_error))
    {
      g_set_error (error, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_GOLDEN,
                   _("%s: a golden case of rule pack %s fails on this workstation, so it is not "
                     "installed: %s"), file->source, file->id, local_error->message);
      return FALSE;
    }
  if (count == 0)
    {
      g_set_error (error, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_GOLDEN,
                   _("%s: rule pack %s carries no golden cases, so nothing shows it works on this "
                     "workstation; it is not installed"), file->source, file->id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
install_locked (GBytes            *bytes,
                const char        *source,
                CdTrustStore      *trust,
                const char        *packs_dir,
                CdInstalledPack  **out_info,
                gboolean          *out_already,
                GError           **error)
{
  g_autoptr(CdRulePackFile) file = NULL;
  g_autoptr(CdInstalledPack) info = NULL;
  g_autofree char *target = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *work = NULL;
  g_autofree char *template = NULL;

  file = cd_rule_pack_file_parse (bytes, source, trust, error);
  if (file == NULL)
    return FALSE;

  target = g_build_filename (packs_dir, file->id, NULL);
  manifest = g_build_filename (target, CD_INSTALLED_PACK_MANIFEST, NULL);
  if (g_file_test (manifest, G_FILE_TEST_EXISTS))
    {
      g_autoptr(CdInstalledPack) installed = cd_installed_pack_read (target, error);

      if (installed == NULL)
        return FALSE;
      if (g_strcmp0 (installed->sha256, file->sha256) != 0)
        {
          g_set_error (error, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_CONFLICT,
                       _("%s: rule pack %s is already installed with other content; a changed "
                         "pack needs a new id"), source, file->id);
          return FALSE;
        }
      *out_already = TRUE;
      *out_info = g_steal_pointer (&installed);
      return TRUE;
    }

  if (g_mkdir_with_parents (packs_dir, 0700) != 0)
    {
      g_set_error (error, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_IO,
                   _("Cannot create the rule-pack folder %s: %s"), packs_dir, g_strerror (errno));
      return FALSE;
    }
  /* A hidden folder beside the target, so the final rename stays on one file system. */
  template = g_build_filename (packs_dir, ".install-XXXXXX", NULL);
  work = g_mkdtemp (g_steal_pointer (&template));
  if (work == NULL)
    {
      g_set_error (error, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_IO,
                   _("Cannot create a folder in %s: %s"), packs_dir, g_strerror (errno));
      return FALSE;
    }
  info = g_new0 (CdInstalledPack, 1);
  info->id = g_strdup (file->id);
  info->effective = file->effective;
  info->sha256 = g_strdup (file->sha256);
  info->installed_at = now_utc ();
  info->signer = g_strdup (file->signer);
  info->source = g_strdup (source);
  info->dir = g_strdup (work);
  if (!unpack (file, work, error) || !check_pack (file, work, error)
      || !cd_installed_pack_write (info, error))
    {
      remove_tree (work);
      return FALSE;
    }
  if (g_rename (work, target) != 0)
    {
      int saved = errno;

      remove_tree (work);
      g_set_error (error, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_IO,
                   _("Cannot move rule pack %s into %s: %s"), file->id, target,
                   g_strerror (saved));
      return FALSE;
    }
  g_free (info->dir);
  info->dir = g_steal_pointer (&target);
  *out_already = FALSE;
  *out_info = g_steal_pointer (&info);
  return TRUE;
}

gboolean
cd_rule_pack_install_payload (const char        *kind,
                              const char        *name,
                              GBytes            *bytes,
                              CdTrustStore      *trust,
                              const char        *packs_dir,
                              CdInstalledPack  **out_info,
                              gboolean          *out_already,
                              GError           **error)
{
  g_autofree char *source = NULL;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (g_strcmp0 (kind, "rule_pack") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s: this workstation does not know payloads of kind “%s”"),
                   name != NULL ? name : "?", kind != NULL ? kind : "?");
      return FALSE;
    }
  source = g_strdup_printf (_("rule pack %s from a receipts bundle"), name != NULL ? name : "?");
  return cd_rule_pack_install_bytes (bytes, source, trust, packs_dir, out_info, out_already,
                                     error);
}

gboolean
cd_rule_pack_install_bytes (GBytes            *bytes,
                            const char        *source,
                            CdTrustStore      *trust,
                            const char        *packs_dir,
                            CdInstalledPack  **out_info,
                            gboolean          *out_already,
                            GError           **error)
{
  g_autofree char *default_dir = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(CdInstalledPack) info = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean already = FALSE;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (CD_IS_TRUST_STORE (trust), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (packs_dir == NULL)
    packs_dir = default_dir = cd_data_dir_rule_packs ();
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  G_LOCK (install_lock);
  ok = install_locked (bytes, source, trust, packs_dir, &info, &already, &local_error);
  if (!ok)
    log_append (packs_dir, "refused", NULL, source, sha256, local_error->message);
  else
    {
      char day[11];
      g_autofree char *message = NULL;

      cd_date_format (info->effective, day);
      message = already ? g_strdup_printf (_("Rule pack %s is already installed"), info->id)
                        : g_strdup_printf (_("Rule pack %s installed; it applies from %s"),
                                           info->id, day);
      log_append (packs_dir, already ? "already_installed" : "installed", info->id, source,
                  sha256, message);
    }
  G_UNLOCK (install_lock);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_already != NULL)
    *out_already = already;
  if (out_info != NULL)
    *out_info = g_steal_pointer (&info);
  return TRUE;
}

gboolean
cd_rule_pack_install_file (const char        *path,
                           CdTrustStore      *trust,
                           const char        *packs_dir,
                           CdInstalledPack  **out_info,
                           gboolean          *out_already,
                           GError           **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_IO,
                   _("Cannot read the rule-pack file %s: %s"), path, local_error->message);
      return FALSE;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  return cd_rule_pack_install_bytes (bytes, path, trust, packs_dir, out_info, out_already, error);
}

typedef struct
{
  char         *path;
  CdTrustStore *trust;
  char         *packs_dir;
  gboolean      already;
} InstallData;

static void
install_data_free (InstallData *data)
{
  g_free (data->path);
  g_clear_object (&data->trust);
  g_free (data->packs_dir);
  g_free (data);
}

static void
install_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  InstallData *data = task_data;
  CdInstalledPack *info = NULL;
  GError *error = NULL;

  if (!cd_rule_pack_install_file (data->path, data->trust, data->packs_dir, &info,
                                  &data->already, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) cd_installed_pack_free);
}

void
cd_rule_pack_install_file_async (const char          *path,
                                 CdTrustStore        *trust,
                                 const char          *packs_dir,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  InstallData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (CD_IS_TRUST_STORE (trust));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_rule_pack_install_file_async);
  data = g_new0 (InstallData, 1);
  data->path = g_strdup (path);
  data->trust = g_object_ref (trust);
  data->packs_dir = g_strdup (packs_dir);
  g_task_set_task_data (task, data, (GDestroyNotify) install_data_free);
  g_task_run_in_thread (task, install_thread);
}

CdInstalledPack *
cd_rule_pack_install_file_finish (GAsyncResult  *result,
                                  gboolean      *out_already,
                                  GError       **error)
{
  InstallData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (out_already != NULL)
    *out_already = data->already;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the log ------------------------------------------------------------------------------- */

void
cd_rule_pack_log_entry_free (CdRulePackLogEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->outcome);
  g_free (entry->id);
  g_free (entry->source);
  g_free (entry->sha256);
  g_free (entry->message);
  g_free (entry);
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  return g_strdup (json_object_get_string_member_with_default (object, name, NULL));
}

GPtrArray *
cd_rule_pack_install_log_read (const char *packs_dir,
                               guint       max)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                       cd_rule_pack_log_entry_free);
  g_autofree char *default_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (packs_dir == NULL)
    packs_dir = default_dir = cd_data_dir_rule_packs ();
  path = g_build_filename (packs_dir, CD_RULE_PACK_INSTALL_LOG, NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return entries;
  lines = g_strsplit (text, "\n", -1);
  for (int i = (int) g_strv_length (lines) - 1; i >= 0 && entries->len < max; i--)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;
      JsonObject *object;
      CdRulePackLogEntry *entry;

      if (*lines[i] == '\0' || !json_parser_load_from_data (parser, lines[i], -1, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        continue;
      object = json_node_get_object (root);
      entry = g_new0 (CdRulePackLogEntry, 1);
      entry->at = dup_member (object, "at");
      entry->outcome = dup_member (object, "outcome");
      entry->id = dup_member (object, "id");
      entry->source = dup_member (object, "source");
      entry->sha256 = dup_member (object, "sha256");
      entry->message = dup_member (object, "message");
      g_ptr_array_add (entries, entry);
    }
  return entries;
}

void
cd_rule_pack_state_free (CdRulePackState *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&state->installed, g_ptr_array_unref);
  g_clear_pointer (&state->log, g_ptr_array_unref);
  g_free (state);
}

static void
state_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *packs_dir = task_data;
  g_autofree char *default_dir = NULL;
  CdRulePackState *state = g_new0 (CdRulePackState, 1);

  if (packs_dir == NULL)
    packs_dir = default_dir = cd_data_dir_rule_packs ();
  state->installed = cd_installed_packs_list (packs_dir);
  state->log = cd_rule_pack_install_log_read (packs_dir, 20);
  g_task_return_pointer (task, state, (GDestroyNotify) cd_rule_pack_state_free);
}

void
cd_rule_pack_state_read_async (const char          *packs_dir,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, cd_rule_pack_state_read_async);
  g_task_set_task_data (task, g_strdup (packs_dir), g_free);
  g_task_run_in_thread (task, state_thread);
}

CdRulePackState *
cd_rule_pack_state_read_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
