/* workflow-fixture.c — a small store with real accounts and claims for the workflow tests. */
#include "workflow-fixture.h"

#include <gio/gio.h>

#include "cd-statement.h"
#include "cd-workflow.h"
#include "test-util.h"

CdSession *fx_admin;
CdSession *fx_officer;
CdSession *fx_officer2;
CdSession *fx_sup1;
CdSession *fx_sup2;
CdSession *fx_sup3;

static char *template_dir;
static char *template_path;

static void
exec_or_die (CdDatabase *db,
             const char *sql)
{
  g_autoptr(GError) error = NULL;

  cd_database_exec (db, sql, &error);
  g_assert_no_error (error);
}

static CdSession *
sign_in (CdDatabase *db,
         const char *login)
{
  g_autoptr(GError) error = NULL;
  CdSession *session = cd_users_sign_in (db, login, FIXTURE_PASSWORD, &error);

  g_assert_no_error (error);
  return session;
}

void
fixture_init (void)
{
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  static const struct { const char *login, *name; CdRole role; } staff[] = {
    { "cb01", "Nguyễn Văn An", CD_ROLE_OFFICER },
    { "cb02", "Trần Thị Bình", CD_ROLE_OFFICER },
    { "gs01", "Lê Văn Cường", CD_ROLE_SUPERVISOR },
    { "gs02", "Phạm Thị Dung", CD_ROLE_SUPERVISOR },
    { "gs03", "Hoàng Văn Em", CD_ROLE_SUPERVISOR },
  };

  template_dir = test_tmpdir_new ();
  template_path = g_build_filename (template_dir, "template.db", NULL);
  db = cd_database_open (template_path, &error);
  g_assert_no_error (error);

  exec_or_die (db, "INSERT INTO offices (id, code, name, province_code)"
                   " VALUES (1, 'BHXH-079-BT', 'Bảo hiểm xã hội quận Bình Thạnh', '079');"
                   "INSERT INTO persons (id, personal_id, si_code, full_name, family_name,"
                   " middle_name, given_name, name_folded, sex, birth_date, updated_at) VALUES"
                   " (1, '079190123456', '7912345678', 'Nguyễn Thị \"Hoa\", Lan', 'Nguyễn', 'Thị',"
                   "  'Lan', 'nguyen thi hoa lan', 'female', '1990-05-01',"
                   "  '2026-11-01T00:00:00Z')");
  g_assert_no_error (error);

  g_assert_cmpint (cd_users_bootstrap_admin (db, "admin", "Quản trị", FIXTURE_PASSWORD, &error),
                   >, 0);
  g_assert_no_error (error);
  fx_admin = sign_in (db, "admin");
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      cd_users_add (db, fx_admin, staff[i].login, staff[i].name, staff[i].role, FIXTURE_PASSWORD,
                    CD_PASSWORD_KEEP, &error);
      g_assert_no_error (error);
    }
  fx_officer = sign_in (db, "cb01");
  fx_officer2 = sign_in (db, "cb02");
  fx_sup1 = sign_in (db, "gs01");
  fx_sup2 = sign_in (db, "gs02");
  fx_sup3 = sign_in (db, "gs03");

  for (guint n = 1; n <= FIXTURE_N_CLAIMS; n++)
    {
      g_autofree char *sql = g_strdup_printf (
          "INSERT INTO claims (number, benefit, status, claimant_id, claimant_sort, office_id,"
          " officer_id, period_from, period_to, received_on, created_at, updated_at)"
          " VALUES ('%s', %u, 0, 1, 'nguyen thi hoa lan', 1, %lld, '2026-09-08', '2026-09-10',"
          " 20260911, '2026-09-11T08:00:00Z', '2026-09-11T08:00:00Z')",
          fx_claim (n), n % 2 == 0 ? 0u : 5u, (long long) cd_session_get_user_id (fx_officer));
      exec_or_die (db, sql);
    }
}

void
fixture_shutdown (void)
{
  g_clear_object (&fx_admin);
  g_clear_object (&fx_officer);
  g_clear_object (&fx_officer2);
  g_clear_object (&fx_sup1);
  g_clear_object (&fx_sup2);
  g_clear_object (&fx_sup3);
  test_tmpdir_free (template_dir);
  g_free (template_path);
}

void
store_open (Store *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  store->dir = test_tmpdir_new ();
  store->path = g_build_filename (store->dir, "store.db", NULL);
  /* The template is closed and checkpointed (WAL folded in) when its connection went away. */
  g_file_get_contents (template_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (store->path, contents, (gssize) length, &error);
  g_assert_no_error (error);
  store->db = cd_database_open (store->path, &error);
  g_assert_no_error (error);
}

void
store_close (Store *store)
{
  g_clear_object (&store->db);
  test_tmpdir_free (store->dir);
  g_free (store->path);
}

const char *
fx_claim (guint n)
{
  static char numbers[FIXTURE_N_CLAIMS + 1][16];

  g_assert (n >= 1 && n <= FIXTURE_N_CLAIMS);
  g_snprintf (numbers[n], sizeof numbers[n], "HS-T-%04u", n);
  return numbers[n];
}

char *
fx_result_json (gint64 amount)
{
  return g_strdup_printf (
      "{\"format\":\"claimdesk-result-1\",\"benefit\":\"sickness\",\"eligible\":true,"
      "\"lines\":[{\"code\":\"sickness.standard\",\"from\":\"2026-09-08\",\"to\":\"2026-09-10\","
      "\"days\":2.5,\"unit\":\"wd\",\"months\":0,\"base\":15000000,\"rate\":\"3/4\",\"divisor\":24,"
      "\"amount\":%" G_GINT64_FORMAT ",\"citation\":\"L41 Art 45(2),(5)\"}],\"unpaid\":[],"
      "\"lump_sum\":0,\"total\":%" G_GINT64_FORMAT ",\"reasons\":[],\"assumptions\":[],"
      "\"rulepack\":\"vn-si-2024+2026.07\"}",
      amount, amount);
}

void
fx_to_proposed (Store      *store,
                const char *number,
                gint64      amount,
                CdSession  *proposer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = fx_result_json (amount);

  g_assert_true (cd_workflow_complete_evidence (store->db, proposer, number, &error));
  g_assert_no_error (error);
  g_assert_true (cd_workflow_record_evaluation (store->db, proposer, number,
                                                "{\"benefit\":\"sickness\"}", result, &error));
  g_assert_no_error (error);
  g_assert_true (cd_workflow_propose (store->db, proposer, number, NULL, &error));
  g_assert_no_error (error);
}

static CdStatement *
query (Store      *store,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  CdStatement *stmt = cd_database_prepare (store->db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return stmt;
}

gint64
fx_int (Store      *store,
        const char *sql)
{
  g_autoptr(CdStatement) stmt = query (store, sql);

  return cd_statement_get_int64 (stmt, 0);
}

char *
fx_text (Store      *store,
         const char *sql)
{
  g_autoptr(CdStatement) stmt = query (store, sql);

  return cd_statement_dup_text (stmt, 0);
}

void
fx_exec (Store      *store,
         const char *sql)
{
  exec_or_die (store->db, sql);
}

gboolean
fx_refused (Store       *store,
            const char  *sql,
            char       **message)
{
  g_autoptr(GError) error = NULL;

  if (cd_database_exec (store->db, sql, &error))
    return FALSE;
  if (message != NULL)
    *message = g_strdup (error->message);
  return g_error_matches (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CONSTRAINT);
}

int
fx_cli (const char * const *argv,
        const char         *input,
        char              **out,
        char              **err)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) full = g_ptr_array_new ();

  g_ptr_array_add (full, (gpointer) g_getenv ("CLAIMDESK_CLI"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (gpointer) argv[i]);
  g_ptr_array_add (full, NULL);

  process = g_subprocess_newv ((const char * const *) full->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

struct _FxWriterBlock
{
  GMutex   lock;
  GCond    cond;
  gboolean started;
  gboolean release;
  gboolean finished;
};

static void
block_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FxWriterBlock *block = task_data;

  g_mutex_lock (&block->lock);
  block->started = TRUE;
  g_cond_broadcast (&block->cond);
  while (!block->release)
    g_cond_wait (&block->cond, &block->lock);
  g_mutex_unlock (&block->lock);
  g_task_return_boolean (task, TRUE);
}

static void
on_block_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  FxWriterBlock *block = user_data;

  block->finished = TRUE;
}

FxWriterBlock *
fx_block_writer (CdDatabase *db)
{
  FxWriterBlock *block = g_new0 (FxWriterBlock, 1);
  g_autoptr(GTask) task = NULL;

  g_mutex_init (&block->lock);
  g_cond_init (&block->cond);
  task = g_task_new (NULL, NULL, on_block_done, block);
  g_task_set_task_data (task, block, NULL);
  cd_database_run_in_thread (db, task, block_thread);
  g_mutex_lock (&block->lock);
  while (!block->started)
    g_cond_wait (&block->cond, &block->lock);
  g_mutex_unlock (&block->lock);
  return block;
}

void
fx_release_writer (FxWriterBlock *block)
{
  g_mutex_lock (&block->lock);
  block->release = TRUE;
  g_cond_broadcast (&block->cond);
  g_mutex_unlock (&block->lock);
  while (!block->finished)
    g_main_context_iteration (NULL, TRUE);
  g_mutex_clear (&block->lock);
  g_cond_clear (&block->cond);
  g_free (block);
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
fx_iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
on_fx_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
fx_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (result);
}
