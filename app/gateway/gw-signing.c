/* gw-signing.c — the facilities' signatures on the documents the gateway serves. */
#include "config.h"

#include <string.h>

#include "cd-xmldsig.h"
#include "gw-signing.h"

struct _GwSigning
{
  char         *pki_dir;
  GHashTable   *keys;           /* facility code → CdSigningKey, loaded on first use */
  CdSigningKey *configuration;  /* central's configuration signer, loaded on first use */
};

GwSigning *
gw_signing_new (const char  *pki_dir,
                GError     **error)
{
  g_autofree char *facilities = g_build_filename (pki_dir, "facilities", NULL);
  GwSigning *self;

  if (!g_file_test (facilities, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "--pki-dir %s: no facilities/ folder with the facility keys", pki_dir);
      return NULL;
    }
  if (!cd_xmldsig_init (error))
    return NULL;

  self = g_new0 (GwSigning, 1);
  self->pki_dir = g_strdup (pki_dir);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return self;
}

void
gw_signing_free (GwSigning *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->keys);
  g_clear_object (&self->configuration);
  g_free (self->pki_dir);
  g_free (self);
}

static CdSigningKey *
key_for (GwSigning   *self,
         const char  *facility_code,
         GError     **error)
{
  CdSigningKey *key = g_hash_table_lookup (self->keys, facility_code);
  g_autofree char *key_name = NULL;
  g_autofree char *cert_name = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *cert_path = NULL;

  if (key != NULL)
    return key;

  key_name = g_strconcat (facility_code, ".key.pem", NULL);
  cert_name = g_strconcat (facility_code, ".cert.pem", NULL);
  key_path = g_build_filename (self->pki_dir, "facilities", key_name, NULL);
  cert_path = g_build_filename (self->pki_dir, "facilities", cert_name, NULL);
  key = cd_signing_key_new_from_files (key_path, cert_path, error);
  if (key != NULL)
    g_hash_table_insert (self->keys, g_strdup (facility_code), key);
  return key;
}

char *
gw_signing_sign (GwSigning           *self,
                 char                *xml,
                 const char          *facility_code,
                 GwSignatureProfile   profile,
                 GError             **error)
{
  g_autofree char *owned = xml;
  CdSigningKey *key = key_for (self, facility_code, error);
  g_autoptr(GBytes) signed_bytes = NULL;
  gsize length = 0;
  const char *data;

  if (key == NULL)
    return NULL;
  signed_bytes = cd_xmldsig_sign_bytes (key, owned, strlen (owned),
                                        profile == GW_SIGNATURE_BY_ID ? CD_XMLDSIG_PROFILE_ID
                                                                      : CD_XMLDSIG_PROFILE_ENVELOPED,
                                        error);
  if (signed_bytes == NULL)
    return NULL;
  /* The serialization is NUL-terminated (cd_xmldsig_sign_bytes says so). */
  data = g_bytes_get_data (signed_bytes, &length);
  return g_strndup (data, length);
}

CdSigningKey *
gw_signing_get_central_key (GwSigning  *self,
                            GError    **error)
{
  if (self->configuration == NULL)
    {
      g_autofree char *key_path = g_build_filename (self->pki_dir, "central", "configuration.key.pem",
                                                    NULL);
      g_autofree char *cert_path = g_build_filename (self->pki_dir, "central",
                                                     "configuration.cert.pem", NULL);

      self->configuration = cd_signing_key_new_from_files (key_path, cert_path, error);
    }
  return self->configuration;
}

const char *
gw_signing_get_pki_dir (GwSigning *self)
{
  return self->pki_dir;
}

char *
gw_signing_sign_configuration (GwSigning  *self,
                               char       *xml,
                               GError    **error)
{
  g_autofree char *owned = xml;
  g_autoptr(GBytes) signed_bytes = NULL;
  gsize length = 0;
  const char *data;

  if (gw_signing_get_central_key (self, error) == NULL)
    return NULL;
  signed_bytes = cd_xmldsig_sign_bytes (self->configuration, owned, strlen (owned),
                                        CD_XMLDSIG_PROFILE_ENVELOPED, error);
  if (signed_bytes == NULL)
    return NULL;
  data = g_bytes_get_data (signed_bytes, &length);
  return g_strndup (data, length);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

char *
gw_signing_dup_trust_anchors (GwSigning  *self,
                              GError    **error)
{
  g_autofree char *dir = g_build_filename (self->pki_dir, "trust", NULL);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *pem = g_string_new (NULL);
  const char *name;

  if (handle == NULL)
    return g_string_free (pem, TRUE);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".pem"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;

      if (!g_file_get_contents (path, &contents, NULL, error))
        return g_string_free (pem, TRUE);
      g_string_append (pem, contents);
    }
  return g_string_free (pem, FALSE);
}

void
gw_signing_tamper (char *xml)
{
  static const char * const targets[] = { "<NGAYLAP>", "<NGAY_HOP>", "<NGAY_SINH>" };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      char *at = strstr (xml, targets[i]);

      if (at != NULL)
        {
          char *digit = at + strlen (targets[i]) + 7;
          if (g_ascii_isdigit (*digit))
            {
              *digit = *digit == '9' ? '8' : (char) (*digit + 1);
              return;
            }
        }
    }
}
