/* gw-signing.h — the facilities' signatures on the documents the gateway serves.
 *
 * Each facility signs with its own key under the test-only CA in data/pki. Keys are loaded once.
 */
#pragma once

#include <glib.h>

#include "cd-xmldsig.h"

G_BEGIN_DECLS

typedef enum
{
  GW_SIGNATURE_ENVELOPED,  /* Reference URI="", enveloped-signature transform, in CHUKYDONVI */
  GW_SIGNATURE_BY_ID,      /* Reference to the element carrying an Id attribute */
} GwSignatureProfile;

typedef struct _GwSigning GwSigning;

GwSigning *gw_signing_new     (const char          *pki_dir,
                               GError             **error);
void       gw_signing_free    (GwSigning           *self);

/* Takes ownership of `xml`; returns the signed document, or NULL with an error. */
char      *gw_signing_sign    (GwSigning           *self,
                               char                *xml,
                               const char          *facility_code,
                               GwSignatureProfile   profile,
                               GError             **error);

/* Signs central's configuration document (enveloped, inside CHUKYDONVI) with the TEST-ONLY key of
 * <pki dir>/central/configuration.{key,cert}.pem. Takes ownership of `xml`. */
char      *gw_signing_sign_configuration (GwSigning  *self,
                                          char       *xml,
                                          GError    **error);
/* Central's TEST-ONLY signing key (the configuration signer, loaded once), which also signs the
 * rule packs central serves (gw-rule-packs.c); NULL with an error when it cannot be loaded. */
CdSigningKey *gw_signing_get_central_key (GwSigning  *self,
                                          GError    **error);
const char   *gw_signing_get_pki_dir     (GwSigning  *self);
/* The PEM of every CA of <pki dir>/trust: the trust anchors central delivers. */
char      *gw_signing_dup_trust_anchors  (GwSigning  *self,
                                          GError    **error);

/* Changes one byte of signed content (a date digit), as a careless or malicious relay would. */
void       gw_signing_tamper  (char                *xml);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSigning, gw_signing_free)

G_END_DECLS
