/* cd-audit-chain.h — the tamper-evident chain of the audit log, independent of where it is stored.
 *
 * Entry n's hash is SHA-256 over the previous entry's hash, a newline, and the canonical JSON of
 * entry n (who, when, what, before, after). Editing an entry breaks its own hash; deleting or
 * reordering entries breaks the sequence numbers or the link to the previous hash. Entries deleted
 * from the end are not found this way — what is left is a shorter valid chain — only against an
 * anchor kept outside the log (cd_audit_log_check_anchor, docs/workflow.md).
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The "previous hash" of the first entry. */
#define CD_AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

typedef enum
{
  CD_AUDIT_BREAK_NONE,
  CD_AUDIT_BREAK_EDITED,     /* the entry's content no longer matches its hash */
  CD_AUDIT_BREAK_DELETED,    /* entries are missing before this one */
  CD_AUDIT_BREAK_REORDERED,  /* the entry is out of place */
  CD_AUDIT_BREAK_MALFORMED,  /* the stored entry is not canonical-able JSON */
} CdAuditBreak;

typedef struct
{
  gint64      seq;          /* 1, 2, 3… */
  const char *prev_hash;
  const char *hash;
  const char *entry_json;   /* as stored */
} CdAuditRecord;

char         *cd_audit_chain_hash        (const char           *prev_hash,
                                          const char           *canonical_entry);

/* Checks records in storage order; returns the first break and its index, or NONE. */
CdAuditBreak  cd_audit_chain_verify      (const CdAuditRecord  *records,
                                          gsize                 n_records,
                                          gsize                *break_index);
/* One step of cd_audit_chain_verify, for a log too long to hold in memory: checks `record` against
 * the record before it in storage order (NULL for the first). */
CdAuditBreak  cd_audit_chain_check_next  (const CdAuditRecord  *previous,
                                          const CdAuditRecord  *record);
const char   *cd_audit_break_describe    (CdAuditBreak          kind);

G_END_DECLS
