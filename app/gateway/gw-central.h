/* gw-central.h — the central social-security system (OURS): tokens and decision intake.
 *
 * A token is issued per officer, only against an enrolled office's credentials (gw-enrolment.h),
 * and is refused from the moment its office or its officer is revoked.
 *
 * Intake is batched and idempotent by decision id + payload hash: the same id with the same hash is
 * acknowledged again with the same receipt; the same id with another hash is a conflict and the
 * stored decision is left as it was. What was stored can be read back, unfaulted, from
 * GET /_control/central/decisions.
 *
 * Each request and outbox bundle may carry the workstation's audit-log head; central keeps it per
 * office credential (gw-audit-anchors.h), answers with the anchor it holds, and gives them back to
 * an auditor at GET /central/audit-anchor.
 */
#pragma once

#include "gw-enrolment.h"
#include "gw-server.h"

G_BEGIN_DECLS

GwCentral *gw_central_new        (GwServer    *server,
                                  GwEnrolment *enrolment);
void       gw_central_free       (GwCentral   *self);

/* For the other central endpoints: TRUE if the request carries a valid bearer token of an office
 * and officer still in good standing; otherwise the 401 (or 403 revoked) answer has been sent. */
gboolean   gw_central_authorize  (GwCentral          *self,
                                  SoupServerMessage  *msg);

G_END_DECLS
