/* cd-x509.h — what ClaimDesk reads out of an X.509 certificate.
 *
 * The trust store names the CAs it holds and the signature check names a document's signer; both
 * print the subject the same way from here, so neither has to include the other (the trust store
 * sits below the XML signatures: cd-xmldsig.h uses it, never the other way).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The subject of an OpenSSL X509 * in RFC 2253 order, UTF-8 kept as is (Vietnamese names read
 * naturally) and made valid where the certificate's bytes are not. */
char *cd_x509_dup_subject (gconstpointer x509);

G_END_DECLS
