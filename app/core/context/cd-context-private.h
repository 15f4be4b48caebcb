/* cd-context-private.h — the context's state, shared by the files that make it up:
 *
 *   cd-context.c          the store, the clients, trust and rules, the workers, clock and session
 *   cd-context-restore.c  restoring a backup: everything on the store closed, and opened again
 */
#pragma once

#include "cd-context.h"
#include "cd-verification-worker.h"

G_BEGIN_DECLS

struct _CdContext
{
  GObject            parent_instance;

  GMutex             lock;          /* db_path and trust: read from worker threads */
  char              *db_path;
  CdDatabase        *database;
  GCancellable      *cancellable;   /* the background check; cancelled on dispose */

  char              *central_url;
  char              *evidence_url;   /* the medical portal's, and the others' unless set apart */
  char              *civil_url;      /* set apart by cd_context_set_endpoints, else NULL */
  char              *population_url;
  CdOfficeCredential *credential;    /* the enrolled office's, from the caller; NULL: none */
  CdHttpClient      *http;
  CdCentralClient   *central;       /* for `session`; built when first asked */
  CdEvidenceFetcher *fetcher;       /* likewise */

  CdTrustStore      *trust;
  char              *trust_dir;     /* NULL: the workstation's own (cd_trust_store_new_default) */
  CdRulePack        *rule_pack;
  GPtrArray         *pack_waiters;  /* GTasks waiting for the one load under way */
  char              *packs_dir;     /* installed rule packs; NULL: cd_data_dir_rule_packs */
  gint64             packs_fetched_at; /* monotonic µs of the last fetch after a sync, or 0 */
  gboolean           packs_fetching;
  gulong             sync_progress_handler;

  CdSyncWorker      *sync_worker;
  gboolean           background_sync;
  CdVerificationWorker *verification_worker;  /* deferred verification, beside the sync worker */
  gboolean           background_verification;
  CdBackupWorker    *backup_worker;
  gboolean           background_backups;
  gboolean           restoring;     /* cd-context-restore.c: the store is being replaced */
  CdClock           *clock;
  CdSession         *session;
  char              *operator;
};

enum {
  CD_CONTEXT_PROP_0,
  CD_CONTEXT_PROP_DB_PATH,
  CD_CONTEXT_PROP_DATABASE,
  CD_CONTEXT_PROP_CENTRAL_URL,
  CD_CONTEXT_PROP_EVIDENCE_URL,
  CD_CONTEXT_PROP_RULE_PACK,
  CD_CONTEXT_PROP_SYNC_WORKER,
  CD_CONTEXT_PROP_CLOCK,
  CD_CONTEXT_PROP_SESSION,
  CD_CONTEXT_PROP_BACKUP_WORKER,
  CD_CONTEXT_PROP_RESTORING,
  CD_CONTEXT_N_PROPS
};

enum {
  CD_CONTEXT_DATABASE_DAMAGED,
  CD_CONTEXT_RESTORE_PROGRESS,
  CD_CONTEXT_N_SIGNALS
};

extern GParamSpec *cd_context_properties[CD_CONTEXT_N_PROPS];
extern guint cd_context_signals[CD_CONTEXT_N_SIGNALS];

gboolean cd_context_is_set                (const char *text);
/* The workers follow the store, the addresses, who acts and the clock: each call makes the one
 * the context should have now (none while a restore is under way). */
void     cd_context_restart_sync_worker   (CdContext  *self);
void     cd_context_restart_backup_worker (CdContext  *self);

G_END_DECLS
