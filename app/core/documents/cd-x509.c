/* cd-x509.c — what ClaimDesk reads out of an X.509 certificate. */
#include "config.h"

#include <openssl/bio.h>
#include <openssl/x509.h>

#include "cd-x509.h"

char *
cd_x509_dup_subject (gconstpointer x509)
{
  BIO *bio;
  char *data = NULL;
  long length;
  char *subject;

  g_return_val_if_fail (x509 != NULL, NULL);

  bio = BIO_new (BIO_s_mem ());
  /* RFC 2253 order, but UTF-8 kept as is so Vietnamese names read naturally. */
  X509_NAME_print_ex (bio, X509_get_subject_name (x509), 0,
                      XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  length = BIO_get_mem_data (bio, &data);
  subject = g_strndup (data, length);
  BIO_free (bio);
  if (!g_utf8_validate (subject, -1, NULL))
    {
      char *valid = g_utf8_make_valid (subject, -1);

      g_free (subject);
      subject = valid;
    }
  return subject;
}
