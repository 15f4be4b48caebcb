/* cd-context.h — what every part of the workstation shares, owned in one place.
 *
 * The application (or the CLI) makes one CdContext and hands it to every widget; nobody else opens
 * the store or builds a client. It owns:
 *
 *  - the store: its path, known at once so readers can start, and the writer CdDatabase, opened
 *    off the main loop (cd_context_open_database_async) and shared by every worker through
 *    cd_database_run_in_thread, which runs its jobs one at a time: every write the workstation
 *    makes goes through it but two, which have a connection of their own: the sync worker writes
 *    the outbox, and the claims' status with its audit entries, on its own thread and connection,
 *    and the demo's sign-in (cd_demo_accounts_sign_in) opens one to make the demo accounts and set
 *    their passwords. SQLite's file lock (waited on up to five seconds) keeps their transactions
 *    and the writer's apart. cd_context_open_reader gives a worker job a read-only connection of
 *    its own;
 *  - one CdHttpClient, and the CdCentralClient and CdEvidenceFetcher built on it for the
 *    signed-in user from the addresses set by cd_context_set_addresses (or, each system apart,
 *    cd_context_set_endpoints), with the enrolled office's credentials given by
 *    cd_context_set_office_credential: tokens are asked for with them, in the signed-in
 *    officer's name, never an invented one;
 *  - the CdTrustStore for document signatures and the CdRulePack, each loaded once;
 *  - the CdSyncWorker, which exists while there is a store, a central address and someone to act
 *    for, and delivers in that user's name; the workstation keeps it syncing in the background;
 *  - the CdBackupWorker, which exists while there is a store and makes the daily backup; and the
 *    restore of a backup, which closes everything that works on the store and opens it again;
 *  - the clock ("today" and "now"), which tests replace;
 *  - the signed-in CdSession.
 *
 * Every property notifies on the main context the context was made in; widgets follow
 * notify::database, notify::session, notify::sync-worker and so on instead of being told.
 */
#pragma once

#include <gio/gio.h>

#include "cd-backup-worker.h"
#include "cd-central-client.h"
#include "cd-clock.h"
#include "cd-database.h"
#include "cd-evidence-fetcher.h"
#include "cd-http-client.h"
#include "cd-rule-pack-fetch.h"
#include "cd-rule-pack.h"
#include "cd-sync-worker.h"
#include "cd-trust-store.h"
#include "cd-users.h"
#include "cd-verification-worker.h"

G_BEGIN_DECLS

#define CD_TYPE_CONTEXT (cd_context_get_type ())
G_DECLARE_FINAL_TYPE (CdContext, cd_context, CD, CONTEXT, GObject)

CdContext         *cd_context_new                   (void);

/* The store. The path first: readers (the claim list) may start on it while the writer opens. */
const char        *cd_context_get_db_path           (CdContext            *self);
void               cd_context_set_db_path           (CdContext  *self,
                                                     const char *db_path);
/* Opens the writer on the path in a worker thread (creating and migrating the file), without
 * the whole-file check; that check follows in the background, and a damaged file is reported
 * through ::database-damaged with the restore path in the message. */
void               cd_context_open_database_async   (CdContext           *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean           cd_context_open_database_finish  (CdContext     *self,
                                                     GAsyncResult  *result,
                                                     GError       **error);
/* Opens (creating and migrating) the store at db_path and makes it the context's: the path
 * changes only once the writer is open, so readers never start on a file that is not there yet.
 * The check follows in the background as above. Finished by cd_context_open_database_finish. */
void               cd_context_open_database_at_async (CdContext           *self,
                                                      const char          *db_path,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* The same, blocking, for a command-line tool: with `check_whole_file` the integrity check runs
 * before it returns (a damaged file fails with CD_DATABASE_ERROR_CORRUPT naming the restore). */
gboolean           cd_context_open_database         (CdContext  *self,
                                                     gboolean    check_whole_file,
                                                     GError    **error);
/* A writer someone else opened (the demo session's); its path becomes the context's. */
void               cd_context_set_database          (CdContext  *self,
                                                     CdDatabase *database);
/* The writer, or NULL until it is open. */
CdDatabase        *cd_context_get_database          (CdContext            *self);
/* A fresh read-only connection on the store, for one worker job (blocking: call it there). */
CdDatabase        *cd_context_open_reader           (CdContext  *self,
                                                     GError    **error);

/* Where central and the evidence sources are (NULL or "": not configured). */
void               cd_context_set_addresses         (CdContext  *self,
                                                     const char *central_url,
                                                     const char *evidence_url);
/* Each system at its own address (central's configuration document): central's becomes the
 * central URL, the medical portal's the evidence URL. */
void               cd_context_set_endpoints         (CdContext          *self,
                                                     const CdEndpoints  *endpoints);
const char        *cd_context_get_central_url       (CdContext            *self);
const char        *cd_context_get_evidence_url      (CdContext            *self);
/* Where each system is now (an unset address is the other one, as the clients use them). */
CdEndpoints       *cd_context_dup_endpoints         (CdContext            *self);
/* The enrolled office's credentials, which the caller keeps (the OS keyring) and gives here; they
 * are copied, never written anywhere. NULL: not enrolled, and central refuses every request with
 * CD_CENTRAL_ERROR_NOT_ENROLLED. The clients and the sync worker are made again with them. */
void               cd_context_set_office_credential (CdContext                 *self,
                                                     const CdOfficeCredential  *credential);
const CdOfficeCredential *cd_context_get_office_credential (CdContext       *self);
CdHttpClient      *cd_context_get_http_client       (CdContext            *self);
/* Who the clients act for when nobody is signed in: a command-line tool names its operator
 * (--officer); the workstation never sets one, so its clients are always the signed-in user's. */
void               cd_context_set_operator          (CdContext  *self,
                                                     const char *login);
const char        *cd_context_get_operator          (CdContext            *self);
/* For the signed-in user (or the operator); NULL with nobody to act for or no address. */
CdCentralClient   *cd_context_get_central_client    (CdContext            *self);
CdEvidenceFetcher *cd_context_get_evidence_fetcher  (CdContext            *self);

/* Loaded at the first call and kept (blocking: the trust anchors are a few small files): the
 * workstation's own anchors (cd_trust_store_new_default: empty until an administrator adds some),
 * or those of the folder set with cd_context_set_trust_dir. A tool with anchors of its own gives
 * them with cd_context_set_trust_store. */
CdTrustStore      *cd_context_get_trust_store       (CdContext  *self,
                                                     GError    **error);
void               cd_context_set_trust_store       (CdContext    *self,
                                                     CdTrustStore *trust);
/* Reads the anchors from `dir` (every certificate in it; none is an error) instead of the
 * workstation's: the demo's TEST-ONLY CA for `claimdesk --demo`. NULL goes back to the
 * workstation's. Drops a store already read; nothing is read here. */
void               cd_context_set_trust_dir         (CdContext  *self,
                                                     const char *dir);
/* The same off the main loop, for the workstation: the first call reads the anchors in a worker
 * thread, later ones have them at once. */
void               cd_context_load_trust_store_async  (CdContext           *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
CdTrustStore      *cd_context_load_trust_store_finish (CdContext     *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);
/* Loaded once, off the main loop; later calls share the first load. */
void               cd_context_load_rule_pack_async  (CdContext           *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
CdRulePack        *cd_context_load_rule_pack_finish (CdContext     *self,
                                                     GAsyncResult  *result,
                                                     GError       **error);
/* The pack once loaded, else NULL. */
CdRulePack        *cd_context_get_rule_pack         (CdContext            *self);
/* Where installed rule-pack updates are (default cd_data_dir_rule_packs); set before the first
 * load. The loaded pack carries them: cd_rules_evaluate picks the one in force on a claim's
 * decided_on (cd_rule_pack_for_day). */
void               cd_context_set_rule_packs_dir    (CdContext  *self,
                                                     const char *dir);
const char        *cd_context_get_rule_packs_dir    (CdContext  *self);
/* Loads the shipped and installed packs again (after an install) and notifies rule-pack; a no-op
 * before the first load. */
void               cd_context_reload_rule_pack      (CdContext  *self);
/* Asks central (the context's address and office credentials) for the rule packs this
 * workstation lacks and installs them (cd_rule_pack_fetch), then reloads the rules if any was
 * installed. The context also does this by itself after a sync run that reached central, at most
 * once an hour. G_IO_ERROR_NOT_INITIALIZED when not enrolled. */
void               cd_context_fetch_rule_packs_async  (CdContext           *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
CdRulePackFetchReport *cd_context_fetch_rule_packs_finish (CdContext     *self,
                                                           GAsyncResult  *result,
                                                           GError       **error);

/* There while there is a store, a central address and someone to act for; else NULL. */
CdSyncWorker      *cd_context_get_sync_worker       (CdContext            *self);
/* The workstation's choice: the worker keeps syncing (cd_sync_worker_start) whenever it exists.
 * Off by default, for a command-line run that drains the outbox once. */
void               cd_context_set_background_sync   (CdContext *self,
                                                     gboolean   background_sync);
/* Deferred verification of paper evidence (cd-verification-worker.h) when the link is back: the
 * worker follows the sync worker (same store, addresses and user) and is triggered by its
 * successful runs. Off until the workstation turns it on. */
void               cd_context_set_background_verification (CdContext *self,
                                                           gboolean   background_verification);
CdVerificationWorker *cd_context_get_verification_worker  (CdContext *self);

/* There while there is a store; else NULL. It follows the context's clock. */
CdBackupWorker    *cd_context_get_backup_worker     (CdContext            *self);
/* The workstation's choice: the worker checks daily backups (cd_backup_worker_start) while the
 * store's writer is open. Off by default (the demo and command-line tools make none). */
void               cd_context_set_background_backups (CdContext *self,
                                                      gboolean   background_backups);

/* Restores the store from the backup file `backup`, as `admin` (an administrator; the audit entry
 * is theirs). The workers stop and the writer is handed over (notify::database goes NULL, so
 * nothing new is written meanwhile); the restore runs on it after the writes already queued
 * (cd_store_backup_restore: checked first, a safety copy kept in the backup folder, copied into the
 * open store, audited in it); then a writer on the restored store becomes the context's and
 * notify::db-path is emitted, for every reader to open the store again. If `admin` has no account
 * in the restored store, the session ends. ::restore-progress (double) follows the copy. A backup
 * that fails its check changes nothing; the error names the file. */
void               cd_context_restore_backup_async  (CdContext           *self,
                                                     const char          *backup,
                                                     CdSession           *admin,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* What the store now holds; `safety_copy` (may be NULL) gets where the replaced store was kept. */
CdBackupSummary   *cd_context_restore_backup_finish (CdContext     *self,
                                                     GAsyncResult  *result,
                                                     char         **safety_copy,
                                                     GError       **error);
/* TRUE from the start of a restore until it finishes. */
gboolean           cd_context_get_restoring         (CdContext            *self);

CdClock           *cd_context_get_clock             (CdContext            *self);
/* Tests give a fixed clock. */
void               cd_context_set_clock             (CdContext *self,
                                                     CdClock   *clock);

/* The signed-in user, or NULL; notify::session follows sign-in and sign-out (not locking: the
 * session's own "locked" says that). */
CdSession         *cd_context_get_session           (CdContext            *self);
void               cd_context_set_session           (CdContext *self,
                                                     CdSession *session);

G_END_DECLS
