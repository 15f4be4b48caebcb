/* test-gui-setup.c — an administrator sets up an office with the assistant, against the reference
 * gateway over HTTPS (its TEST-ONLY CA) and a real Secret Service (with-keyring.sh): a wrong code
 * refused, the right one exchanged, central's configuration refused until central's certificate is
 * imported and then accepted, the connection check, and afterwards the office credentials in the
 * keyring and in no file under HOME.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cd-enrolment.h"
#include "cd-gateway-process.h"
#include "cd-office-setup.h"
#include "cd-secrets.h"
#include "cd-setup-assistant.h"
#include "cd-statement.h"
#include "cd-users.h"
#include "cd-window.h"
#include "gui-test-util.h"
#include "test-util.h"

#define ENROLMENT_CODE "TEST-ENROL-7731"

static void
wait_until_idle (CdSetupAssistant *assistant)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  do
    gui_test_iterate ();
  while (cd_setup_assistant_is_busy (assistant) && g_get_monotonic_time () < deadline);
  g_assert_false (cd_setup_assistant_is_busy (assistant));
}

static void
fill (GtkWidget  *root,
      const char *title,
      const char *text)
{
  GtkWidget *row = gui_test_find_entry_row (root, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
next (CdSetupAssistant *assistant)
{
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (assistant), "setup.next", NULL));
  wait_until_idle (assistant);
}

static gint64
audit_count (CdDatabase *db,
             const char *pattern)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, "SELECT count(*) FROM audit_log"
                                                         " WHERE action LIKE ?", &error);

  g_assert_no_error (error);
  cd_statement_bind_text (stmt, 1, pattern);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

/* Fails if `needle` is in any file under `dir`. */
static void
assert_in_no_file (const char *dir,
                   const char *needle)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_in_no_file (path, needle);
          continue;
        }
      if (g_file_get_contents (path, &contents, &length, NULL)
          && g_strstr_len (contents, (gssize) length, needle) != NULL)
        g_error ("the secret is in plain text in %s", path);
    }
}

static void
test_assistant_sets_up_the_office (void)
{
  const char * const args[] = { "--enrolment-code", ENROLMENT_CODE, NULL };
  g_autofree char *certificate = cd_gateway_tls_certificate_file ();
  g_autofree char *key = cd_gateway_tls_key_file ();
  g_autofree char *ca = cd_gateway_tls_ca_file ();
  const char *home = g_getenv ("CLAIMDESK_TEST_HOME");
  g_autoptr(CdGatewayProcess) gateway = NULL;
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *db_path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdSession) admin = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdOfficeSetup) setup = NULL;
  g_autofree char *secret = NULL;
  CdSetupAssistant *assistant;
  GtkListBox *results;
  guint n_results = 0;

  g_assert_nonnull (home);
  {
    const char * const gateway_args[] = { "--tls-certificate", certificate, "--tls-key", key,
                                          "--people", "200", "--world-seed", "3",
                                          args[0], args[1], NULL };

    gateway = cd_gateway_process_new (gateway_args);
  }
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);

  /* A new office store with its first administrator, as the sign-in page makes it. */
  db = cd_database_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_users_bootstrap_admin (db, "quantri", "Trần Quản Trị", "quản trị văn phòng",
                                             &error), >, 0);
  admin = cd_users_sign_in (db, "quantri", "quản trị văn phòng", &error);
  g_assert_no_error (error);
  context = cd_context_new ();
  cd_context_set_database (context, db);
  cd_context_set_session (context, admin);
  cd_http_client_set_ca_file (cd_context_get_http_client (context), ca);

  assistant = cd_setup_assistant_new (NULL, context);
  gtk_window_present (GTK_WINDOW (assistant));
  gui_test_iterate ();
  g_assert_cmpint (cd_setup_assistant_get_step (assistant), ==, CD_SETUP_STEP_ENROL);

  /* Plain HTTP to another computer is not even tried. */
  fill (GTK_WIDGET (assistant), "Central System Address", "http://central.example.vn");
  fill (GTK_WIDGET (assistant), "Enrolment Code", ENROLMENT_CODE);
  g_assert_false (gui_test_activate_if_enabled (GTK_WIDGET (assistant), "setup.next", NULL));

  /* A wrong code: central says so, the code is not spent, nothing is stored. */
  fill (GTK_WIDGET (assistant), "Central System Address",
        cd_gateway_process_get_base_url (gateway));
  fill (GTK_WIDGET (assistant), "Enrolment Code", "TEST-WRONG-0000");
  next (assistant);
  g_assert_cmpint (cd_setup_assistant_get_step (assistant), ==, CD_SETUP_STEP_ENROL);
  g_assert_nonnull (cd_setup_assistant_get_error (assistant));

  /* The right code: on to central's configuration, whose signer the workstation cannot vouch for
   * yet (an office store trusts nothing until told). */
  fill (GTK_WIDGET (assistant), "Enrolment Code", ENROLMENT_CODE);
  next (assistant);
  g_assert_cmpint (cd_setup_assistant_get_step (assistant), ==, CD_SETUP_STEP_CONFIGURATION);
  g_assert_nonnull (cd_setup_assistant_get_error (assistant));
  g_assert_nonnull (strstr (cd_setup_assistant_get_error (assistant), "Import"));

  /* Central's certificate, imported from its file: the document is verified and shown. */
  g_assert_true (cd_setup_assistant_import_file (assistant, ca, &error));
  g_assert_no_error (error);
  next (assistant);
  g_assert_null (cd_setup_assistant_get_error (assistant));
  g_assert_cmpint (cd_setup_assistant_get_step (assistant), ==, CD_SETUP_STEP_CONFIGURATION);

  /* Accepted: saved, and every system answers. */
  next (assistant);
  g_assert_null (cd_setup_assistant_get_error (assistant));
  g_assert_cmpint (cd_setup_assistant_get_step (assistant), ==, CD_SETUP_STEP_CHECK);
  results = cd_setup_assistant_get_results (assistant);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (results)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_test_message ("%s: %s", gtk_widget_get_name (row),
                      adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
      g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "cd-connection-status"), ==, "ok");
      n_results++;
    }
  g_assert_cmpuint (n_results, ==, CD_N_SYSTEMS);

  setup = cd_office_setup_read (db, &error);
  g_assert_no_error (error);
  g_assert_true (cd_office_setup_is_enrolled (setup));
  g_assert_nonnull (setup->endpoints);
  g_assert_cmpuint (setup->anchors->len, >, 0);
  g_assert_cmpint (audit_count (db, "setup.%"), >, 0);
  g_assert_nonnull (cd_context_get_office_credential (context));

  /* The credentials are in the keyring, and in no file under HOME nor beside the store. */
  secret = cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, setup->central_url,
                                   setup->office_code, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
  g_assert_nonnull (strstr (secret, cd_context_get_office_credential (context)->secret));
  assert_in_no_file (home, cd_context_get_office_credential (context)->secret);
  assert_in_no_file (dir, cd_context_get_office_credential (context)->secret);

  /* Finish closes it. */
  g_object_add_weak_pointer (G_OBJECT (assistant), (gpointer *) &assistant);
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (assistant), "setup.next", NULL));
  gui_test_iterate ();
  g_assert_null (assistant);
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* The one visible assistant, or NULL. */
static CdSetupAssistant *
open_assistant (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (CD_IS_SETUP_ASSISTANT (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* Outside demo mode the window offers the assistant by itself when an administrator signs in to a
 * store never enrolled (an officer gets nothing), and only once: "Set Up Later" is respected. */
static void
test_window_offers_the_assistant (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *db_path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (db_path, &error);
  g_autoptr(CdSession) admin = NULL;
  g_autoptr(CdSession) officer = NULL;
  CdWindow *window;
  CdContext *context;
  CdSetupAssistant *assistant;
  gint64 deadline;

  g_assert_no_error (error);
  g_assert_cmpint (cd_users_bootstrap_admin (db, "quantri", "Trần Quản Trị", "quản trị văn phòng",
                                             &error), >, 0);
  admin = cd_users_sign_in (db, "quantri", "quản trị văn phòng", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_users_add (db, admin, "cb31", "Lê Cán Bộ", CD_ROLE_OFFICER,
                                 "mật khẩu cán bộ", CD_PASSWORD_KEEP, &error), >, 0);
  officer = cd_users_sign_in (db, "cb31", "mật khẩu cán bộ", &error);
  g_assert_no_error (error);

  window = cd_window_new (app);
  context = cd_window_get_context (window);
  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_database (context, db);
  cd_context_set_session (context, officer);
  for (guint i = 0; i < 10; i++)
    gui_test_iterate ();
  g_assert_null (open_assistant ());

  cd_context_set_session (context, admin);
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (open_assistant () == NULL && g_get_monotonic_time () < deadline)
    gui_test_iterate ();
  assistant = open_assistant ();
  g_assert_nonnull (assistant);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (assistant)) == GTK_WINDOW (window));

  /* Set Up Later; signing in again does not force it back, the menu item still opens it. */
  gtk_window_close (GTK_WINDOW (assistant));
  gui_test_iterate ();
  cd_context_set_session (context, NULL);
  cd_context_set_session (context, admin);
  for (guint i = 0; i < 10; i++)
    gui_test_iterate ();
  g_assert_null (open_assistant ());
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.setup-office", NULL));
  gui_test_iterate ();
  g_assert_nonnull (open_assistant ());
  gtk_window_close (GTK_WINDOW (open_assistant ()));

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* With no keyring the assistant says so and exchanges nothing: the code is still good after. */
static void
test_no_keyring_spends_no_code (void)
{
  g_autofree char *certificate = cd_gateway_tls_certificate_file ();
  g_autofree char *key = cd_gateway_tls_key_file ();
  g_autofree char *ca = cd_gateway_tls_ca_file ();
  const char * const gateway_args[] = { "--tls-certificate", certificate, "--tls-key", key,
                                        "--people", "50", "--world-seed", "3",
                                        "--enrolment-code", ENROLMENT_CODE, NULL };
  g_autoptr(CdGatewayProcess) gateway = cd_gateway_process_new (gateway_args);
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *db_path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdSession) admin = NULL;
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(CdEnrolment) enrolment = NULL;
  g_autoptr(CdOfficeSetup) setup = NULL;
  CdSetupAssistant *assistant;

  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  db = cd_database_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_users_bootstrap_admin (db, "quantri", "Trần Quản Trị", "quản trị văn phòng",
                                             &error), >, 0);
  admin = cd_users_sign_in (db, "quantri", "quản trị văn phòng", &error);
  g_assert_no_error (error);
  cd_context_set_database (context, db);
  cd_context_set_session (context, admin);
  cd_http_client_set_ca_file (cd_context_get_http_client (context), ca);

  assistant = cd_setup_assistant_new (NULL, context);
  gtk_window_present (GTK_WINDOW (assistant));
  fill (GTK_WIDGET (assistant), "Central System Address",
        cd_gateway_process_get_base_url (gateway));
  fill (GTK_WIDGET (assistant), "Enrolment Code", ENROLMENT_CODE);
  next (assistant);
  g_assert_cmpint (cd_setup_assistant_get_step (assistant), ==, CD_SETUP_STEP_ENROL);
  g_assert_nonnull (cd_setup_assistant_get_error (assistant));
  g_assert_nonnull (strstr (cd_setup_assistant_get_error (assistant), "keyring"));
  gtk_window_destroy (GTK_WINDOW (assistant));
  gui_test_iterate ();

  setup = cd_office_setup_read (db, &error);
  g_assert_no_error (error);
  g_assert_false (cd_office_setup_is_enrolled (setup));
  enrolment = cd_enrolment_exchange (cd_context_get_http_client (context),
                                     cd_gateway_process_get_base_url (gateway), ENROLMENT_CODE,
                                     NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (enrolment);
  test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);
  /* with-keyring.sh says whether a keyring runs: the test run twice, once each way. */
  if (g_strcmp0 (g_getenv ("CLAIMDESK_TEST_SECRET_SERVICE"), "absent") == 0)
    {
      g_test_add_func ("/gui/setup/no-keyring-spends-no-code", test_no_keyring_spends_no_code);
      return g_test_run ();
    }
  g_test_add_func ("/gui/setup/assistant-sets-up-the-office", test_assistant_sets_up_the_office);
  g_test_add_func ("/gui/setup/window-offers-the-assistant", test_window_offers_the_assistant);
  return g_test_run ();
}
