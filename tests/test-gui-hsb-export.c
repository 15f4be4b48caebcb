/* test-gui-hsb-export.c — "Statistics Forms": the quarters offered follow the context's clock, a
 * chosen file gets the form counted off the main loop (the very CSV and PDF the core writes), the
 * Save actions are off while it is written, a failure is said in a toast, and the window goes
 * with everything it made.
 */
#include "config.h"

#include <string.h>

#include "cd-hsb-export-dialog.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "gui-test-util.h"
#include "test-util.h"

typedef struct
{
  gboolean  done;
  gboolean  saved;
  char     *path;
} Finished;

static void
on_finished (CdHsbExportDialog *dialog,
             const char        *path,
             gboolean           saved,
             Finished          *finished)
{
  finished->done = TRUE;
  finished->saved = saved;
  g_free (finished->path);
  finished->path = g_strdup (path);
}

static void
save_and_wait (CdHsbExportDialog *dialog,
               const char        *path,
               CdHsbFormat        format,
               Finished          *finished)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  finished->done = FALSE;
  cd_hsb_export_dialog_save_to (dialog, file, format);
  /* Written in a worker: the window may not start a second one meanwhile. */
  g_assert_false (gui_test_action_enabled (GTK_WIDGET (dialog), "hsb.save-pdf"));
  g_assert_false (gui_test_action_enabled (GTK_WIDGET (dialog), "hsb.save-csv"));
  while (!finished->done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (finished->path, ==, path);
  g_assert_true (gui_test_action_enabled (GTK_WIDGET (dialog), "hsb.save-pdf"));
}

/* A session of the seeded store's first account of `role`. */
static CdSession *
session_of (CdContext  *context,
            const char *role)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (cd_context_get_database (context),
                                                     "SELECT id, login, full_name FROM users"
                                                     " WHERE role = ?1 ORDER BY id LIMIT 1", NULL);
  CdRole value = CD_ROLE_OFFICER;

  g_assert_true (cd_role_from_string (role, &value));
  cd_statement_bind_text (stmt, 1, role);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  return cd_session_new (cd_statement_get_int64 (stmt, 0), cd_statement_get_text (stmt, 1),
                         cd_statement_get_text (stmt, 2), value, 0);
}

/* The form's exports in the audit log, of one format. */
static gint64
count_exports (CdContext  *context,
               const char *format)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (
      cd_context_get_database (context),
      "SELECT count(*) FROM audit_log WHERE action = 'list.export'"
      " AND json_extract (after, '$.list') = 'forms.22b-hsb'"
      " AND json_extract (after, '$.title') = '22B-HSB 2026-Q3'"
      " AND json_extract (after, '$.format') = ?1", NULL);

  cd_statement_bind_text (stmt, 1, format);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

static void
test_export (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *db_path = g_build_filename (dir, "store.db", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "22b.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "22b.pdf", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "22b.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 15, 9, 0, 0);
  g_autoptr(CdClock) clock = cd_clock_new_fixed (now);
  g_autoptr(GPtrArray) watches = g_ptr_array_new ();
  g_autoptr(CdHsbReport) report = NULL;
  g_autofree char *expected_csv = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *pdf = NULL;
  Finished finished = { 0 };
  g_autoptr(CdSession) officer = NULL;
  g_autoptr(CdSession) supervisor = NULL;
  CdHsbExportDialog *dialog;
  int year = 0, quarter = 0;

  {
    g_autoptr(CdDatabase) db = cd_database_open (db_path, &error);

    g_assert_no_error (error);
    g_assert_true (cd_seed_run (db, 18, 600, 3000, NULL, NULL, &error));
    report = cd_hsb_report_build (db, CD_HSB_FORM_22B, 2026, 3, &error);
    g_assert_no_error (error);
    expected_csv = cd_hsb_report_to_csv (report);
  }
  cd_context_set_db_path (context, db_path);
  cd_context_set_clock (context, clock);
  /* Saving a form is recorded in the audit log, in the name of someone who may. */
  g_assert_true (cd_context_open_database (context, FALSE, &error));
  g_assert_no_error (error);
  officer = session_of (context, "officer");
  supervisor = session_of (context, "supervisor");
  cd_context_set_session (context, officer);

  dialog = CD_HSB_EXPORT_DIALOG (cd_hsb_export_dialog_present (NULL, context));
  gui_test_watch_finalize (watches, dialog, "CdHsbExportDialog");
  g_signal_connect (dialog, "finished", G_CALLBACK (on_finished), &finished);
  gui_test_iterate ();

  /* This quarter first, by the clock, and two years back. */
  g_assert_cmpint (cd_hsb_export_dialog_get_form (dialog), ==, CD_HSB_FORM_22A);
  cd_hsb_export_dialog_get_quarter (dialog, &year, &quarter);
  g_assert_cmpint (year, ==, 2026);
  g_assert_cmpint (quarter, ==, 4);
  g_assert_true (cd_hsb_export_dialog_select (dialog, CD_HSB_FORM_22A, 2025, 1));
  g_assert_false (cd_hsb_export_dialog_select (dialog, CD_HSB_FORM_22A, 2024, 4));
  g_assert_true (cd_hsb_export_dialog_select (dialog, CD_HSB_FORM_22B, 2026, 3));
  g_assert_cmpint (cd_hsb_export_dialog_get_form (dialog), ==, CD_HSB_FORM_22B);
  g_assert_true (gui_test_action_enabled (GTK_WIDGET (dialog), "hsb.save-pdf"));
  g_assert_true (gui_test_action_enabled (GTK_WIDGET (dialog), "hsb.save-csv"));

  /* An officer may not take the office's figures out: refused before anything is written. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (csv_path);

    cd_hsb_export_dialog_save_to (dialog, file, CD_HSB_FORMAT_CSV);
    g_assert_nonnull (strstr (cd_hsb_export_dialog_get_message (dialog), "may not"));
    g_assert_false (g_file_test (csv_path, G_FILE_TEST_EXISTS));
  }
  cd_context_set_session (context, supervisor);

  save_and_wait (dialog, csv_path, CD_HSB_FORMAT_CSV, &finished);
  g_assert_true (finished.saved);
  g_assert_cmpint (count_exports (context, "csv"), ==, 1);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_cmpstr (csv, ==, expected_csv);
  g_assert_nonnull (strstr (cd_hsb_export_dialog_get_message (dialog), "22b.csv"));

  save_and_wait (dialog, pdf_path, CD_HSB_FORMAT_PDF, &finished);
  g_assert_true (finished.saved);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  g_assert_cmpint (count_exports (context, "pdf"), ==, 1);

  /* A folder that does not exist: said, naming the file, nothing written. */
  save_and_wait (dialog, bad_path, CD_HSB_FORMAT_CSV, &finished);
  g_assert_false (finished.saved);
  g_assert_nonnull (strstr (cd_hsb_export_dialog_get_message (dialog), bad_path));
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gui_test_iterate ();
  gui_test_assert_finalized (g_steal_pointer (&watches));
  g_free (finished.path);
  test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add_func ("/gui/hsb-export/export", test_export);
  return g_test_run ();
}
