/* demo-trust-fixture.h — the trust store of the TEST-ONLY CA, for the signature tests. */
#pragma once

#include "cd-trust-store.h"

G_BEGIN_DECLS

/* The TEST-ONLY CA the demo and the tests trust (data/pki/trust; never the workstation's store):
 * one certificate. */
CdTrustStore *demo_trust_store (void);

G_END_DECLS
