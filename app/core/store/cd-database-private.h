/* cd-database-private.h — the SQLite handle behind a CdDatabase, for the store layer's own files.
 *
 * The one header that includes <sqlite3.h>. Files of app/core/store that need SQLite itself (the
 * statements, search, the claim list's pages, backups) include it; nothing above the store can
 * (see tests/check-layers.sh and the sqlite3.h fence in app/core/meson.build).
 */
#pragma once

#include <sqlite3.h>

#include "cd-database.h"

G_BEGIN_DECLS

sqlite3     *cd_database_get_handle          (CdDatabase   *self);

/* A CdDatabase around a connection the caller opened its own way (a backup file, read-only or
 * in rollback-journal mode): no pragma is set and nothing is migrated. It takes the handle over and
 * closes it when finalized. */
CdDatabase  *cd_database_wrap_handle         (sqlite3      *db,
                                              const char   *path,
                                              gboolean      read_only);

/* Sets `error` from SQLite's result code: a full disk and a read-only file get sentences that say
 * what to do, a broken file the restore command; `what` (the file) names where it happened. */
/* TRUE when the SQLite file `path` is shorter than its own header says (`expected` bytes): a copy
 * broken off midway. A checkpoint or a commit in progress writes page 1 first, so a file with a
 * non-empty -wal, or a -journal, is never called cut short: the pages may be on their way. */
gboolean     cd_database_cut_short           (const char   *path,
                                              guint64      *expected);
void         cd_database_set_sqlite_error    (GError      **error,
                                              sqlite3      *db,
                                              int           rc,
                                              const char   *what);

gboolean     cd_database_quick_check         (sqlite3      *db,
                                              const char   *path,
                                              GError      **error);

/* A text column as a new string, NULL for SQL NULL: the shape every row reader needs. */
char        *cd_database_column_dup          (sqlite3_stmt *stmt,
                                              int           column);

/* The statements cd_database_prepare_cached keeps (cd-statement.c). */
typedef struct _CdStatementCache CdStatementCache;

CdStatementCache *cd_statement_cache_new          (void);
void              cd_statement_cache_free         (CdStatementCache *cache);
CdStatementCache *cd_database_get_statement_cache (CdDatabase       *self);

G_END_DECLS
