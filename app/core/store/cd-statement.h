/* cd-statement.h — one SQL statement on a CdDatabase: prepare, bind, step, read columns.
 *
 * This is how every layer above the store speaks SQL, so that only the store includes
 * <sqlite3.h>. Parameters are numbered from 1 and columns from 0, as in SQLite. Failures come back
 * as CD_DATABASE_ERROR with the database file in the message; a full disk and a read-only file
 * get the same codes and sentences as everywhere else in the store (CD_DATABASE_ERROR_FULL,
 * CD_DATABASE_ERROR_READ_ONLY), and a broken constraint CD_DATABASE_ERROR_CONSTRAINT.
 *
 * A statement is used by one thread at a time, the one that prepared it, and keeps its database
 * alive until it is freed.
 */
#pragma once

#include "cd-database.h"

G_BEGIN_DECLS

typedef struct _CdStatement CdStatement;

typedef enum
{
  CD_STEP_FAILED, /* the error is set */
  CD_STEP_ROW,    /* a row is ready: read it with the column getters */
  CD_STEP_DONE,   /* no more rows; a write is done */
} CdStep;

CdStatement  *cd_database_prepare        (CdDatabase   *db,
                                          const char   *sql,
                                          GError      **error);
/* The same statement, prepared once per connection and kept: for what a hot path runs again and
 * again (a claims UPDATE takes longer to prepare than to run). Freeing it resets it and clears its
 * bindings for the next caller. While one caller holds it, another gets a fresh one. */
CdStatement  *cd_database_prepare_cached (CdDatabase   *db,
                                          const char   *sql,
                                          GError      **error);
void          cd_statement_free          (CdStatement  *self);

/* Binding a parameter that does not exist is remembered and reported by the next step. Text and
 * blobs are copied, so they need not outlive the call; NULL text binds SQL NULL. */
void          cd_statement_bind_text     (CdStatement  *self,
                                          int           index,
                                          const char   *value);
/* The same without the copy, for bulk loads that bind millions of values (the copy costs the
 * seeder a twentieth of its time): `value` must stay as it is until the parameter is bound
 * again, the bindings are cleared or the statement is freed. */
void          cd_statement_bind_text_static (CdStatement *self,
                                             int          index,
                                             const char  *value);
void          cd_statement_bind_int64    (CdStatement  *self,
                                          int           index,
                                          gint64        value);
void          cd_statement_bind_double   (CdStatement  *self,
                                          int           index,
                                          double        value);
void          cd_statement_bind_null     (CdStatement  *self,
                                          int           index);
void          cd_statement_bind_blob     (CdStatement  *self,
                                          int           index,
                                          gconstpointer data,
                                          gsize         length);
CdStep        cd_statement_step          (CdStatement  *self,
                                          GError      **error);
/* Steps until the statement is done (for writes: runs it), then resets it for another use, keeping
 * the bindings. FALSE with the error if a step failed. */
gboolean      cd_statement_run           (CdStatement  *self,
                                          GError      **error);
/* Back to before the first step; the bindings stay. */
void          cd_statement_reset         (CdStatement  *self);
void          cd_statement_clear_bindings (CdStatement *self);
/* The SQL text, for messages. */
const char   *cd_statement_get_sql       (CdStatement  *self);

/* Columns of the current row. Text is UTF-8; get_text's pointer is valid until the next step,
 * reset or free. NULL reads as 0, 0.0 or NULL. */
gboolean      cd_statement_is_null       (CdStatement  *self,
                                          int           column);
gint64        cd_statement_get_int64     (CdStatement  *self,
                                          int           column);
int           cd_statement_get_int       (CdStatement  *self,
                                          int           column);
double        cd_statement_get_double    (CdStatement  *self,
                                          int           column);
const char   *cd_statement_get_text      (CdStatement  *self,
                                          int           column);
char         *cd_statement_dup_text      (CdStatement  *self,
                                          int           column);
/* How many columns a row of this statement has. */
int           cd_statement_get_n_columns (CdStatement  *self);
/* A blob (or text) column as bytes; NULL for SQL NULL. */
GBytes       *cd_statement_dup_bytes     (CdStatement  *self,
                                          int           column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdStatement, cd_statement_free)

G_END_DECLS
