/* cd-store-lock.h — one workstation window per office store.
 *
 * SQLite keeps two writers from damaging the file, but two workstation windows on one store would
 * each keep a sync worker going and each hold a session of its own, and an officer would not know
 * which of them a decision went through. The workstation takes this lock for as long as it has the
 * store open; a second one is told the store is in use, and by which process. Command-line tools
 * do not take it: a backup or `claimdesk-cli sync` beside the workstation is fine.
 *
 * The lock is an flock on `<store>.lock`, released by the kernel when the process ends however it
 * ends, so a crash never leaves a store locked.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CdStoreLock CdStoreLock;

/* NULL with CD_DATABASE_ERROR_IN_USE (naming the store and the process that has it)
 * when another holds it, or CD_DATABASE_ERROR_OPEN when the lock file cannot be made. */
CdStoreLock *cd_store_lock_acquire (const char   *db_path,
                                    GError      **error);
void         cd_store_lock_release (CdStoreLock  *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdStoreLock, cd_store_lock_release)

G_END_DECLS
