/* cd-trust-anchor.c — trusted CA certificates as an administrator sees them. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "cd-trust-anchor.h"
#include "cd-x509.h"

#define MAX_PEM_BYTES (1024 * 1024)

CdTrustAnchor *
cd_trust_anchor_copy (const CdTrustAnchor *anchor)
{
  CdTrustAnchor *copy;

  g_return_val_if_fail (anchor != NULL, NULL);

  copy = g_new0 (CdTrustAnchor, 1);
  copy->subject = g_strdup (anchor->subject);
  copy->issuer = g_strdup (anchor->issuer);
  copy->not_before = anchor->not_before != NULL ? g_date_time_ref (anchor->not_before) : NULL;
  copy->not_after = anchor->not_after != NULL ? g_date_time_ref (anchor->not_after) : NULL;
  copy->sha256 = g_strdup (anchor->sha256);
  copy->is_ca = anchor->is_ca;
  copy->pem = g_strdup (anchor->pem);
  copy->source = g_strdup (anchor->source);
  return copy;
}

void
cd_trust_anchor_free (CdTrustAnchor *anchor)
{
  if (anchor == NULL)
    return;
  g_free (anchor->subject);
  g_free (anchor->issuer);
  g_clear_pointer (&anchor->not_before, g_date_time_unref);
  g_clear_pointer (&anchor->not_after, g_date_time_unref);
  g_free (anchor->sha256);
  g_free (anchor->pem);
  g_free (anchor->source);
  g_free (anchor);
}

gboolean
cd_trust_anchor_is_valid_at (const CdTrustAnchor *anchor,
                             GDateTime           *now)
{
  g_return_val_if_fail (anchor != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  return anchor->not_before != NULL && anchor->not_after != NULL
         && g_date_time_compare (now, anchor->not_before) >= 0
         && g_date_time_compare (now, anchor->not_after) <= 0;
}

static GDateTime *
date_time_from_asn1 (const ASN1_TIME *time)
{
  struct tm tm = { 0 };

  if (time == NULL || ASN1_TIME_to_tm (time, &tm) != 1)
    return NULL;
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                              tm.tm_sec);
}

static char *
issuer_of (X509 *cert)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long length;
  char *issuer;

  X509_NAME_print_ex (bio, X509_get_issuer_name (cert), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  length = BIO_get_mem_data (bio, &data);
  issuer = g_strndup (data, length);
  BIO_free (bio);
  if (!g_utf8_validate (issuer, -1, NULL))
    {
      char *valid = g_utf8_make_valid (issuer, -1);

      g_free (issuer);
      issuer = valid;
    }
  return issuer;
}

static char *
fingerprint_of (X509 *cert)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  GString *text = g_string_new (NULL);

  if (X509_digest (cert, EVP_sha256 (), digest, &length) != 1)
    return g_string_free (text, FALSE);
  for (unsigned int i = 0; i < length; i++)
    g_string_append_printf (text, i == 0 ? "%02X" : ":%02X", digest[i]);
  return g_string_free (text, FALSE);
}

static char *
pem_of (X509 *cert)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long length;
  char *pem;

  PEM_write_bio_X509 (bio, cert);
  length = BIO_get_mem_data (bio, &data);
  pem = g_strndup (data, length);
  BIO_free (bio);
  return pem;
}

GPtrArray *
cd_trust_anchors_from_pem (const char  *pem,
                           gsize        length,
                           const char  *source,
                           GError     **error)
{
  g_autoptr(GPtrArray) anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_trust_anchor_free);
  guint blocks = 0;
  BIO *bio;
  X509 *cert;

  g_return_val_if_fail (pem != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  if (length > MAX_PEM_BYTES)
    {
      g_set_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_BAD_CERT,
                   _("%s: too large for a list of certificates"), source);
      return NULL;
    }
  /* Every PEM block must be a certificate that parses: a half-read list would be worse than none. */
  for (const char *p = pem; (p = g_strstr_len (p, length - (gsize) (p - pem), "-----BEGIN ")) != NULL;
       p++)
    blocks++;

  bio = BIO_new_mem_buf (pem, (int) length);
  while ((cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    {
      CdTrustAnchor *anchor = g_new0 (CdTrustAnchor, 1);

      anchor->subject = cd_x509_dup_subject (cert);
      anchor->issuer = issuer_of (cert);
      anchor->not_before = date_time_from_asn1 (X509_get0_notBefore (cert));
      anchor->not_after = date_time_from_asn1 (X509_get0_notAfter (cert));
      anchor->sha256 = fingerprint_of (cert);
      anchor->is_ca = X509_check_ca (cert) > 0;
      anchor->pem = pem_of (cert);
      anchor->source = g_strdup (source);
      g_ptr_array_add (anchors, anchor);
      X509_free (cert);
    }
  BIO_free (bio);

  if (anchors->len == 0 || anchors->len != blocks)
    {
      g_set_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_BAD_CERT,
                   anchors->len == 0 ? _("%s: no PEM certificate in it")
                                     : _("%s: a block of it is not a PEM certificate"),
                   source);
      return NULL;
    }
  return g_steal_pointer (&anchors);
}

GPtrArray *
cd_trust_anchors_from_file (const char  *path,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  name = g_path_get_basename (path);
  return cd_trust_anchors_from_pem (contents, length, name, error);
}

CdTrustStore *
cd_trust_anchors_to_store (GPtrArray  *anchors,
                           GError    **error)
{
  g_autoptr(CdTrustStore) store = cd_trust_store_new ();

  g_return_val_if_fail (anchors != NULL, NULL);

  for (guint i = 0; i < anchors->len; i++)
    {
      CdTrustAnchor *anchor = g_ptr_array_index (anchors, i);

      if (!cd_trust_store_add_pem (store, anchor->pem, strlen (anchor->pem), anchor->source, error))
        return NULL;
    }
  return g_steal_pointer (&store);
}
