/* cd-xmldsig-foreign.h — XMLDSig signatures on documents written outside ClaimDesk.
 *
 * An applicant brings a signed TT78 e-invoice (root HDon); a partner sends a W3C interop sample.
 * Such signatures do not have our one shape (cd-xmldsig.h, which stays as strict as it is): they
 * point at elements by Id, sign a time-stamp ds:Object, use SHA-1. This verifier accepts what those
 * documents need and refuses the rest with the reason, the way xmlsec1 --verify does with
 * --id-attr and same-document references only:
 *   - References to the same document only, "" or "#id", the Id registered only where a Reference
 *     names it and refused when two elements carry it;
 *   - transforms: enveloped-signature and canonicalisations, never XPath, XSLT or base64;
 *   - RSA with SHA-256 or stronger; RSA-SHA1 and SHA-1 digests only on a TT78 e-invoice (root
 *     HDon), which its issuers still sign that way; DSA never;
 *   - the key from KeyInfo: an X509Certificate (the signer is its subject), or a bare RSAKeyValue,
 *     which proves the bytes unchanged but names nobody;
 *   - at least one Reference to an element outside the signature; none to the signature itself
 *     or inside it, but for the TT78 time stamp; on an e-invoice, one to /HDon/DLHDon;
 *   - never one of our own signed formats (GIAMDINHHS, the MoH tables, rule packs, central's
 *     configuration, employer lists), as the root or anywhere inside: those have a strict profile
 *     of their own (cd-xmldsig.h), and the reason names the command that applies it.
 * The answer says where each element a Reference covers sits; unlike our own profiles it does not
 * claim that the whole document is signed (docs/documents.md, "Signatures on documents from
 * outside").
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "cd-trust-store.h"

G_BEGIN_DECLS

typedef enum
{
  CD_FOREIGN_SIGNATURE_VALID,      /* verifies; the signer chains to the trust store */
  CD_FOREIGN_SIGNATURE_UNTRUSTED,  /* verifies; the signer does not chain to it, or is not named */
  CD_FOREIGN_SIGNATURE_INVALID,    /* a digest or the signature value does not match: changed */
  CD_FOREIGN_SIGNATURE_REFUSED,    /* unreadable, unsigned, or a shape or algorithm not accepted */
} CdForeignSignatureStatus;

typedef struct
{
  char *uri;      /* as written: "" or "#id" */
  char *digest;   /* "sha1", "sha256", "sha384", "sha512", or the algorithm's URI */
  char *element;  /* where the element it covers sits, "/HDon/DLHDon" (names as written, "[n]"
                   * among same-named siblings); NULL when it does not resolve */
} CdForeignReference;

typedef struct
{
  CdForeignSignatureStatus  status;               /* the worst over the document's signatures */
  char                     *root;                 /* local name of the root; NULL if unparsed */
  GPtrArray                *references;           /* CdForeignReference *, of every signature */
  char                     *signature_algorithm;  /* "rsa-sha1"… or the URI, first signature */
  char                     *subject;              /* signer certificate subject, first signature;
                                                   * NULL for a bare key or none */
  char                     *reason;               /* English, for logs; NULL when valid */
  guint                     n_signatures;
} CdForeignSignatureResult;

const char               *cd_foreign_signature_status_to_string (CdForeignSignatureStatus status);

/* Verifies every ds:Signature of `doc` against `store` (NULL: no signer can be trusted). `doc` is
 * not changed: the work is done on a copy. */
CdForeignSignatureResult *cd_xmldsig_verify_foreign      (CdTrustStore  *store,
                                                          xmlDocPtr      doc);
/* The same on bytes, parsed with the hardened reader (cd_xml_safe_parse, DOCTYPE refused);
 * a document that does not parse is REFUSED with the reader's message, which names `source`. */
CdForeignSignatureResult *cd_xmldsig_verify_foreign_data (CdTrustStore  *store,
                                                          const char    *data,
                                                          gsize          length,
                                                          const char    *source);
void                      cd_foreign_signature_result_free (CdForeignSignatureResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdForeignSignatureResult, cd_foreign_signature_result_free)

G_END_DECLS
