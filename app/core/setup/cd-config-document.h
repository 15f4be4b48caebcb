/* cd-config-document.h — central's signed configuration document: where the four systems are, and
 * the trust anchors for document signatures.
 *
 * Central serves it to enrolled offices (GET /central/configuration, with the office's
 * credentials; docs/interop.md). It is XML signed with XMLDSig like the medical documents (the
 * enveloped profile, the signature in CHUKYDONVI), and it is used only if that signature is valid
 * and its signer chains to a trust anchor the workstation already has: the shipped ones, the ones
 * an earlier document delivered, or ones an administrator imported from files. A document
 * changed on the way, unsigned, or signed by someone else is refused whole. Storing what it says
 * is cd_office_setup_apply_document's job (cd-office-setup.h).
 */
#pragma once

#include <gio/gio.h>

#include "cd-endpoints.h"
#include "cd-http-client.h"
#include "cd-office-credential.h"
#include "cd-trust-store.h"

G_BEGIN_DECLS

#define CD_CONFIG_DOCUMENT_ERROR (cd_config_document_error_quark ())

typedef enum
{
  CD_CONFIG_DOCUMENT_ERROR_UNSIGNED,          /* no signature */
  CD_CONFIG_DOCUMENT_ERROR_BAD_SIGNATURE,     /* changed after signing, or a malformed signature */
  CD_CONFIG_DOCUMENT_ERROR_UNTRUSTED_SIGNER,  /* signed by a certificate no anchor vouches for */
  CD_CONFIG_DOCUMENT_ERROR_MALFORMED,         /* not the document the protocol describes */
  CD_CONFIG_DOCUMENT_ERROR_REFUSED,           /* central would not serve it (HTTP status) */
} CdConfigDocumentError;

GQuark cd_config_document_error_quark (void);

typedef struct
{
  char        *source;       /* the URL (or file) it was read from */
  char        *issued_at;    /* ISO 8601 UTC, as central wrote it */
  gint64       serial;       /* central's number for this version of the configuration */
  char        *office_code;  /* the office it was issued for */
  char        *office_name;
  char        *province;
  CdEndpoints *endpoints;    /* all four systems, each accepted by the URL policy */
  GPtrArray   *anchors;      /* CdTrustAnchor, source "central" */
  char        *signer;       /* the signing certificate's subject */
  char        *sha256;       /* of the document's bytes, hex */
} CdConfigDocument;

CdConfigDocument *cd_config_document_copy    (const CdConfigDocument *document);
void              cd_config_document_free    (CdConfigDocument    *document);

/* Verifies `bytes` against `trust` (the anchors the workstation has now), then reads it. */
CdConfigDocument *cd_config_document_parse   (GBytes              *bytes,
                                              const char          *source,
                                              CdTrustStore        *trust,
                                              GError             **error);

/* Blocking: fetches the document from central with the office's credentials, then parses it as
 * above. A revoked office is CD_CENTRAL_ERROR_REVOKED, unknown credentials
 * CD_CENTRAL_ERROR_CREDENTIALS, transport failures CD_HTTP_ERROR. */
CdConfigDocument *cd_config_document_fetch   (CdHttpClient              *http,
                                              const char                *central_url,
                                              const CdOfficeCredential  *credential,
                                              CdTrustStore              *trust,
                                              GCancellable              *cancellable,
                                              GError                   **error);
void              cd_config_document_fetch_async  (CdHttpClient              *http,
                                                   const char                *central_url,
                                                   const CdOfficeCredential  *credential,
                                                   CdTrustStore              *trust,
                                                   GCancellable              *cancellable,
                                                   GAsyncReadyCallback        callback,
                                                   gpointer                   user_data);
CdConfigDocument *cd_config_document_fetch_finish (GAsyncResult              *result,
                                                   GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdConfigDocument, cd_config_document_free)

G_END_DECLS
