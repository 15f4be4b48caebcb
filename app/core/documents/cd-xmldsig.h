/* cd-xmldsig.h — W3C XMLDSig signing and verification of facility documents (xmlsec1, OpenSSL).
 *
 * Two profiles, both RSA-SHA256 over C14N 1.0 with a SHA-256 digest and the signer's certificate in
 * KeyInfo/X509Data, the ds:Signature placed inside CHUKYDONVI:
 *   CD_XMLDSIG_PROFILE_ENVELOPED — one Reference URI="" with the enveloped-signature transform;
 *   CD_XMLDSIG_PROFILE_ID        — one Reference URI="#<Id of the root element>", also enveloped.
 * Verification answers valid / invalid / unsigned / untrusted, the signer's subject and the element
 * covered; it only accepts that one shape, whose reference covers the whole document, so nothing
 * unsigned can be read as signed (docs/documents.md, "Signature wrapping").
 */
#pragma once

#include <glib-object.h>
#include <libxml/tree.h>

#include "cd-trust-store.h"

G_BEGIN_DECLS

#define CD_XMLDSIG_ERROR (cd_xmldsig_error_quark ())

typedef enum
{
  CD_XMLDSIG_ERROR_INIT,      /* xmlsec1 could not be initialised */
  CD_XMLDSIG_ERROR_KEY,       /* the key or certificate could not be loaded */
  CD_XMLDSIG_ERROR_SIGN,      /* signing failed */
  CD_XMLDSIG_ERROR_DOCUMENT,  /* the document cannot take a signature (no root, bad parent) */
} CdXmldsigError;

typedef enum
{
  CD_XMLDSIG_PROFILE_ENVELOPED,
  CD_XMLDSIG_PROFILE_ID,
} CdXmldsigProfile;

typedef enum
{
  CD_SIGNATURE_UNSIGNED,   /* no ds:Signature */
  CD_SIGNATURE_VALID,      /* verifies, signer chains to the trust store */
  CD_SIGNATURE_INVALID,    /* does not verify: changed after signing, bad structure, wrong coverage */
  CD_SIGNATURE_UNTRUSTED,  /* verifies with its own certificate, which the trust store does not vouch for */
} CdSignatureStatus;

typedef struct
{
  CdSignatureStatus status;
  CdXmldsigProfile  profile;  /* meaningful when signed */
  char             *subject;  /* the signer's certificate subject (RFC 2253), NULL if unknown */
  char             *reason;   /* why not valid, in English for logs; NULL when valid or unsigned */
  xmlNodePtr        covered;  /* the element the signature covers (the root) when it verifies,
                               * valid or untrusted; owned by the document; NULL otherwise */
} CdSignatureResult;

GQuark             cd_xmldsig_error_quark        (void);
/* Initialises libxml2 and xmlsec1 once per process; safe from any thread, cheap after the first
 * call. */
gboolean           cd_xmldsig_init               (GError            **error);
/* Keeps OpenSSL from freeing its state in an exit handler: a worker may still be checking a
 * signature when the process exits (the background paper check), and OpenSSL's handler freed what
 * it was using (a double free at exit). Call first in main(), before anything starts OpenSSL. */
void               cd_xmldsig_init_early         (void);
const char        *cd_signature_status_to_string (CdSignatureStatus   status);
const char        *cd_xmldsig_profile_to_string  (CdXmldsigProfile    profile);

/* Before anything is read: refuses (CD_DOCUMENT_ERROR_SIGNATURE, naming `source`) a signature in a
 * shape the formats do not use, the room signature-wrapping attacks need: more than one
 * ds:Signature; one outside the element `block` (CHUKYDONVI; NULL for any) directly under the root;
 * one carrying anything but SignedInfo, SignatureValue and KeyInfo (a ds:Object); other than one
 * Reference, to URI="" or "#" the root's Id attribute, with the enveloped-signature transform and
 * at most one canonicalisation; or, in a signed document, one Id value (Id, ID, id in any
 * namespace) on two attributes. A document without a signature passes. */
gboolean           cd_xmldsig_check_shape        (xmlDocPtr           doc,
                                                  const char         *block,
                                                  const char         *source,
                                                  GError            **error);

/* Verification: the shape above (its reason as an invalid signature's), then xmlsec on that one
 * signature. `doc` is not changed except that the root's Id attribute is registered as an ID. */
CdSignatureResult *cd_xmldsig_verify             (CdTrustStore       *store,
                                                  xmlDocPtr           doc);
void               cd_signature_result_free      (CdSignatureResult  *result);

/* For a document that is used only when someone the workstation trusts signed it (central's
 * configuration, a rule pack): what the document is called and what happens when it is refused,
 * both translated, and the code of the caller's own error domain for each way it can fail. */
typedef struct
{
  const char *what;                /* "the rule pack" */
  const char *consequence;         /* "so it is not installed" */
  GQuark      domain;
  int         unsigned_code;
  int         bad_signature_code;
  int         untrusted_code;
} CdTrustedSignature;

/* The signer's subject (empty if its certificate names none) when `doc` is signed and its signer
 * chains to `store`; otherwise NULL and an error in `expect->domain` naming `source`, the
 * document and why. */
char              *cd_xmldsig_require_trusted    (CdTrustStore              *store,
                                                  xmlDocPtr                  doc,
                                                  const char                *source,
                                                  const CdTrustedSignature  *expect,
                                                  GError                   **error);

/* A loaded facility key + certificate: load once, sign thousands of documents, from many threads.
 */
#define CD_TYPE_SIGNING_KEY (cd_signing_key_get_type ())
G_DECLARE_FINAL_TYPE (CdSigningKey, cd_signing_key, CD, SIGNING_KEY, GObject)

CdSigningKey      *cd_signing_key_new_from_pem   (const char         *key_pem,
                                                  gsize               key_length,
                                                  const char         *cert_pem,
                                                  gsize               cert_length,
                                                  GError            **error);
CdSigningKey      *cd_signing_key_new_from_files (const char         *key_path,
                                                  const char         *cert_path,
                                                  GError            **error);
/* The TEST-ONLY key of a facility: <demo PKI>/facilities/<code>.{key,cert}.pem
 * (cd_data_dir_demo_pki), for the CLI's sign-document --facility and the tests. */
CdSigningKey      *cd_signing_key_new_for_test_facility (const char  *facility_code,
                                                         GError     **error);
const char        *cd_signing_key_get_subject    (CdSigningKey       *self);

/* Adds a ds:Signature as the last child of `parent` (CHUKYDONVI, say) and signs. For the Id profile
 * the root element gets Id="…" if it has none. */
gboolean           cd_xmldsig_sign               (CdSigningKey       *key,
                                                  xmlDocPtr           doc,
                                                  xmlNodePtr          parent,
                                                  CdXmldsigProfile    profile,
                                                  GError            **error);
/* Convenience for servers: parses `data` safely, signs inside CHUKYDONVI under the root (created
 * when missing; an existing signature there is replaced) and returns the serialized UTF-8 document
 * (its data is NUL-terminated, the NUL not counted in the size). */
GBytes            *cd_xmldsig_sign_bytes         (CdSigningKey       *key,
                                                  const char         *data,
                                                  gsize               length,
                                                  CdXmldsigProfile    profile,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdSignatureResult, cd_signature_result_free)

G_END_DECLS
