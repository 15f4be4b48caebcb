/* cd-audit-anchor.h — the head of a workstation's audit log, as sent to central and kept there.
 *
 * The hash chain (cd-audit-chain.h) proves the order and integrity of the entries a log holds, not
 * that none were removed from its end: a log cut back to entry N is a shorter valid chain. So each
 * sync request and each outbox bundle carries the log's head (its last seq and hash, and when it
 * was read); central keeps the heads it received per office credential, answers with the one it
 * holds, and refuses a head that goes back or disagrees with one it holds. An auditor then checks
 * the log against central's anchors (`claimdesk-cli verify-audit --central`), which nobody with
 * the workstation's database can rewrite. This module is the wire form only, shared by the
 * workstation and the gateway playing central (docs/sync.md, "The audit anchor").
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CD_AUDIT_ANCHOR_ERROR (cd_audit_anchor_error_quark ())

typedef enum
{
  CD_AUDIT_ANCHOR_ERROR_INVALID,  /* not SEQ:HASH, or a member missing or of the wrong type */
} CdAuditAnchorError;

GQuark cd_audit_anchor_error_quark (void);

/* What central did with a head it was sent (the `status` of its answer). */
#define CD_AUDIT_ANCHOR_RECORDED  "recorded"  /* newer than or equal to the one held: now held */
#define CD_AUDIT_ANCHOR_OLDER     "older"     /* read before the one held (a late stick, a request
                                               * overtaken): kept, nothing to flag */
#define CD_AUDIT_ANCHOR_REWOUND   "rewound"   /* fewer entries than central holds, read later:
                                               * refused and flagged */
#define CD_AUDIT_ANCHOR_CONFLICT  "conflict"  /* a seq central holds with another hash: refused
                                               * and flagged */
#define CD_AUDIT_ANCHOR_INVALID   "invalid"   /* malformed: ignored and flagged */

typedef struct
{
  gint64  seq;          /* the last entry's seq; 0 for an empty log */
  char   *hash;         /* its hash (64 hex digits); CD_AUDIT_GENESIS_HASH's zeros for seq 0 */
  char   *taken_at;     /* when the workstation read it, ISO 8601 UTC; may be NULL */
  /* Central's side: */
  char   *received_at;  /* when central received it */
  char   *via;          /* "sync" or "bundle" */
  char   *status;       /* in an answer: what central did with the head sent (above) */
  char   *message;      /* for a refused head: why, in words */
} CdAuditAnchor;

CdAuditAnchor *cd_audit_anchor_new        (gint64                seq,
                                           const char           *hash,
                                           const char           *taken_at);
CdAuditAnchor *cd_audit_anchor_copy       (const CdAuditAnchor  *anchor);
void           cd_audit_anchor_free       (CdAuditAnchor        *anchor);

/* TRUE for "refused by central": rewound, conflict or invalid. */
gboolean       cd_audit_anchor_is_refused (const CdAuditAnchor  *anchor);

/* "SEQ:HASH", as an auditor copies it from central or a printout. */
CdAuditAnchor *cd_audit_anchor_parse      (const char           *text,
                                           GError              **error);
char          *cd_audit_anchor_to_string  (const CdAuditAnchor  *anchor);

/* The JSON object {"seq", "hash", "taken_at"?, "received_at"?, "via"?, "status"?, "message"?}:
 * members that are NULL are left out. */
void           cd_audit_anchor_build      (const CdAuditAnchor  *anchor,
                                           JsonBuilder          *builder);
/* Reads that object; `what` names it in the error ("the audit_head of the request"). */
CdAuditAnchor *cd_audit_anchor_from_json  (JsonNode             *node,
                                           const char           *what,
                                           GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdAuditAnchor, cd_audit_anchor_free)

G_END_DECLS
