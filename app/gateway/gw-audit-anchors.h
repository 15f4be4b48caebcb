/* gw-audit-anchors.h — central's record of each workstation's audit-log heads (docs/sync.md,
 * "The audit anchor").
 *
 * Per office credential (one per enrolled workstation): every head accepted, the one held (the
 * highest seq), and every head refused. A head is refused when it disagrees with a seq central
 * holds (conflict: the log was rewritten) or has fewer entries than the one held and was read
 * after it (rewound: entries were deleted). A head with fewer entries that was read before the one
 * held (a USB stick filed late, a request overtaken by another process's) is only older: kept,
 * not flagged. Central cannot see entries, so a tail rewritten past what it holds is found by the
 * auditor (`verify-audit --central`), not here.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-audit-anchor.h"

G_BEGIN_DECLS

typedef struct _GwAuditAnchors GwAuditAnchors;

GwAuditAnchors *gw_audit_anchors_new     (void);
void            gw_audit_anchors_free    (GwAuditAnchors  *self);

/* Takes the head `node` (a request's "audit_head", a bundle header's; NULL when absent) sent with
 * `credential_id`'s credentials by `via` ("sync", "bundle"). Returns central's answer: a copy of
 * the anchor now held with `status` (and `message`) saying what became of the head; NULL when no
 * head was sent and none is held. */
CdAuditAnchor  *gw_audit_anchors_receive (GwAuditAnchors  *self,
                                          const char      *credential_id,
                                          JsonNode        *node,
                                          const char      *via);

/* {"credential_id", "office", "held": ANCHOR|null, "anchors": [ANCHOR…] by seq,
 *  "refused": [ANCHOR with status and message…] in arrival order}. */
void            gw_audit_anchors_build   (GwAuditAnchors  *self,
                                          const char      *credential_id,
                                          const char      *office,
                                          JsonBuilder     *builder);
/* The credential ids with a record, sorted. */
GPtrArray      *gw_audit_anchors_list    (GwAuditAnchors  *self);

G_END_DECLS
