/* cd-audit-log.h — the append-only, hash-chained audit log in the workstation database.
 *
 * Every change a user (or the sync worker) makes to a claim, decision, account or payout batch
 * appends one entry here, in the same SQLite transaction as the change, so the log never tells of a
 * change that did not happen nor misses one that did. Entries are chained with cd-audit-chain.h;
 * the entry format is in docs/workflow.md.
 */
#pragma once

#include "cd-audit-chain.h"
#include "cd-database.h"

G_BEGIN_DECLS

#define CD_AUDIT_LOG_ERROR (cd_audit_log_error_quark ())

typedef enum
{
  CD_AUDIT_LOG_ERROR_INVALID,  /* before/after is not JSON, or a required field is missing */
  CD_AUDIT_LOG_ERROR_QUERY,    /* SQLite failed */
} CdAuditLogError;

GQuark cd_audit_log_error_quark (void);

typedef struct
{
  const char *at;         /* ISO 8601 UTC; NULL: now */
  gint64      user_id;    /* the signed-in user; 0 for the system (the sync worker, the seeder) */
  const char *action;     /* "approve", "user.add"… */
  const char *entity;     /* "claim", "user", "payout_batch" */
  gint64      entity_id;  /* 0 if none */
  const char *before;     /* JSON text or NULL */
  const char *after;      /* JSON text or NULL */
} CdAuditEntry;

/* Appends one entry after the current last one. Call it inside the transaction of the change it
 * records. `before` and `after` are stored in canonical form. */
gboolean  cd_audit_log_append       (CdDatabase          *db,
                                     const CdAuditEntry  *entry,
                                     GError             **error);

/* A writer for many entries in one transaction (the seeder): statements prepared once and the
 * chain's head kept in memory. Only valid inside the transaction it was first used in.
 * `trusted_canonical`: before/after are already canonical JSON (skips re-parsing them). */
typedef struct _CdAuditWriter CdAuditWriter;

CdAuditWriter *cd_audit_writer_new    (CdDatabase          *db,
                                       GError             **error);
gboolean       cd_audit_writer_append (CdAuditWriter       *writer,
                                       const CdAuditEntry  *entry,
                                       gboolean             trusted_canonical,
                                       GError             **error);
void           cd_audit_writer_free   (CdAuditWriter       *writer);

/* The text whose canonical form is hashed, rebuilt from a stored row's columns. */
char     *cd_audit_log_entry_json   (const char          *at,
                                     gint64               user_id,
                                     const char          *action,
                                     const char          *entity,
                                     gint64               entity_id,
                                     const char          *before,
                                     const char          *after);

/* The current time in the log's format, e.g. "2026-11-22T04:05:06Z". */
char     *cd_audit_log_now          (void);

typedef struct
{
  guint64       n_entries;     /* entries read */
  CdAuditBreak  kind;          /* CD_AUDIT_BREAK_NONE if intact */
  gint64        seq;           /* the first broken entry's seq */
  gint64        expected_seq;  /* the seq that should have been there */
  char         *head_hash;     /* the last entry's hash: an anchor to compare with a copy */
} CdAuditLogReport;

void      cd_audit_log_report_clear (CdAuditLogReport    *report);

/* Reads the whole log in seq order and checks the chain. FALSE only if the log cannot be read;
 * a broken chain is TRUE with report->kind set. */
gboolean  cd_audit_log_verify       (CdDatabase          *db,
                                     CdAuditLogReport    *report,
                                     GError             **error);

/* The head of the log: the last entry's seq and hash, or 0 and CD_AUDIT_GENESIS_HASH for an empty
 * log. What a sync request and an outbox bundle carry to central as the log's anchor. */
gboolean  cd_audit_log_read_head    (CdDatabase          *db,
                                     gint64              *seq,
                                     char               **hash,
                                     GError             **error);

typedef enum
{
  CD_AUDIT_ANCHOR_HOLDS,      /* entry SEQ is there with that hash */
  CD_AUDIT_ANCHOR_TRUNCATED,  /* there is no entry SEQ: the log was cut back below it */
  CD_AUDIT_ANCHOR_REWRITTEN,  /* entry SEQ has another hash: the log was rewritten up to it */
} CdAuditAnchorMatch;

/* Compares the log with an anchor (seq, hash) kept outside it. Meaningful after
 * cd_audit_log_verify found the chain intact: then entry SEQ's hash vouches for entries 1…SEQ.
 * `last_seq` (may be NULL) gets the log's last seq, 0 if empty. FALSE only if the log cannot be
 * read. */
gboolean  cd_audit_log_check_anchor (CdDatabase          *db,
                                     gint64               seq,
                                     const char          *hash,
                                     CdAuditAnchorMatch  *match,
                                     gint64              *last_seq,
                                     GError             **error);

/* Records an anchor central acknowledged (`via` "sync" or "bundle"; `central_status` what central
 * said of the head it was sent, may be NULL), once per (seq, hash). Inside the caller's
 * transaction. */
gboolean  cd_audit_log_record_anchor (CdDatabase         *db,
                                      gint64              seq,
                                      const char         *hash,
                                      const char         *via,
                                      const char         *central_status,
                                      GError            **error);

/* The highest anchor recorded here: TRUE with *seq = -1 when there is none. This is the weaker
 * check: whoever can rewrite the log can delete these rows too; central's copy is the strong one. */
gboolean  cd_audit_log_read_anchor  (CdDatabase          *db,
                                     gint64              *seq,
                                     char               **hash,
                                     GError             **error);

G_END_DECLS
