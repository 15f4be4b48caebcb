/* test-backup.c — daily backups: copy and check, summary, rotation, schedule, restore, audit. */
#include <glib/gstdio.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-backup-worker.h"
#include "cd-backup.h"
#include "cd-context.h"
#include "cd-settings.h"
#include "cd-statement.h"
#include "cd-store-backup.h"
#include "test-util.h"
#include "workflow-fixture.h"

/* 20/11/2026 14:05:00 UTC, a day every test starts on. */
static GDateTime *
at_hours (double hours)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 11, 20, 14, 5, 0);

  return g_date_time_add_seconds (start, hours * 3600);
}

static char *
iso (GDateTime *when)
{
  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

static gint64
count_in (const char *path,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (path, &error);
  g_autoptr(CdStatement) stmt = NULL;

  g_assert_no_error (error);
  stmt = cd_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

static guint
files_in (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static gboolean
has_file (const char *folder,
          const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* The last audit entry's action, user and after. */
static void
last_audit (Store   *store,
            char   **action,
            gint64  *user_id,
            char   **after)
{
  *action = fx_text (store, "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1");
  *user_id = fx_int (store, "SELECT coalesce(user_id, 0) FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (after != NULL)
    *after = fx_text (store, "SELECT after FROM audit_log ORDER BY seq DESC LIMIT 1");
}

static void
assert_chain_intact (Store *store)
{
  g_autoptr(GError) error = NULL;
  CdAuditLogReport report = { 0 };

  g_assert_true (cd_audit_log_verify (store->db, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.kind, ==, CD_AUDIT_BREAK_NONE);
  cd_audit_log_report_clear (&report);
}

static void
progress_seen (double   fraction,
               gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* ---- copying -------------------------------------------------------------------------------- */

static void
test_copy_is_checked_and_summarized (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at_hours (0);
  g_autoptr(CdDatabase) reader = NULL;
  g_autoptr(CdBackupSummary) made = NULL;
  g_autoptr(CdBackupSummary) read = NULL;
  g_autoptr(CdBackupSummary) verified = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *partial = NULL;
  double fraction = 0;
  GStatBuf buf;

  store_open (&store);
  dest = g_build_filename (store.dir, "copy.db", NULL);
  partial = g_strconcat (dest, ".partial", NULL);
  reader = cd_database_open_reader (store.path, &error);
  g_assert_no_error (error);

  g_assert_true (cd_backup_copy (reader, dest, now, "BHXH-079-BT", progress_seen, &fraction, &made,
                                 NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fraction, ==, 1.0);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  /* Personal data: its owner's only, and one file with no log beside it. */
  g_assert_cmpint (g_stat (dest, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  {
    g_autofree char *wal = g_strconcat (dest, "-wal", NULL);
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  g_assert_cmpstr (made->path, ==, dest);
  g_assert_cmpstr (made->taken_at, ==, "2026-11-20T14:05:00Z");
  g_assert_cmpstr (made->office_code, ==, "BHXH-079-BT");
  g_assert_cmpint (made->schema_version, ==, cd_database_get_latest_version ());
  g_assert_cmpint (made->n_claims, ==, FIXTURE_N_CLAIMS);
  g_assert_cmpint (made->n_users, ==, fx_int (&store, "SELECT count(*) FROM users"));
  g_assert_cmpint (made->n_decisions, ==, fx_int (&store, "SELECT count(*) FROM decisions"));
  g_assert_cmpint (made->n_audit_entries, ==, fx_int (&store, "SELECT count(*) FROM audit_log"));
  g_assert_cmpint (made->n_audit_entries, >, 0);
  g_assert_cmpint (made->size, ==, buf.st_size);

  /* The summary is in the file: read without opening it as a store, and again after a check of
   * every page. */
  read = cd_backup_read_summary (dest, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->taken_at, ==, made->taken_at);
  g_assert_cmpstr (read->office_code, ==, "BHXH-079-BT");
  g_assert_cmpint (read->n_claims, ==, made->n_claims);
  g_assert_cmpint (read->n_audit_entries, ==, made->n_audit_entries);
  verified = cd_backup_verify (dest, &error);
  g_assert_no_error (error);
  g_assert_cmpint (verified->n_users, ==, made->n_users);

  /* The file name a daily backup gets. */
  {
    g_autofree char *name = cd_backup_file_name ("BHXH 079/BT", now, NULL);
    g_autofree char *safety = cd_backup_file_name (NULL, now, "-before-restore");

    g_assert_cmpstr (name, ==, "claimdesk-BHXH_079_BT-20261120-140500.db");
    g_assert_cmpstr (safety, ==, "claimdesk-LOCAL-20261120-140500-before-restore.db");
  }
  store_close (&store);
}

/* A damaged backup, or a file that is none, is refused by name before anything is touched. */
static void
test_damaged_backup_is_refused (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdBackupSummary) summary = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *text = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GDateTime) now = at_hours (1);
  CdStoreRestore restore = { 0 };
  gint64 audit_before;

  store_open (&store);
  backup = g_build_filename (store.dir, "damaged.db", NULL);
  text = g_build_filename (store.dir, "notes.db", NULL);
  folder = g_build_filename (store.dir, "safety", NULL);
  g_assert_true (cd_backup_to_file (store.db, backup, &error));
  g_assert_no_error (error);
  test_damage_pages (backup, 2);
  g_assert_true (g_file_set_contents (text, "Biên bản họp, không phải cơ sở dữ liệu", -1, NULL));
  audit_before = fx_int (&store, "SELECT count(*) FROM audit_log");

  summary = cd_backup_verify (backup, &error);
  g_assert_null (summary);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, backup));
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);

  g_assert_false (cd_store_backup_restore (store.path, store.db, backup, fx_admin, now, folder,
                                           NULL, NULL, &restore, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, backup));
  g_clear_error (&error);
  g_assert_false (cd_store_backup_restore (store.path, store.db, text, fx_admin, now, folder,
                                           NULL, NULL, &restore, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, text));
  g_assert_nonnull (strstr (error->message, "not a ClaimDesk backup"));
  g_clear_error (&error);

  /* Nothing was touched: no safety copy, the same store, nothing audited. */
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims"), ==, FIXTURE_N_CLAIMS);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, audit_before);

  /* In the list, such a file says what is wrong with it instead of what it holds. */
  {
    g_autofree char *named = g_build_filename (store.dir, "claimdesk-LOCAL-notes.db", NULL);
    g_autoptr(GPtrArray) listed = NULL;
    CdBackupSummary *only;

    g_assert_cmpint (g_rename (text, named), ==, 0);
    listed = cd_backup_list (store.dir, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (listed->len, ==, 1);
    only = g_ptr_array_index (listed, 0);
    g_assert_cmpstr (only->path, ==, named);
    g_assert_nonnull (only->problem);
  }
  store_close (&store);
}

/* ---- settings, schedule, rotation ----------------------------------------------------------- */

static void
test_settings_are_admin_only_and_audited (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *action = NULL;
  g_autofree char *after = NULL;
  CdStoreBackupSettings settings = { 0 };
  gint64 user_id;

  store_open (&store);
  folder = g_build_filename (store.dir, "sao-luu", NULL);

  g_assert_true (cd_store_backup_read_settings (store.db, &settings, &error));
  g_assert_true (settings.folder_is_default);
  g_assert_true (g_str_has_suffix (settings.folder, "/claimdesk/backups"));
  g_assert_cmpuint (settings.keep, ==, CD_BACKUP_DEFAULT_KEEP);
  g_assert_null (settings.last_at);
  cd_store_backup_settings_clear (&settings);

  g_assert_false (cd_store_backup_write_settings (store.db, fx_officer, folder, 3, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (cd_store_backup_write_settings (store.db, fx_admin, folder, 0, &error));
  g_assert_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cd_store_backup_write_settings (store.db, fx_admin, "sao-luu", 3, &error));
  g_assert_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (cd_store_backup_write_settings (store.db, fx_admin, folder, 3, &error));
  g_assert_no_error (error);
  last_audit (&store, &action, &user_id, &after);
  g_assert_cmpstr (action, ==, "settings.change");
  g_assert_cmpint (user_id, ==, cd_session_get_user_id (fx_admin));
  g_assert_nonnull (strstr (after, "\"backup_keep\":3"));
  g_assert_nonnull (strstr (after, "sao-luu"));

  g_assert_true (cd_store_backup_read_settings (store.db, &settings, &error));
  g_assert_false (settings.folder_is_default);
  g_assert_cmpstr (settings.folder, ==, folder);
  g_assert_cmpuint (settings.keep, ==, 3);
  cd_store_backup_settings_clear (&settings);

  /* Back to the default folder. */
  g_assert_true (cd_store_backup_write_settings (store.db, fx_admin, NULL, 3, &error));
  g_assert_true (cd_store_backup_read_settings (store.db, &settings, &error));
  g_assert_true (settings.folder_is_default);
  cd_store_backup_settings_clear (&settings);
  store_close (&store);
}

static void
test_due_after_a_day (void)
{
  static const struct { double last_hours; double now_hours; gboolean due; } cases[] = {
    { 0, 0, FALSE },
    { 0, 23.9, FALSE },
    { 0, 24, TRUE },
    { 0, 100, TRUE },
    { 0.5, 0, FALSE },      /* a clock a little behind */
    { 2, 0, TRUE },         /* a clock put back */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) last = at_hours (cases[i].last_hours);
      g_autoptr(GDateTime) now = at_hours (cases[i].now_hours);
      g_autofree char *last_text = iso (last);

      g_assert_cmpint (cd_store_backup_is_due (last_text, now), ==, cases[i].due);
    }
  {
    g_autoptr(GDateTime) now = at_hours (0);

    /* Never, or a time that is none: due. */
    g_assert_true (cd_store_backup_is_due (NULL, now));
    g_assert_true (cd_store_backup_is_due ("not a time", now));
  }
}

/* Each daily backup is audited and moves backup.last_at; only the newest N daily ones stay, and a
 * copy made by hand or a restore's safety copy is never rotated away. */
static void
test_runs_rotate_and_are_audited (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *last_at = NULL;
  gint64 audit_before;
  const char *kept_by_hand = "claimdesk-LOCAL-by-hand.db";
  const char *safety = "claimdesk-LOCAL-20261101-080000-before-restore.db";

  store_open (&store);
  folder = g_build_filename (store.dir, "backups", NULL);
  g_assert_true (cd_store_backup_write_settings (store.db, fx_admin, folder, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  {
    g_autofree char *by_hand = g_build_filename (folder, kept_by_hand, NULL);
    g_autofree char *before = g_build_filename (folder, safety, NULL);

    g_assert_true (cd_backup_to_file (store.db, by_hand, &error));
    g_assert_true (cd_backup_to_file (store.db, before, &error));
    g_assert_no_error (error);
  }
  audit_before = fx_int (&store, "SELECT count(*) FROM audit_log");

  for (guint day = 0; day < 5; day++)
    {
      g_autoptr(GDateTime) now = at_hours (24.0 * day);
      g_autoptr(CdBackupSummary) summary = NULL;
      g_autofree char *action = NULL;
      g_autofree char *after = NULL;
      gint64 user_id;
      CdSession *by = day == 4 ? fx_admin : NULL;

      g_assert_true (cd_store_backup_run (store.path, by, now, NULL, 0, NULL, NULL, &summary, NULL,
                                          &error));
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (summary->path, folder));
      last_audit (&store, &action, &user_id, &after);
      g_assert_cmpstr (action, ==, "store.backup");
      g_assert_cmpint (user_id, ==, by != NULL ? cd_session_get_user_id (by) : 0);
      g_assert_nonnull (strstr (after, summary->taken_at));
      g_assert_nonnull (strstr (after, "\"claims\":12"));
    }
  /* Three daily backups (the newest), plus the two that are not daily ones. */
  g_assert_cmpuint (files_in (folder), ==, 5);
  g_assert_true (has_file (folder, "claimdesk-LOCAL-20261124-140500.db"));
  g_assert_true (has_file (folder, "claimdesk-LOCAL-20261123-140500.db"));
  g_assert_true (has_file (folder, "claimdesk-LOCAL-20261122-140500.db"));
  g_assert_false (has_file (folder, "claimdesk-LOCAL-20261121-140500.db"));
  g_assert_true (has_file (folder, kept_by_hand));
  g_assert_true (has_file (folder, safety));

  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, audit_before + 5);
  last_at = fx_text (&store, "SELECT value FROM settings WHERE key = 'backup.last_at'");
  g_assert_cmpstr (last_at, ==, "2026-11-24T14:05:00Z");
  assert_chain_intact (&store);

  /* The list: newest first (the copies by hand were taken today), each with what it holds. */
  {
    g_autoptr(GPtrArray) listed = cd_backup_list (folder, &error);
    CdBackupSummary *newest_daily;

    g_assert_no_error (error);
    g_assert_cmpuint (listed->len, ==, 5);
    for (guint i = 1; i < listed->len; i++)
      g_assert_cmpstr (((CdBackupSummary *) g_ptr_array_index (listed, i - 1))->taken_at, >=,
                       ((CdBackupSummary *) g_ptr_array_index (listed, i))->taken_at);
    newest_daily = g_ptr_array_index (listed, 2);
    g_assert_true (g_str_has_suffix (newest_daily->path, "claimdesk-LOCAL-20261124-140500.db"));
    g_assert_cmpstr (newest_daily->taken_at, ==, "2026-11-24T14:05:00Z");
    g_assert_cmpint (newest_daily->n_claims, ==, FIXTURE_N_CLAIMS);
    g_assert_null (newest_daily->problem);
  }

  /* A folder that cannot be made fails by its name, and audits nothing. */
  {
    g_autofree char *file = g_build_filename (store.dir, "a-file", NULL);
    g_autofree char *below = g_build_filename (file, "backups", NULL);
    g_autoptr(GDateTime) now = at_hours (24 * 6);
    gint64 audited = fx_int (&store, "SELECT count(*) FROM audit_log");

    g_assert_true (g_file_set_contents (file, "", 0, NULL));
    g_assert_false (cd_store_backup_run (store.path, NULL, now, below, 0, NULL, NULL, NULL, NULL,
                                         &error));
    g_assert_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_FOLDER);
    g_assert_nonnull (strstr (error->message, below));
    g_clear_error (&error);
    g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, audited);
  }
  store_close (&store);
}

/* ---- the worker, on the context's clock ----------------------------------------------------- */

static void
check (CdBackupWorker *worker,
       gboolean        expect_ran)
{
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ran = !expect_ran;

  cd_backup_worker_check_async (worker, NULL, on_fx_result, &slot);
  result = fx_wait_result (&slot);
  g_assert_true (cd_backup_worker_check_finish (worker, result, &ran, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ran, ==, expect_ran);
}

static void
set_clock (CdContext *context,
           double     hours)
{
  g_autoptr(GDateTime) now = at_hours (hours);
  g_autoptr(CdClock) clock = cd_clock_new_fixed (now);

  cd_context_set_clock (context, clock);
}

static void
test_schedule_follows_the_context_clock (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) context = cd_context_new ();
  g_autofree char *folder = NULL;
  CdBackupWorker *worker;
  guint running_changes = 0;

  store_open (&store);
  folder = g_build_filename (store.dir, "daily", NULL);
  g_assert_true (cd_store_backup_write_settings (store.db, fx_admin, folder, 7, &error));

  /* No store, no worker. */
  g_assert_null (cd_context_get_backup_worker (context));
  set_clock (context, 0);
  cd_context_set_database (context, store.db);
  worker = cd_context_get_backup_worker (context);
  g_assert_nonnull (worker);
  g_assert_cmpstr (cd_backup_worker_get_db_path (worker), ==, store.path);
  /* The workstation's choice: started once the writer is open. */
  g_assert_false (cd_backup_worker_get_started (worker));
  cd_context_set_background_backups (context, TRUE);
  g_assert_true (cd_backup_worker_get_started (worker));

  /* Never backed up: due at once. */
  g_signal_connect (worker, "notify::running", G_CALLBACK (count_notify), &running_changes);
  check (worker, TRUE);
  g_assert_cmpuint (running_changes, ==, 2);
  g_assert_cmpuint (files_in (folder), ==, 1);
  g_assert_cmpstr (cd_backup_worker_get_last_backup (worker), ==, "2026-11-20T14:05:00Z");
  g_assert_null (cd_backup_worker_get_last_error (worker));
  check (worker, FALSE);

  /* A new clock makes a new worker, which asks it. */
  set_clock (context, 23.5);
  g_assert_true (cd_context_get_backup_worker (context) != worker);
  worker = cd_context_get_backup_worker (context);
  check (worker, FALSE);
  g_assert_cmpstr (cd_backup_worker_get_last_backup (worker), ==, "2026-11-20T14:05:00Z");
  set_clock (context, 24.5);
  worker = cd_context_get_backup_worker (context);
  check (worker, TRUE);
  g_assert_cmpuint (files_in (folder), ==, 2);
  g_assert_cmpstr (cd_backup_worker_get_last_backup (worker), ==, "2026-11-21T14:35:00Z");

  g_clear_object (&context);
  store_close (&store);
}

/* A failure stays on the worker until a backup succeeds. */
static void
test_worker_failure_until_success (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at_hours (0);
  g_autoptr(CdClock) clock = cd_clock_new_fixed (now);
  g_autoptr(CdBackupWorker) worker = NULL;
  g_autofree char *file = NULL;
  g_autofree char *below = NULL;
  g_autofree char *good = NULL;

  store_open (&store);
  file = g_build_filename (store.dir, "a-file", NULL);
  below = g_build_filename (file, "backups", NULL);
  good = g_build_filename (store.dir, "good", NULL);
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_assert_true (cd_store_backup_write_settings (store.db, fx_admin, below, 7, &error));
  worker = cd_backup_worker_new (store.path, clock);

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(GAsyncResult) slot = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(CdBackupSummary) summary = NULL;

      /* Two at once share one run. */
      g_autoptr(GAsyncResult) slot2 = NULL;
      g_autoptr(GAsyncResult) result2 = NULL;
      g_autoptr(CdBackupSummary) summary2 = NULL;
      g_autoptr(GError) error2 = NULL;

      cd_backup_worker_run_async (worker, attempt == 0 ? NULL : fx_admin, NULL, on_fx_result, &slot);
      cd_backup_worker_run_async (worker, NULL, NULL, on_fx_result, &slot2);
      g_assert_true (cd_backup_worker_get_running (worker));
      result = fx_wait_result (&slot);
      result2 = fx_wait_result (&slot2);
      summary = cd_backup_worker_run_finish (worker, result, &error);
      summary2 = cd_backup_worker_run_finish (worker, result2, &error2);
      g_assert_false (cd_backup_worker_get_running (worker));
      if (attempt == 0)
        {
          g_assert_null (summary);
          g_assert_error (error, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_FOLDER);
          g_assert_error (error2, CD_STORE_BACKUP_ERROR, CD_STORE_BACKUP_ERROR_FOLDER);
          g_assert_nonnull (strstr (cd_backup_worker_get_last_error (worker), below));
          g_clear_error (&error);
          /* The administrator fixes the folder. */
          g_assert_true (cd_store_backup_write_settings (store.db, fx_admin, good, 7, &error));
        }
      else
        {
          g_assert_no_error (error);
          g_assert_no_error (error2);
          g_assert_cmpstr (summary->path, ==, summary2->path);
          g_assert_null (cd_backup_worker_get_last_error (worker));
          g_assert_cmpuint (files_in (good), ==, 1);
        }
    }
  store_close (&store);
}

/* ---- restoring ------------------------------------------------------------------------------ */

static void
test_restore_brings_back_the_backup (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) taken = at_hours (0);
  g_autoptr(GDateTime) later = at_hours (5);
  g_autoptr(CdBackupSummary) backup = NULL;
  g_autoptr(CdBackupSummary) safety = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *action = NULL;
  g_autofree char *after = NULL;
  g_autofree char *before = NULL;
  g_autoptr(CdDatabase) reader = NULL;
  CdStoreRestore restore = { 0 };
  gint64 audit_at_backup, user_id;

  store_open (&store);
  folder = g_build_filename (store.dir, "backups", NULL);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  reader = cd_database_open_reader (store.path, &error);
  {
    g_autofree char *dest = g_build_filename (folder, "claimdesk-LOCAL-20261120-140500.db", NULL);

    g_assert_true (cd_backup_copy (reader, dest, taken, NULL, NULL, NULL, &backup, NULL, &error));
    g_assert_no_error (error);
  }
  g_clear_object (&reader);
  audit_at_backup = fx_int (&store, "SELECT count(*) FROM audit_log");

  /* The day goes on: a decision is proposed, a claim is deleted by hand. */
  fx_to_proposed (&store, fx_claim (1), 3000000, fx_officer);
  fx_exec (&store, "DELETE FROM claims WHERE number = 'HS-T-0012'");
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims"), ==, FIXTURE_N_CLAIMS - 1);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM decisions"), ==, 1);

  /* An officer may not. */
  g_assert_false (cd_store_backup_restore (store.path, store.db, backup->path, fx_officer, later,
                                           folder, NULL, NULL, &restore, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  g_assert_true (cd_store_backup_restore (store.path, store.db, backup->path, fx_admin, later,
                                          folder, NULL, NULL, &restore, &error));
  g_assert_no_error (error);
  g_assert_true (restore.by_kept);
  g_assert_nonnull (restore.writer);
  g_assert_cmpstr (restore.restored->taken_at, ==, "2026-11-20T14:05:00Z");
  g_assert_true (g_str_has_prefix (restore.safety_copy, folder));
  g_assert_true (g_str_has_suffix (restore.safety_copy,
                                   "claimdesk-LOCAL-20261120-190500-before-restore.db"));

  /* The store holds the backup again, seen through the connection that was open all along. */
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM claims"), ==, FIXTURE_N_CLAIMS);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM decisions"), ==, 0);
  g_assert_cmpint (count_in (store.path, "SELECT count(*) FROM claims"), ==, FIXTURE_N_CLAIMS);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM settings WHERE key = 'backup.summary'"),
                   ==, 0);
  /* ...and the restore is the entry after the backup's last one, in an intact chain. */
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, audit_at_backup + 1);
  last_audit (&store, &action, &user_id, &after);
  g_assert_cmpstr (action, ==, "store.restore");
  g_assert_cmpint (user_id, ==, cd_session_get_user_id (fx_admin));
  g_assert_nonnull (strstr (after, backup->path));
  g_assert_nonnull (strstr (after, "2026-11-20T14:05:00Z"));
  before = fx_text (&store, "SELECT before FROM audit_log ORDER BY seq DESC LIMIT 1");
  g_assert_nonnull (strstr (before, restore.safety_copy));
  g_assert_nonnull (strstr (before, "\"decisions\":1"));
  assert_chain_intact (&store);

  /* The safety copy holds the store as it was before. */
  safety = cd_backup_verify (restore.safety_copy, &error);
  g_assert_no_error (error);
  g_assert_cmpint (safety->n_claims, ==, FIXTURE_N_CLAIMS - 1);
  g_assert_cmpint (safety->n_decisions, ==, 1);
  cd_store_restore_clear (&restore);

  /* Without a live writer (claimdesk-cli restore) the file is replaced; the safety copy goes
   * beside the store. */
  g_clear_object (&store.db);
  g_assert_true (cd_store_backup_restore (store.path, NULL, backup->path, NULL, later, NULL, NULL,
                                          NULL, &restore, &error));
  g_assert_no_error (error);
  g_assert_false (restore.by_kept);
  g_assert_true (g_str_has_prefix (restore.safety_copy, store.dir));
  cd_store_restore_clear (&restore);
  store.db = cd_database_open (store.path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&action, g_free);
  last_audit (&store, &action, &user_id, NULL);
  g_assert_cmpint (user_id, ==, 0);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, audit_at_backup + 1);
  assert_chain_intact (&store);
  store_close (&store);
}

static void
count_signal (gpointer  instance,
              double    fraction,
              gpointer  user_data)
{
  (*(guint *) user_data)++;
}

/* Through the context, as Preferences does it: the writer is handed over and a new one comes
 * back; every reader is told to open the store again. */
static void
test_context_restore_reopens_the_store (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CdBackupSummary) restored = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *safety = NULL;
  g_autofree char *folder = NULL;
  CdDatabase *old_writer;
  guint path_notifies = 0, progress = 0;

  store_open (&store);
  folder = g_build_filename (store.dir, "backups", NULL);
  g_assert_true (cd_store_backup_write_settings (store.db, fx_admin, folder, 7, &error));
  backup = g_build_filename (store.dir, "before-the-mistake.db", NULL);
  g_assert_true (cd_backup_to_file (store.db, backup, &error));
  g_assert_no_error (error);
  fx_exec (&store, "DELETE FROM claims WHERE number IN ('HS-T-0011', 'HS-T-0012')");

  set_clock (context, 2);
  cd_context_set_database (context, store.db);
  cd_context_set_session (context, fx_admin);
  old_writer = cd_context_get_database (context);
  g_signal_connect (context, "notify::db-path", G_CALLBACK (count_notify), &path_notifies);
  g_signal_connect (context, "restore-progress", G_CALLBACK (count_signal), &progress);

  /* Only an administrator. */
  cd_context_restore_backup_async (context, backup, fx_officer, NULL, on_fx_result, &slot);
  result = fx_wait_result (&slot);
  g_assert_null (cd_context_restore_backup_finish (context, result, NULL, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_false (cd_context_get_restoring (context));

  cd_context_restore_backup_async (context, backup, fx_admin, NULL, on_fx_result, &slot);
  g_assert_true (cd_context_get_restoring (context));
  g_assert_null (cd_context_get_database (context));
  g_assert_null (cd_context_get_backup_worker (context));
  result = fx_wait_result (&slot);
  restored = cd_context_restore_backup_finish (context, result, &safety, &error);
  g_assert_no_error (error);
  g_assert_nonnull (restored);
  g_assert_cmpint (restored->n_claims, ==, FIXTURE_N_CLAIMS);
  g_assert_true (g_str_has_prefix (safety, folder));
  g_assert_true (g_file_test (safety, G_FILE_TEST_IS_REGULAR));

  g_assert_false (cd_context_get_restoring (context));
  g_assert_nonnull (cd_context_get_database (context));
  g_assert_true (cd_context_get_database (context) != old_writer);
  g_assert_nonnull (cd_context_get_backup_worker (context));
  g_assert_true (cd_context_get_session (context) == fx_admin);
  g_assert_cmpuint (path_notifies, ==, 1);
  g_assert_cmpuint (progress, >, 0);
  g_assert_cmpint (count_in (store.path, "SELECT count(*) FROM claims"), ==, FIXTURE_N_CLAIMS);
  g_assert_cmpint (count_in (store.path, "SELECT count(*) FROM audit_log WHERE action = "
                                         "'store.restore'"), ==, 1);
  g_clear_object (&result);

  /* A damaged backup changes nothing, and the writer comes back. */
  test_damage_pages (backup, 2);
  old_writer = cd_context_get_database (context);
  cd_context_restore_backup_async (context, backup, fx_admin, NULL, on_fx_result, &slot);
  result = fx_wait_result (&slot);
  g_assert_null (cd_context_restore_backup_finish (context, result, NULL, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, backup));
  g_assert_true (cd_context_get_database (context) == old_writer);
  g_assert_cmpuint (path_notifies, ==, 1);

  g_clear_object (&context);
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();

  g_test_add_func ("/backup/copy-is-checked-and-summarized", test_copy_is_checked_and_summarized);
  g_test_add_func ("/backup/damaged-backup-is-refused", test_damaged_backup_is_refused);
  g_test_add_func ("/backup/settings-are-admin-only-and-audited",
                   test_settings_are_admin_only_and_audited);
  g_test_add_func ("/backup/due-after-a-day", test_due_after_a_day);
  g_test_add_func ("/backup/runs-rotate-and-are-audited", test_runs_rotate_and_are_audited);
  g_test_add_func ("/backup/schedule-follows-the-context-clock",
                   test_schedule_follows_the_context_clock);
  g_test_add_func ("/backup/worker-failure-until-success", test_worker_failure_until_success);
  g_test_add_func ("/backup/restore-brings-back-the-backup", test_restore_brings_back_the_backup);
  g_test_add_func ("/backup/context-restore-reopens-the-store",
                   test_context_restore_reopens_the_store);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
