/* cd-rule-pack-file.c — a rule-pack update as central signs and sends it. */
#include "config.h"

#include "cd-rule-pack-file.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-base64.h"
#include "cd-installed-pack.h"
#include "cd-xml-safe.h"

#define ROOT_ELEMENT   "ClaimDeskRulePack"
#define FORMAT_VERSION "1"
#define MAX_FILE_BYTES (8 * 1024 * 1024)
#define MAX_ENTRIES    400

G_DEFINE_QUARK (cd-rule-pack-file-error-quark, cd_rule_pack_file_error)

static void
entry_free (CdRulePackFileEntry *entry)
{
  g_free (entry->path);
  g_clear_pointer (&entry->bytes, g_bytes_unref);
  g_free (entry);
}

void
cd_rule_pack_file_free (CdRulePackFile *file)
{
  if (file == NULL)
    return;
  g_free (file->source);
  g_free (file->id);
  g_free (file->issued_at);
  g_free (file->signer);
  g_free (file->sha256);
  g_clear_pointer (&file->files, g_ptr_array_unref);
  g_free (file);
}

static gboolean
name_is_plain (const char *name)
{
  if (name == NULL || *name == '\0' || *name == '.')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._-", *p) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
cd_rule_pack_file_path_is_valid (const char *path)
{
  guint64 year;

  if (path == NULL)
    return FALSE;
  if (g_str_equal (path, "parameters.json"))
    return TRUE;
  if (g_str_has_prefix (path, "calendars/") && g_str_has_suffix (path, ".json")
      && strlen (path) == strlen ("calendars/YYYY.json"))
    {
      g_autofree char *stem = g_strndup (path + strlen ("calendars/"), 4);
      return g_ascii_string_to_unsigned (stem, 10, 1900, 2999, &year, NULL);
    }
  if (g_str_has_prefix (path, "golden/") && g_str_has_suffix (path, ".json"))
    return name_is_plain (path + strlen ("golden/"));
  return FALSE;
}

static gboolean
malformed (GError     **error,
           const char  *source,
           const char  *what)
{
  g_set_error (error, CD_RULE_PACK_FILE_ERROR, CD_RULE_PACK_FILE_ERROR_MALFORMED,
               _("%s: not a valid rule-pack file: %s"), source, what);
  return FALSE;
}

static gboolean
check_signature (xmlDocPtr        doc,
                 CdTrustStore    *trust,
                 const char      *source,
                 CdRulePackFile  *file,
                 GError         **error)
{
  const CdTrustedSignature expect = {
    _("the rule pack"), _("so it is not installed"), CD_RULE_PACK_FILE_ERROR,
    CD_RULE_PACK_FILE_ERROR_UNSIGNED, CD_RULE_PACK_FILE_ERROR_BAD_SIGNATURE,
    CD_RULE_PACK_FILE_ERROR_UNTRUSTED_SIGNER,
  };

  file->signer = cd_xmldsig_require_trusted (trust, doc, source, &expect, error);
  return file->signer != NULL;
}

static gboolean
read_entry (xmlNodePtr       node,
            const char      *source,
            CdRulePackFile  *file,
            GError         **error)
{
  g_autofree char *path = cd_xml_attribute_text (node, "path");
  g_autofree char *sha256 = cd_xml_attribute_text (node, "sha256");
  g_autofree char *text = cd_xml_node_text (node);
  g_autofree char *actual = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CdRulePackFileEntry *entry;

  if (!cd_rule_pack_file_path_is_valid (path))
    {
      g_autofree char *what = g_strdup_printf (_("a File may not be called “%s”"),
                                               path != NULL ? path : "");
      return malformed (error, source, what);
    }
  for (guint i = 0; i < file->files->len; i++)
    if (g_str_equal (((CdRulePackFileEntry *) file->files->pdata[i])->path, path))
      {
        g_autofree char *what = g_strdup_printf (_("%s is carried twice"), path);
        return malformed (error, source, what);
      }
  bytes = text != NULL ? cd_base64_decode_strict (text) : NULL;
  if (bytes == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("%s is not base64"), path);
      return malformed (error, source, what);
    }
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (sha256 == NULL || g_ascii_strcasecmp (sha256, actual) != 0)
    {
      g_autofree char *what = g_strdup_printf (_("%s does not have the SHA-256 it states"), path);
      return malformed (error, source, what);
    }
  entry = g_new0 (CdRulePackFileEntry, 1);
  entry->path = g_steal_pointer (&path);
  entry->bytes = g_steal_pointer (&bytes);
  g_ptr_array_add (file->files, entry);
  return TRUE;
}

CdRulePackFile *
cd_rule_pack_file_parse (GBytes        *bytes,
                         const char    *source,
                         CdTrustStore  *trust,
                         GError       **error)
{
  g_autoptr(CdRulePackFile) file = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *version = NULL;
  g_autofree char *effective = NULL;
  xmlNodePtr root;
  CdXmlLimits limits;
  gsize length = 0;
  const char *data;
  gboolean has_parameters = FALSE;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (CD_IS_TRUST_STORE (trust), NULL);

  data = g_bytes_get_data (bytes, &length);
  limits = *cd_xml_limits_default ();
  limits.max_bytes = MAX_FILE_BYTES;
  doc = cd_xml_safe_parse (data != NULL ? data : "", length, source, &limits, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || !cd_xml_node_is (root, ROOT_ELEMENT))
    {
      malformed (error, source, _("its root element is not ClaimDeskRulePack"));
      return NULL;
    }

  file = g_new0 (CdRulePackFile, 1);
  file->source = g_strdup (source);
  file->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
  file->files = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  if (!check_signature (doc, trust, source, file, error))
    return NULL;

  version = cd_xml_attribute_text (root, "version");
  if (g_strcmp0 (version, FORMAT_VERSION) != 0)
    {
      g_autofree char *what = g_strdup_printf (_("version “%s” is not one this workstation reads"),
                                               version != NULL ? version : "");
      malformed (error, source, what);
      return NULL;
    }
  file->id = cd_xml_attribute_text (root, "id");
  if (!cd_installed_pack_id_is_valid (file->id))
    {
      malformed (error, source, _("its id must be letters, digits and . _ + - (the pack’s "
                                  "version)"));
      return NULL;
    }
  effective = cd_xml_attribute_text (root, "effective");
  if (effective == NULL || !cd_date_parse (effective, &file->effective))
    {
      malformed (error, source, _("effective must be a date YYYY-MM-DD"));
      return NULL;
    }
  {
    xmlNodePtr issued = cd_xml_find_child (root, "Issued");
    file->issued_at = issued != NULL ? cd_xml_node_text (issued) : NULL;
  }
  for (xmlNodePtr child = cd_xml_first_child_element (root); child != NULL;
       child = cd_xml_next_element (child))
    {
      if (!cd_xml_node_is (child, "File"))
        continue;
      if (file->files->len >= MAX_ENTRIES)
        {
          malformed (error, source, _("it carries too many files"));
          return NULL;
        }
      if (!read_entry (child, source, file, error))
        return NULL;
      has_parameters |= g_str_equal (((CdRulePackFileEntry *)
                                      file->files->pdata[file->files->len - 1])->path,
                                     "parameters.json");
    }
  if (!has_parameters)
    {
      malformed (error, source, _("it carries no parameters.json"));
      return NULL;
    }
  return g_steal_pointer (&file);
}

/* ---- building -------------------------------------------------------------------------------- */

static gboolean
append_file (GString     *xml,
             const char  *dir,
             const char  *relative,
             GError     **error)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *sha256 = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  encoded = g_base64_encode ((const guchar *) contents, length);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_string_append_printf (xml, "  <File path=\"%s\" sha256=\"%s\">%s</File>\n", relative, sha256,
                          encoded);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
append_folder (GString     *xml,
               const char  *dir,
               const char  *folder,
               GError     **error)
{
  g_autofree char *path = g_build_filename (dir, folder, NULL);
  g_autoptr(GDir) listing = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (listing == NULL)
    return TRUE;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup_printf ("%s/%s", folder, name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      if (!cd_rule_pack_file_path_is_valid (names->pdata[i]))
        {
          g_set_error (error, CD_RULE_PACK_FILE_ERROR, CD_RULE_PACK_FILE_ERROR_BUILD,
                       _("%s/%s: a rule pack may not carry a file of that name"), dir,
                       (char *) names->pdata[i]);
          return FALSE;
        }
      if (!append_file (xml, dir, names->pdata[i], error))
        return FALSE;
    }
  return TRUE;
}

GBytes *
cd_rule_pack_file_build (const char    *dir,
                         const char    *id,
                         CdDay          effective,
                         CdSigningKey  *key,
                         GError       **error)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *issued = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  char day[11];

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (CD_IS_SIGNING_KEY (key), NULL);

  if (!cd_installed_pack_id_is_valid (id))
    {
      g_set_error (error, CD_RULE_PACK_FILE_ERROR, CD_RULE_PACK_FILE_ERROR_BUILD,
                   _("“%s” cannot be a pack id: use letters, digits and . _ + -"),
                   id != NULL ? id : "");
      return NULL;
    }
  cd_date_format (effective, day);
  g_string_append_printf (xml, "<%s version=\"%s\" id=\"%s\" effective=\"%s\">\n", ROOT_ELEMENT,
                          FORMAT_VERSION, id, day);
  g_string_append_printf (xml, "  <Issued>%s</Issued>\n", issued);
  if (!append_file (xml, dir, "parameters.json", error)
      || !append_folder (xml, dir, "calendars", error)
      || !append_folder (xml, dir, "golden", error))
    return NULL;
  g_string_append_printf (xml, "</%s>\n", ROOT_ELEMENT);
  return cd_xmldsig_sign_bytes (key, xml->str, xml->len, CD_XMLDSIG_PROFILE_ENVELOPED, error);
}
