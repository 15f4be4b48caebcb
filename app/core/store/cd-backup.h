/* cd-backup.h — copying the workstation database out (backup) and back in (restore).
 *
 * Backups use SQLite's online backup API, so they are consistent while the application keeps
 * working, and are written to a temporary name and renamed only once complete and checked: a failed
 * backup never leaves a half file under the destination name.
 */
#pragma once

#include "cd-database.h"

G_BEGIN_DECLS

/* Copies `db` to `dest` (replacing it) and checks the copy with PRAGMA quick_check. */
gboolean cd_backup_to_file (CdDatabase  *db,
                            const char  *dest,
                            GError     **error);

/* Replaces the database file at `path` with the backup `from`, after checking that `from` is a
 * sound ClaimDesk database no newer than this program. No connection may have `path` open. */
gboolean cd_backup_restore (const char  *path,
                            const char  *from,
                            GError     **error);

G_END_DECLS
