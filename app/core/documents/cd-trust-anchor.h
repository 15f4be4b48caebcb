/* cd-trust-anchor.h — a CA certificate the workstation trusts for document signatures, as an
 * administrator sees it: subject, issuer, validity and SHA-256 fingerprint.
 *
 * Anchors come from central's configuration document or are imported from PEM files; the office
 * store keeps them (setup/cd-office-setup.h) and a CdTrustStore is built from them.
 */
#pragma once

#include <glib.h>

#include "cd-trust-store.h"

G_BEGIN_DECLS

typedef struct
{
  char      *subject;       /* RFC 2253, UTF-8 as is */
  char      *issuer;
  GDateTime *not_before;    /* UTC */
  GDateTime *not_after;
  char      *sha256;        /* of the DER: "AB:CD:…", 32 pairs, upper case */
  gboolean   is_ca;         /* may sign certificates (basicConstraints CA:true) */
  char      *pem;           /* this one certificate, PEM */
  char      *source;        /* "central", or the file it was imported from */
} CdTrustAnchor;

CdTrustAnchor *cd_trust_anchor_copy            (const CdTrustAnchor  *anchor);
void           cd_trust_anchor_free            (CdTrustAnchor        *anchor);
/* Within its validity period at `now`. */
gboolean       cd_trust_anchor_is_valid_at     (const CdTrustAnchor  *anchor,
                                                GDateTime            *now);

/* Every certificate of `pem` (one or more PEM blocks), as CdTrustAnchor items with `source`;
 * fails with CD_TRUST_STORE_ERROR_BAD_CERT, naming `source`, when there is none or a block does
 * not parse. */
GPtrArray     *cd_trust_anchors_from_pem       (const char           *pem,
                                                gsize                 length,
                                                const char           *source,
                                                GError              **error);
/* The same from a file; the source is the file's name. */
GPtrArray     *cd_trust_anchors_from_file      (const char           *path,
                                                GError              **error);
/* A trust store holding exactly these anchors. */
CdTrustStore  *cd_trust_anchors_to_store       (GPtrArray            *anchors,
                                                GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdTrustAnchor, cd_trust_anchor_free)

G_END_DECLS
