/* workflow-fixture.h — a small store with real accounts and claims, shared by the workflow tests.
 *
 * Argon2id is slow on purpose, so the accounts are made and signed in once per test program, in a
 * template file; each test works on its own copy of it.
 */
#pragma once

#include "cd-database.h"
#include "cd-users.h"

G_BEGIN_DECLS

#define FIXTURE_PASSWORD "mật khẩu thử nghiệm"
#define FIXTURE_N_CLAIMS 12

typedef struct
{
  char       *dir;
  char       *path;
  CdDatabase *db;
} Store;

/* Signed-in sessions on the template's accounts (the same ids in every copy). */
extern CdSession *fx_admin;
extern CdSession *fx_officer;
extern CdSession *fx_officer2;
extern CdSession *fx_sup1;
extern CdSession *fx_sup2;
extern CdSession *fx_sup3;

void        fixture_init       (void);
void        fixture_shutdown   (void);
/* A fresh copy of the template: claims HS-T-0001 … HS-T-0012, all in draft. */
void        store_open         (Store       *store);
void        store_close        (Store       *store);
/* "HS-T-000n" */
const char *fx_claim           (guint        n);
/* A rules result of `amount` VND with a half day, per evaluate-contract.md. */
char       *fx_result_json     (gint64       amount);
/* draft → evidence_complete → evaluated → proposed, by `proposer`. */
void        fx_to_proposed     (Store       *store,
                                const char  *number,
                                gint64       amount,
                                CdSession   *proposer);
/* One integer from SQL. */
gint64      fx_int             (Store       *store,
                                const char  *sql);
char       *fx_text            (Store       *store,
                                const char  *sql);
void        fx_exec            (Store       *store,
                                const char  *sql);
/* Another writer's long job: holds `db`'s shared connection (cd_database_run_in_thread) from when
 * fx_block_writer returns until fx_release_writer, so an async write queued behind it can be seen
 * waiting. fx_release_writer waits for the job to end and frees it. */
typedef struct _FxWriterBlock FxWriterBlock;

FxWriterBlock *fx_block_writer   (CdDatabase     *db);
void           fx_release_writer (FxWriterBlock  *block);
/* Runs the main loop for `ms` milliseconds: long enough for a job that could run to have run. */
void           fx_iterate_for    (guint           ms);
/* Runs the main loop until *result is set (by on_fx_result), then returns it (owned). */
GAsyncResult  *fx_wait_result    (GAsyncResult  **result);
/* A GAsyncReadyCallback keeping the result in user_data (a GAsyncResult **). */
void           on_fx_result      (GObject        *object,
                                  GAsyncResult   *result,
                                  gpointer        user_data);
/* Runs SQL straight on the file, round the core: TRUE if a constraint or trigger refused it
 * (CD_DATABASE_ERROR_CONSTRAINT); `message` (may be NULL) gets SQLite's words. */
gboolean    fx_refused         (Store       *store,
                                const char  *sql,
                                char       **message);
/* Runs claimdesk-cli with `input` on stdin; returns the exit status. */
int         fx_cli             (const char * const *argv,
                                const char  *input,
                                char       **out,
                                char       **err);

G_END_DECLS
