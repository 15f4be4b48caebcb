/* cd-trust-store.c — trusted CA certificates, kept as PEM and loaded into xmlsec per verification.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "cd-data-dir.h"
#include "cd-trust-store.h"
#include "cd-x509.h"

struct _CdTrustStore
{
  GObject    parent_instance;
  GPtrArray *certs;     /* GBytes of DER, one per certificate */
  GPtrArray *subjects;  /* char * */
  X509_STORE *x509_store;  /* only these certificates: no system defaults */
};

G_DEFINE_FINAL_TYPE (CdTrustStore, cd_trust_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (cd-trust-store-error-quark, cd_trust_store_error)

static void
cd_trust_store_finalize (GObject *object)
{
  CdTrustStore *self = CD_TRUST_STORE (object);

  g_clear_pointer (&self->certs, g_ptr_array_unref);
  g_clear_pointer (&self->subjects, g_ptr_array_unref);
  g_clear_pointer (&self->x509_store, X509_STORE_free);
  G_OBJECT_CLASS (cd_trust_store_parent_class)->finalize (object);
}

static void
cd_trust_store_class_init (CdTrustStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_trust_store_finalize;
}

static void
cd_trust_store_init (CdTrustStore *self)
{
  self->certs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->subjects = g_ptr_array_new_with_free_func (g_free);
  self->x509_store = X509_STORE_new ();
}

CdTrustStore *
cd_trust_store_new (void)
{
  return g_object_new (CD_TYPE_TRUST_STORE, NULL);
}

gboolean
cd_trust_store_add_pem (CdTrustStore  *self,
                        const char    *pem,
                        gsize          length,
                        const char    *name,
                        GError       **error)
{
  BIO *bio;
  X509 *cert;
  guint added = 0;

  g_return_val_if_fail (CD_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (pem != NULL, FALSE);

  if (length > G_MAXINT)
    {
      g_set_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_BAD_CERT,
                   _("%s: not a PEM certificate"), name);
      return FALSE;
    }
  bio = BIO_new_mem_buf (pem, (int) length);
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    {
      unsigned char *der = NULL;
      int der_length = i2d_X509 (cert, &der);

      if (der_length > 0)
        {
          g_ptr_array_add (self->certs, g_bytes_new (der, der_length));
          g_ptr_array_add (self->subjects, cd_x509_dup_subject (cert));
          X509_STORE_add_cert (self->x509_store, cert);
          added++;
        }
      OPENSSL_free (der);
      X509_free (cert);
    }
  BIO_free (bio);
  if (added == 0)
    {
      g_set_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_BAD_CERT,
                   _("%s: not a PEM certificate"), name != NULL ? name : "PEM");
      return FALSE;
    }
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

CdTrustStore *
cd_trust_store_new_from_dir (const char  *dir,
                             GError     **error)
{
  g_autoptr(CdTrustStore) self = cd_trust_store_new ();
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  handle = g_dir_open (dir, 0, &local_error);
  if (handle == NULL)
    {
      g_set_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_IO,
                   _("Cannot read the trust store %s: %s"), dir, local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".pem") || g_str_has_suffix (name, ".crt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, &local_error))
        {
          g_set_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_IO,
                       _("Cannot read the trust store %s: %s"), dir, local_error->message);
          return NULL;
        }
      if (!cd_trust_store_add_pem (self, contents, length, path, error))
        return NULL;
    }
  if (self->certs->len == 0)
    {
      g_set_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_EMPTY,
                   _("The trust store %s holds no certificate"), dir);
      return NULL;
    }
  return g_steal_pointer (&self);
}

CdTrustStore *
cd_trust_store_new_default (GError **error)
{
  g_autofree char *dir = cd_data_dir_trust_anchors ();
  g_autoptr(GError) local_error = NULL;
  CdTrustStore *store;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    return cd_trust_store_new ();
  store = cd_trust_store_new_from_dir (dir, &local_error);
  if (g_error_matches (local_error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_EMPTY))
    return cd_trust_store_new ();
  if (store == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return store;
}

guint
cd_trust_store_get_n_certificates (CdTrustStore *self)
{
  g_return_val_if_fail (CD_IS_TRUST_STORE (self), 0);

  return self->certs->len;
}

GStrv
cd_trust_store_dup_subjects (CdTrustStore *self)
{
  GStrv subjects;

  g_return_val_if_fail (CD_IS_TRUST_STORE (self), NULL);

  subjects = g_new0 (char *, self->subjects->len + 1);
  for (guint i = 0; i < self->subjects->len; i++)
    subjects[i] = g_strdup (self->subjects->pdata[i]);
  return subjects;
}

gboolean
cd_trust_store_verify_chain (CdTrustStore  *self,
                             gpointer       leaf,
                             gpointer       untrusted,
                             char         **out_reason)
{
  X509_STORE_CTX *ctx;
  gboolean ok = FALSE;

  g_return_val_if_fail (CD_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (leaf != NULL, FALSE);

  ctx = X509_STORE_CTX_new ();
  if (ctx != NULL && X509_STORE_CTX_init (ctx, self->x509_store, leaf, untrusted) == 1)
    {
      ok = X509_verify_cert (ctx) == 1;
      if (!ok && out_reason != NULL)
        *out_reason = g_strdup_printf ("the signer's certificate does not chain to a trusted CA: %s",
                                       X509_verify_cert_error_string (X509_STORE_CTX_get_error (ctx)));
    }
  else if (out_reason != NULL)
    *out_reason = g_strdup ("the certificate chain could not be checked");
  X509_STORE_CTX_free (ctx);
  return ok;
}
