/* cd-xmldsig-private.h — what the two halves of the XML signature module share: cd-xmldsig.c (our
 * own profiles, strict) and cd-xmldsig-foreign.c (signatures on documents from outside). One set of
 * helpers, so that both read a ds:element, an Id, a signer and the trust store the same way.
 */
#pragma once

#include <libxml/tree.h>
#include <xmlsec/keys.h>
#include <xmlsec/keysmngr.h>

#include "cd-trust-store.h"
#include "cd-xmldsig.h"

G_BEGIN_DECLS

/* An element `name` in the XMLDSig namespace. */
gboolean           cd_xmldsig_is_dsig          (xmlNodePtr          node,
                                                const char         *name);
/* An attribute named Id, ID or id, in any namespace. */
gboolean           cd_xmldsig_is_id_attribute  (xmlAttrPtr          attr);
/* C14N 1.0 with or without comments, or exclusive C14N. */
gboolean           cd_xmldsig_is_allowed_c14n  (const char         *algorithm);
/* The subject of the first X509Certificate under `signature`, as it claims it; NULL if none. */
char              *cd_xmldsig_signer_subject   (xmlNodePtr          signature);
/* This thread's keys manager (never trusted: certificates are checked against our store). */
xmlSecKeysMngrPtr  cd_xmldsig_thread_manager   (void);
/* The signer certificate of the key xmlsec verified with, against `store` (may be NULL):
 * VALID, UNTRUSTED (reason), or INVALID when the key came with no certificate. */
CdSignatureStatus  cd_xmldsig_check_signer     (CdTrustStore       *store,
                                                xmlSecKeyPtr        key,
                                                char              **out_subject,
                                                char              **out_reason);

G_END_DECLS
