/* gw-rule-packs.h — central's rule-pack updates: the signed packs it serves to offices.
 *
 * GET /central/rule-packs (office credentials) lists them, GET /central/rule-packs/ID serves one
 * signed file (docs/interop.md). POST /_control/rule-packs publishes one, built and signed here
 * from a folder or from the files in the request, so tests can publish good, badly signed,
 * failing and future-dated packs.
 */
#pragma once

#include "gw-server.h"

G_BEGIN_DECLS

typedef struct _GwRulePacks GwRulePacks;

GwRulePacks *gw_rule_packs_new      (GwServer    *server);
void         gw_rule_packs_free     (GwRulePacks *self);
/* Every published pack as a receipts bundle's payload (CdBundlePayload, kind "rule_pack", named
 * by its id): an office with no link receives central's packs on the same USB stick as its
 * receipts. */
GPtrArray   *gw_rule_packs_payloads (GwRulePacks *self);

G_END_DECLS
