/* cd-installed-pack.c — the manifests of the rule packs this workstation installed. */
#include "config.h"

#include "cd-installed-pack.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-json-util.h"
#include "cd-rules-error.h"

#define MANIFEST_FORMAT "claimdesk-installed-rule-pack-1"

void
cd_installed_pack_free (CdInstalledPack *pack)
{
  if (pack == NULL)
    return;
  g_free (pack->id);
  g_free (pack->sha256);
  g_free (pack->installed_at);
  g_free (pack->signer);
  g_free (pack->source);
  g_free (pack->dir);
  g_free (pack);
}

CdInstalledPack *
cd_installed_pack_copy (const CdInstalledPack *pack)
{
  CdInstalledPack *copy;

  g_return_val_if_fail (pack != NULL, NULL);

  copy = g_new0 (CdInstalledPack, 1);
  copy->id = g_strdup (pack->id);
  copy->effective = pack->effective;
  copy->sha256 = g_strdup (pack->sha256);
  copy->installed_at = g_strdup (pack->installed_at);
  copy->signer = g_strdup (pack->signer);
  copy->source = g_strdup (pack->source);
  copy->dir = g_strdup (pack->dir);
  return copy;
}

gboolean
cd_installed_pack_id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0' || *id == '.' || strlen (id) > 100)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._+-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static const char *
member (JsonObject *object,
        const char *name)
{
  const char *text = json_object_get_string_member_with_default (object, name, NULL);

  return text != NULL && *text != '\0' ? text : NULL;
}

CdInstalledPack *
cd_installed_pack_read (const char  *dir,
                        GError     **error)
{
  g_autofree char *path = g_build_filename (dir, CD_INSTALLED_PACK_MANIFEST, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CdInstalledPack) pack = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *effective;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK, "%s: %s", path,
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL || g_strcmp0 (member (object, "format"), MANIFEST_FORMAT) != 0)
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK,
                   "%s:1: not a manifest of an installed rule pack (format %s)", path,
                   MANIFEST_FORMAT);
      return NULL;
    }
  pack = g_new0 (CdInstalledPack, 1);
  pack->id = g_strdup (member (object, "id"));
  effective = member (object, "effective");
  pack->sha256 = g_strdup (member (object, "sha256"));
  pack->installed_at = g_strdup (member (object, "installed_at"));
  pack->signer = g_strdup (member (object, "signer"));
  pack->source = g_strdup (member (object, "source"));
  pack->dir = g_strdup (dir);
  if (!cd_installed_pack_id_is_valid (pack->id) || effective == NULL
      || !cd_date_parse (effective, &pack->effective) || pack->sha256 == NULL)
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK,
                   "%s:1: a manifest needs id, effective (YYYY-MM-DD) and sha256", path);
      return NULL;
    }
  return g_steal_pointer (&pack);
}

gboolean
cd_installed_pack_write (const CdInstalledPack  *pack,
                         GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  char effective[11];

  g_return_val_if_fail (pack != NULL && pack->dir != NULL, FALSE);

  cd_date_format (pack->effective, effective);
  json_builder_begin_object (builder);
  cd_json_add_string_member (builder, "format", MANIFEST_FORMAT);
  cd_json_add_string_member (builder, "id", pack->id);
  cd_json_add_string_member (builder, "effective", effective);
  cd_json_add_string_member (builder, "sha256", pack->sha256);
  cd_json_add_string_member (builder, "installed_at", pack->installed_at);
  cd_json_add_string_member (builder, "signer", pack->signer);
  cd_json_add_string_member (builder, "source", pack->source);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  path = g_build_filename (pack->dir, CD_INSTALLED_PACK_MANIFEST, NULL);
  return g_file_set_contents (path, text, -1, error);
}

static int
compare_packs (gconstpointer a,
               gconstpointer b)
{
  const CdInstalledPack *x = *(CdInstalledPack * const *) a;
  const CdInstalledPack *y = *(CdInstalledPack * const *) b;

  if (x->effective != y->effective)
    return x->effective < y->effective ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

GPtrArray *
cd_installed_packs_list (const char *packs_dir)
{
  GPtrArray *packs = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_installed_pack_free);
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_return_val_if_fail (packs_dir != NULL, packs);

  listing = g_dir_open (packs_dir, 0, NULL);
  if (listing == NULL)
    return packs;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *dir = NULL;
      g_autofree char *manifest = NULL;
      g_autoptr(GError) error = NULL;
      CdInstalledPack *pack;

      /* Dot folders are the installer's work in progress, never a pack. */
      if (!cd_installed_pack_id_is_valid (name))
        continue;
      dir = g_build_filename (packs_dir, name, NULL);
      manifest = g_build_filename (dir, CD_INSTALLED_PACK_MANIFEST, NULL);
      if (!g_file_test (manifest, G_FILE_TEST_EXISTS))
        continue;
      pack = cd_installed_pack_read (dir, &error);
      if (pack == NULL)
        {
          g_warning ("Installed rule pack left out: %s", error->message);
          continue;
        }
      g_ptr_array_add (packs, pack);
    }
  g_ptr_array_sort (packs, compare_packs);
  return packs;
}
