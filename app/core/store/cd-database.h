/* cd-database.h — the workstation's SQLite file: opening, pragmas, migrations, transactions.
 *
 * One file per office workstation. The schema is versioned by PRAGMA user_version and moved forward
 * by the migrations in cd-database.c, each in its own transaction. Statements are in
 * cd-statement.h. Nothing here names SQLite's own types: the layers above the store never include
 * <sqlite3.h> (the store's own files reach the handle through cd-database-private.h).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_DATABASE_ERROR (cd_database_error_quark ())

typedef enum
{
  CD_DATABASE_ERROR_OPEN,      /* the file cannot be opened or created */
  CD_DATABASE_ERROR_CORRUPT,   /* PRAGMA quick_check failed or the file is not a database */
  CD_DATABASE_ERROR_TOO_NEW,   /* written by a newer ClaimDesk than this one */
  CD_DATABASE_ERROR_MIGRATION, /* a migration step failed; the file is left at the earlier version
                                */
  CD_DATABASE_ERROR_READ_ONLY, /* the file or its folder cannot be written */
  CD_DATABASE_ERROR_FULL,      /* the disk is full */
  CD_DATABASE_ERROR_QUERY,     /* any other SQLite failure */
  CD_DATABASE_ERROR_CONSTRAINT, /* a UNIQUE, CHECK, FOREIGN KEY or NOT NULL constraint, or a
                                 * trigger, refused the write */
  CD_DATABASE_ERROR_IN_USE,     /* another workstation window has the store (cd-store-lock.h) */
  CD_DATABASE_ERROR_BEHIND,     /* a reader found an earlier schema: the writer migrates it */
  CD_DATABASE_ERROR_NOT_STORE,  /* the file is not a ClaimDesk store: missing (for a reader),
                                 * empty, a folder, or an SQLite database of another program */
} CdDatabaseError;

GQuark cd_database_error_quark (void);

#define CD_TYPE_DATABASE (cd_database_get_type ())
G_DECLARE_FINAL_TYPE (CdDatabase, cd_database, CD, DATABASE, GObject)

/* The writer connection: creates the file if needed and migrates it to the latest schema. */
CdDatabase  *cd_database_open                (const char  *path,
                                              GError     **error);
/* The writer connection without the quick_check at open, which reads every page (9 s at a million
 * claims): for the GUI, which opens at once and runs cd_database_check_async meanwhile, showing the
 * restore message if it fails. A file that is not a database still fails here. */
CdDatabase  *cd_database_open_unchecked      (const char  *path,
                                              GError     **error);
void         cd_database_check_async         (CdDatabase          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* FALSE with CD_DATABASE_ERROR_CORRUPT (and the restore command in the message) if damaged. */
gboolean     cd_database_check_finish        (CdDatabase          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* A reader connection (SQLITE_OPEN_READONLY): never migrates, never writes. */
CdDatabase  *cd_database_open_reader         (const char  *path,
                                              GError     **error);
/* Migrates only up to `version`: for tests that build a file as an earlier release left it. At
 * version 0 the file is not checked to be a ClaimDesk store (a test may build any SQLite file). */
CdDatabase  *cd_database_open_at_version     (const char  *path,
                                              int          version,
                                              GError     **error);
gboolean     cd_database_is_read_only        (CdDatabase  *self);
const char  *cd_database_get_path            (CdDatabase  *self);
int          cd_database_get_schema_version  (CdDatabase  *self);
int          cd_database_get_latest_version  (void);
/* The bytes SQLite holds in this process now and at most since it started, over every
 * connection (page caches, schemas, prepared statements): for the benchmarks' memory figures. */
void         cd_database_get_memory_in_use   (gint64      *now,
                                              gint64      *peak);

/* Runs `func` as g_task_run_in_thread would, but never at the same time as another job given to
 * this connection: a transaction is a sequence of statements, and two threads interleaving theirs
 * on one connection would commit each other's work. Every asynchronous writer on a shared
 * connection (the workstation's one writer) goes through here. A task cancelled while it waited
 * returns G_IO_ERROR_CANCELLED without running. */
void         cd_database_run_in_thread       (CdDatabase      *self,
                                              GTask           *task,
                                              GTaskThreadFunc  func);

/* Runs SQL text (one or more statements, no parameters): pragmas, DDL, tests. */
gboolean     cd_database_exec                (CdDatabase  *self,
                                              const char  *sql,
                                              GError     **error);

/* Transactions. begin_immediate takes the write lock at once, so what a writer reads inside is
 * what it changes; begin (deferred) gives a reader one consistent snapshot over several
 * statements. rollback never fails in a way the caller could act on, so it reports nothing. */
gboolean     cd_database_begin               (CdDatabase  *self,
                                              GError     **error);
gboolean     cd_database_begin_immediate     (CdDatabase  *self,
                                              GError     **error);
gboolean     cd_database_commit              (CdDatabase  *self,
                                              GError     **error);
void         cd_database_rollback            (CdDatabase  *self);
/* A savepoint nests inside a transaction (or starts a deferred one). `name` is an SQL identifier
 * (letters, digits, '_'); rollback_to undoes everything since the savepoint and ends it. */
gboolean     cd_database_savepoint           (CdDatabase  *self,
                                              const char  *name,
                                              GError     **error);
gboolean     cd_database_release             (CdDatabase  *self,
                                              const char  *name,
                                              GError     **error);
void         cd_database_rollback_to         (CdDatabase  *self,
                                              const char  *name);
/* TRUE between BEGIN (or a first SAVEPOINT) and the COMMIT or ROLLBACK that ends it. */
gboolean     cd_database_in_transaction      (CdDatabase  *self);

/* Rows the last INSERT, UPDATE or DELETE changed, and the rowid of the last INSERT, on this
 * connection. */
gint64       cd_database_changes             (CdDatabase  *self);
gint64       cd_database_last_insert_rowid   (CdDatabase  *self);

G_END_DECLS
