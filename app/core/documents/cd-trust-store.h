/* cd-trust-store.h — the CA certificates the workstation trusts to sign documents.
 *
 * A directory of PEM files (*.pem, *.crt), each holding one or more CA certificates, kept in an
 * OpenSSL X509_STORE of their own (no default paths), so one store serves many threads verifying at
 * once.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CD_TRUST_STORE_ERROR (cd_trust_store_error_quark ())

typedef enum
{
  CD_TRUST_STORE_ERROR_IO,           /* the directory or a file could not be read */
  CD_TRUST_STORE_ERROR_BAD_CERT,     /* a file is not a PEM certificate */
  CD_TRUST_STORE_ERROR_EMPTY,        /* the directory holds no certificate */
} CdTrustStoreError;

#define CD_TYPE_TRUST_STORE (cd_trust_store_get_type ())
G_DECLARE_FINAL_TYPE (CdTrustStore, cd_trust_store, CD, TRUST_STORE, GObject)

GQuark        cd_trust_store_error_quark        (void);

CdTrustStore *cd_trust_store_new                (void);
/* Loads every *.pem / *.crt file of `dir`; fails if one is unreadable or none holds a certificate.
 */
CdTrustStore *cd_trust_store_new_from_dir       (const char    *dir,
                                                 GError       **error);
/* The workstation's own trust anchors: the CA certificates in cd_data_dir_trust_anchors ()
 * ($XDG_DATA_HOME/claimdesk/trust). Nothing is shipped there, so on a new workstation the folder
 * is missing or empty and the store is empty (every signature then reads "untrusted") until an
 * administrator adds the anchors; it fails only when a file there cannot be read or is not a
 * certificate. Never the demo's TEST-ONLY CA (the demo sets its own: cd_context_set_trust_dir). */
CdTrustStore *cd_trust_store_new_default        (GError       **error);
gboolean      cd_trust_store_add_pem            (CdTrustStore  *self,
                                                 const char    *pem,
                                                 gsize          length,
                                                 const char    *name,
                                                 GError       **error);
guint         cd_trust_store_get_n_certificates (CdTrustStore  *self);
/* The subjects of the trusted certificates, for display and logs. */
GStrv         cd_trust_store_dup_subjects       (CdTrustStore  *self);

/* Whether `leaf` (an OpenSSL X509 *) chains to a certificate of this store, with `untrusted` (a
 * STACK_OF(X509) *, may be NULL) as intermediates. Only this store's certificates count: never the
 * system's TLS bundle. Thread-safe. */
gboolean      cd_trust_store_verify_chain       (CdTrustStore  *self,
                                                 gpointer       leaf,
                                                 gpointer       untrusted,
                                                 char         **out_reason);

G_END_DECLS
