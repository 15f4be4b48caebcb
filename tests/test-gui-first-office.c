/* test-gui-first-office.c — the first office, end to end: the acceptance test.
 *
 * From an empty HOME (with-keyring.sh: a private HOME, gnome-keyring-daemon on a private session
 * bus) and without --demo, the application runs as `claimdesk` would, against the reference
 * gateway over HTTPS (its TEST-ONLY CA). Through the window and its dialogs: the store is made in
 * its default place, the first administrator created, the set-up assistant (which opens by itself)
 * enrols the workstation, the Accounts page adds an officer and a supervisor with one-time
 * passwords; the officer signs in, chooses a password, makes a claim from a personal ID (its
 * medical documents verified against the trust anchors central delivered) and proposes it; the
 * supervisor approves it; the workstation's sync worker delivers it and central acknowledges. At
 * the end the office's secret is in the keyring and in no file under HOME.
 *
 * The test looks at the store (a reader connection) and the keyring only to check and to wait.
 */
#include "config.h"

#include <string.h>

#include "cd-accounts-page.h"
#include "cd-account-dialog.h"
#include "cd-approval-page.h"
#include "cd-application.h"
#include "cd-claim-view.h"
#include "cd-data-dir.h"
#include "cd-database.h"
#include "cd-gateway-process.h"
#include "cd-new-claim-page.h"
#include "cd-office-setup.h"
#include "cd-preferences-window.h"
#include "cd-secrets.h"
#include "cd-setup-assistant.h"
#include "cd-sign-in-page.h"
#include "cd-source-row.h"
#include "cd-statement.h"
#include "cd-window.h"
#include "cd-world.h"
#include "gui-test-util.h"
#include "test-util.h"

#define ENROLMENT_CODE "TEST-ENROL-5150"
#define WORLD_SEED     7
#define WORLD_PEOPLE   50
#define TIMEOUT_S      60

typedef struct
{
  CdApplication    *app;
  CdGatewayProcess *gateway;
  const char       *personal_id;
  gboolean          finished;
} Scenario;

/* ---- waiting --------------------------------------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

/* Iterates the main loop until the condition holds; fails the test after `seconds`. */
static void
wait_for (Condition   condition,
          gpointer    data,
          guint       seconds,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_TIME_SPAN_SECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* ---- finding widgets ------------------------------------------------------------------------- */

static CdWindow *
main_window (CdApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (CD_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* The one visible toplevel of exactly `type`, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  GtkWindow *found = NULL;
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_OBJECT_TYPE (l->data) == type && gtk_widget_get_visible (l->data))
      {
        g_assert_null (found);
        found = l->data;
      }
  return found;
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

static AdwComboRow *
find_combo_row (GtkWidget  *root,
                const char *title)
{
  if (ADW_IS_COMBO_ROW (root)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_COMBO_ROW (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found = find_combo_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_visible (root)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicks the dialog's button for `response`, as a user does: the dialog answers and closes. */
static void
click_response (AdwMessageDialog *dialog,
                const char       *response)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog),
                                   adw_message_dialog_get_response_label (dialog, response));

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
collect_source_rows (GtkWidget        *root,
                     CdEvidenceSource  source,
                     GPtrArray        *out)
{
  if (CD_IS_SOURCE_ROW (root) && cd_source_row_get_source (CD_SOURCE_ROW (root)) == source)
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_source_rows (child, source, out);
}

/* A visible label under root with this text and style class. */
static gboolean
has_badge (GtkWidget  *root,
           const char *text,
           const char *style)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root)
      && gtk_widget_has_css_class (root, style)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_badge (child, text, style))
      return TRUE;
  return FALSE;
}

/* ---- the store, read as a second process would ----------------------------------------------- */

static char *
store_path (void)
{
  return cd_data_dir_office_store ();
}

static gint64
store_int (const char *sql,
           const char *text)
{
  g_autofree char *path = store_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (path, &error);
  g_autoptr(CdStatement) stmt = NULL;
  gint64 value = -1;

  g_assert_no_error (error);
  stmt = cd_database_prepare (reader, sql, &error);
  g_assert_no_error (error);
  if (text != NULL)
    cd_statement_bind_text (stmt, 1, text);
  if (cd_statement_step (stmt, &error) == CD_STEP_ROW)
    value = cd_statement_get_int64 (stmt, 0);
  g_assert_no_error (error);
  return value;
}

static char *
store_text (const char *sql,
            gint64      id)
{
  g_autofree char *path = store_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (path, &error);
  g_autoptr(CdStatement) stmt = NULL;
  char *value = NULL;

  g_assert_no_error (error);
  stmt = cd_database_prepare (reader, sql, &error);
  g_assert_no_error (error);
  cd_statement_bind_int64 (stmt, 1, id);
  if (cd_statement_step (stmt, &error) == CD_STEP_ROW)
    value = cd_statement_dup_text (stmt, 0);
  g_assert_no_error (error);
  return value;
}

static gint64
claim_status (const char *number)
{
  return store_int ("SELECT status FROM claims WHERE number = ?1", number);
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

/* A sickness claimant of the gateway's world with an episode this year, up to today: the person
 * test-gui-new-claim.c picks from the seeded store, found here without any store. */
static char *
sickness_claimant (void)
{
  CdWorld *world = cd_world_new (WORLD_SEED, WORLD_PEOPLE);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  guint64 max = MIN (cd_world_get_max_claims (world), 200);
  char *personal_id = NULL;

  for (guint64 k = 0; k < max && personal_id == NULL; k++)
    {
      CdWorldClaim claim;
      CdWorldPerson person;

      if (!cd_world_get_claim (world, k, &claim) || claim.benefit != CD_BENEFIT_SICKNESS
          || strcmp (claim.period_from, "2026-01-01") < 0 || strcmp (claim.period_to, today) > 0)
        continue;
      g_assert_true (cd_world_get_person (world, claim.index, CD_WORLD_ROLE_INSURED, &person));
      personal_id = g_strdup (person.personal_id);
    }
  cd_world_free (world);
  return personal_id;
}

/* ---- the steps ------------------------------------------------------------------------------- */

static CdSignInPage *
sign_in_page (Scenario *s)
{
  return CD_SIGN_IN_PAGE (cd_window_get_sign_in_page (main_window (s->app)));
}

static gboolean
page_idle (gpointer data)
{
  return !cd_sign_in_page_get_busy (data);
}

static void
submit (Scenario *s)
{
  CdSignInPage *page = sign_in_page (s);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.submit", NULL));
  gui_test_iterate ();
  wait_for (page_idle, page, TIMEOUT_S, "the sign-in page");
  gui_test_iterate ();
  g_assert_null (cd_sign_in_page_get_error (page));
}

static gboolean
ready_for_first_administrator (gpointer data)
{
  Scenario *s = data;
  CdWindow *window = main_window (s->app);
  GtkWidget *page = window != NULL ? cd_window_get_sign_in_page (window) : NULL;

  return cd_context_get_database (cd_application_get_context (s->app)) != NULL && page != NULL
         && !cd_sign_in_page_get_busy (CD_SIGN_IN_PAGE (page))
         && cd_sign_in_page_get_mode (CD_SIGN_IN_PAGE (page)) == CD_SIGN_IN_MODE_BOOTSTRAP;
}

static CdSession *
signed_in (Scenario *s)
{
  return cd_context_get_session (cd_application_get_context (s->app));
}

/* The store made in its default place, under the private HOME; its first administrator. */
static void
create_administrator (Scenario *s)
{
  g_autofree char *path = store_path ();
  GtkWidget *page;

  wait_for (ready_for_first_administrator, s, TIMEOUT_S, "the new store's first-run page");
  g_assert_cmpstr (cd_context_get_db_path (cd_application_get_context (s->app)), ==, path);
  g_assert_true (g_str_has_prefix (path, g_getenv ("CLAIMDESK_TEST_HOME")));
  page = GTK_WIDGET (sign_in_page (s));
  fill (page, "Full Name", "Trần Thị Quản Trị");
  fill (page, "Login", "quantri");
  fill (page, "Password", "quản trị văn phòng mới");
  fill (page, "Repeat the Password", "quản trị văn phòng mới");
  submit (s);
  g_assert_nonnull (signed_in (s));
  g_assert_cmpint (cd_session_get_role (signed_in (s)), ==, CD_ROLE_ADMIN);
}

static gboolean
assistant_up (gpointer data)
{
  return find_toplevel (CD_TYPE_SETUP_ASSISTANT) != NULL;
}

static gboolean
assistant_idle (gpointer data)
{
  return !cd_setup_assistant_is_busy (data);
}

static void
assistant_next (CdSetupAssistant *assistant)
{
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (assistant), "setup.next", NULL));
  gui_test_iterate ();
  wait_for (assistant_idle, assistant, TIMEOUT_S, "the set-up assistant");
}

/* The assistant opens by itself for the administrator of a store never enrolled. */
static void
enrol (Scenario *s)
{
  g_autofree char *ca = cd_gateway_tls_ca_file ();
  g_autoptr(GError) error = NULL;
  CdSetupAssistant *assistant;
  GtkListBox *results;
  guint n_ok = 0;

  wait_for (assistant_up, NULL, TIMEOUT_S, "the set-up assistant to open");
  assistant = CD_SETUP_ASSISTANT (find_toplevel (CD_TYPE_SETUP_ASSISTANT));
  g_assert_cmpint (cd_setup_assistant_get_step (assistant), ==, CD_SETUP_STEP_ENROL);

  fill (GTK_WIDGET (assistant), "Central System Address",
        cd_gateway_process_get_base_url (s->gateway));
  fill (GTK_WIDGET (assistant), "Enrolment Code", ENROLMENT_CODE);
  assistant_next (assistant);
  g_assert_cmpint (cd_setup_assistant_get_step (assistant), ==, CD_SETUP_STEP_CONFIGURATION);

  /* Central's certificate, imported from its file (the "Import Certificate…" button): its signed
   * configuration document is then verified and shown. */
  g_assert_true (cd_setup_assistant_import_file (assistant, ca, &error));
  g_assert_no_error (error);
  assistant_next (assistant);
  g_assert_null (cd_setup_assistant_get_error (assistant));
  g_assert_cmpint (cd_setup_assistant_get_step (assistant), ==, CD_SETUP_STEP_CONFIGURATION);

  /* Accepted: saved, and every system answers. */
  assistant_next (assistant);
  g_assert_null (cd_setup_assistant_get_error (assistant));
  g_assert_cmpint (cd_setup_assistant_get_step (assistant), ==, CD_SETUP_STEP_CHECK);
  results = cd_setup_assistant_get_results (assistant);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (results)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "cd-connection-status"), ==, "ok");
      n_ok++;
    }
  g_assert_cmpuint (n_ok, ==, CD_N_SYSTEMS);

  /* Finish closes it. */
  g_object_add_weak_pointer (G_OBJECT (assistant), (gpointer *) &assistant);
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (assistant), "setup.next", NULL));
  gui_test_iterate ();
  g_assert_null (assistant);
  g_assert_nonnull (cd_context_get_office_credential (cd_application_get_context (s->app)));
}

static gboolean
accounts_idle (gpointer data)
{
  return cd_accounts_page_is_idle (data);
}

/* Adds an account in the Accounts page's dialog; returns the one-time password it offered. */
static char *
add_account (CdAccountsPage *page,
             const char     *login,
             const char     *full_name,
             guint           role_index)
{
  AdwMessageDialog *dialog;
  AdwComboRow *role;
  char *one_time;

  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (page), "accounts.add", NULL));
  gui_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (CD_TYPE_ACCOUNT_DIALOG));
  g_assert_nonnull (dialog);
  fill (GTK_WIDGET (dialog), "Login", login);
  fill (GTK_WIDGET (dialog), "Full Name", full_name);
  role = find_combo_row (GTK_WIDGET (dialog), "Role");
  g_assert_nonnull (role);
  adw_combo_row_set_selected (role, role_index);
  one_time = g_strdup (gtk_editable_get_text (GTK_EDITABLE (gui_test_find_entry_row (
    GTK_WIDGET (dialog), "One-Time Password"))));
  g_assert_cmpstr (one_time, !=, "");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  click_response (dialog, "apply");
  gui_test_iterate ();
  g_assert_null (dialog);
  wait_for (accounts_idle, page, TIMEOUT_S, "the Accounts page");
  g_assert_nonnull (cd_accounts_page_find_row (page, login));
  return one_time;
}

/* Preferences → Accounts: an officer (the dialog's first role) and a supervisor (its second). */
static void
add_staff (Scenario *s,
           char    **officer_password,
           char    **supervisor_password)
{
  GtkWindow *preferences;
  GtkWidget *page;

  g_action_group_activate_action (G_ACTION_GROUP (s->app), "preferences", NULL);
  gui_test_iterate ();
  preferences = find_toplevel (CD_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  page = gui_test_find_widget (GTK_WIDGET (preferences), CD_TYPE_ACCOUNTS_PAGE);
  g_assert_nonnull (page);
  wait_for (accounts_idle, page, TIMEOUT_S, "the Accounts page");
  *officer_password = add_account (CD_ACCOUNTS_PAGE (page), "canbo1", "Lê Văn Cán Bộ", 0);
  *supervisor_password = add_account (CD_ACCOUNTS_PAGE (page), "giamsat1", "Phạm Thị Giám Sát",
                                      1);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (
    cd_accounts_page_find_row (CD_ACCOUNTS_PAGE (page), "canbo1")), "Officer"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (
    cd_accounts_page_find_row (CD_ACCOUNTS_PAGE (page), "giamsat1")), "Supervisor"));
  gtk_window_destroy (preferences);
  gui_test_iterate ();
}

static void
sign_out (Scenario *s)
{
  CdWindow *window = main_window (s->app);

  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.sign-out", NULL));
  gui_test_iterate ();
  g_assert_null (signed_in (s));
  wait_for (page_idle, sign_in_page (s), TIMEOUT_S, "the sign-in page");
  g_assert_cmpint (cd_sign_in_page_get_mode (sign_in_page (s)), ==, CD_SIGN_IN_MODE_SIGN_IN);
}

/* Signs in with the one-time password, and chooses one's own. */
static void
first_sign_in (Scenario   *s,
               const char *login,
               const char *one_time,
               const char *password,
               CdRole      role)
{
  GtkWidget *page = GTK_WIDGET (sign_in_page (s));

  fill (page, "Login", login);
  fill (page, "Password", one_time);
  submit (s);
  g_assert_cmpint (cd_sign_in_page_get_mode (sign_in_page (s)), ==,
                   CD_SIGN_IN_MODE_CHANGE_PASSWORD);
  g_assert_null (signed_in (s));
  fill (page, "New Password", password);
  fill (page, "Repeat the Password", password);
  submit (s);
  g_assert_nonnull (signed_in (s));
  g_assert_cmpstr (cd_session_get_login (signed_in (s)), ==, login);
  g_assert_cmpint (cd_session_get_role (signed_in (s)), ==, role);
  g_assert_false (cd_session_get_must_change_password (signed_in (s)));
}

static gboolean
sources_done (gpointer data)
{
  return cd_new_claim_page_get_sources_done (data) == CD_N_EVIDENCE_SOURCES
         && !cd_new_claim_page_get_busy (data) && cd_new_claim_page_get_n_cases (data) > 0;
}

static gboolean
has_total (gpointer data)
{
  return cd_new_claim_page_get_total (data) >= 0;
}

static gboolean
has_claim (gpointer data)
{
  return cd_new_claim_page_get_claim_id (data) > 0;
}

/* The officer's new claim from the personal ID; returns its number. */
static char *
make_claim (Scenario *s)
{
  CdWindow *window = main_window (s->app);
  g_autoptr(GPtrArray) medical = g_ptr_array_new ();
  CdNewClaimPage *page;
  GtkWidget *id_row;
  guint i;

  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (window), "win.new-claim", NULL));
  gui_test_iterate ();
  page = CD_NEW_CLAIM_PAGE (cd_window_get_new_claim_page (window));
  g_assert_nonnull (page);
  id_row = gui_test_find_widget (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (id_row), s->personal_id);
  g_assert_null (cd_new_claim_page_get_id_error (page));
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (page), "new-claim.fetch", NULL));
  wait_for (sources_done, page, TIMEOUT_S, "every source and the detected cases");
  g_assert_cmpuint (cd_new_claim_page_get_sources_failed (page), ==, 0);

  /* The medical documents are signed by a signer the delivered anchors vouch for: "Signed" on
   * the page, "valid" in the store; none untrusted or invalid. */
  collect_source_rows (GTK_WIDGET (page), CD_EVIDENCE_MEDICAL, medical);
  g_assert_cmpuint (medical->len, ==, 1);
  g_assert_true (has_badge (g_ptr_array_index (medical, 0), "Signed", "success"));
  g_assert_cmpint (store_int ("SELECT count(*) FROM documents WHERE source_system = 'medical'"
                              " AND signature_status = 'valid'", NULL), >, 0);
  g_assert_cmpint (store_int ("SELECT count(*) FROM documents WHERE source_system = 'medical'"
                              " AND signature_status IN ('untrusted', 'invalid')", NULL), ==, 0);

  /* The detected sickness case, evaluated, then created. */
  for (i = 0; i < cd_new_claim_page_get_n_cases (page); i++)
    if (cd_new_claim_page_get_case_benefit (page, i) == CD_BENEFIT_SICKNESS)
      break;
  g_assert_cmpuint (i, <, cd_new_claim_page_get_n_cases (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "new-claim.select-case", "i",
                                             (int) i));
  wait_for (has_total, page, TIMEOUT_S, "an evaluation");
  g_assert_cmpint (cd_new_claim_page_get_total (page), >, 0);
  gui_test_iterate ();
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (page), "new-claim.create", NULL));
  wait_for (has_claim, page, TIMEOUT_S, "the claim to be saved");
  return store_text ("SELECT number FROM claims WHERE id = ?1",
                     cd_new_claim_page_get_claim_id (page));
}

typedef struct
{
  CdClaimView *view;
  const char  *number;
} ViewWait;

static gboolean
view_loaded (gpointer data)
{
  ViewWait *w = data;

  return !cd_claim_view_get_busy (w->view) && cd_claim_view_get_details (w->view) != NULL
         && g_strcmp0 (cd_claim_view_get_claim_number (w->view), w->number) == 0;
}

/* Opens the claim, as a row of the list does, and proposes its decision. */
static void
propose (Scenario   *s,
         const char *number)
{
  CdWindow *window = main_window (s->app);
  ViewWait w = { NULL, number };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-claim", "s", number));
  gui_test_iterate ();
  w.view = CD_CLAIM_VIEW (cd_window_get_claim_view (window));
  g_assert_nonnull (w.view);
  wait_for (view_loaded, &w, TIMEOUT_S, "the claim view");
  g_assert_true (gtk_widget_get_visible (gui_test_find_actionable (GTK_WIDGET (w.view),
                                                                  "claim.propose")));
  g_assert_true (gui_test_activate_if_enabled (GTK_WIDGET (w.view), "claim.propose", NULL));
  gui_test_iterate ();
  wait_for (view_loaded, &w, TIMEOUT_S, "the proposal");
  g_assert_null (cd_claim_view_get_error (w.view));
  g_assert_cmpint (claim_status (number), ==, CD_CLAIM_STATUS_PROPOSED);
}

static gboolean
approval_idle (gpointer data)
{
  return !cd_approval_page_get_loading (data) && !cd_approval_page_get_running (data);
}

/* The supervisor's "Awaiting Approval" queue: the claim is there, selected and approved. */
static void
approve (Scenario   *s,
         const char *number)
{
  CdWindow *window = main_window (s->app);
  GtkWidget *page;
  GtkSelectionModel *selection;
  gboolean listed = FALSE;

  cd_window_select_queue (window, "awaiting-approval");
  gui_test_iterate ();
  page = cd_window_get_approval_page (window);
  g_assert_nonnull (page);
  wait_for (approval_idle, page, TIMEOUT_S, "the approval page");
  g_assert_false (cd_approval_page_get_read_only (CD_APPROVAL_PAGE (page)));
  selection = cd_approval_page_get_selection (CD_APPROVAL_PAGE (page));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (g_str_equal (gtk_string_object_get_string (item), number))
        {
          gtk_selection_model_select_item (selection, i, FALSE);
          listed = TRUE;
        }
    }
  g_assert_true (listed);
  g_assert_true (gui_test_activate_if_enabled (page, "approval.approve-selected", NULL));
  gui_test_iterate ();
  wait_for (approval_idle, page, TIMEOUT_S, "the approval");
  g_assert_cmpuint (cd_approval_page_get_n_failures (CD_APPROVAL_PAGE (page)), ==, 0);
  g_assert_cmpint (store_int ("SELECT count(*) FROM outbox o JOIN decisions d"
                              " ON d.id = o.decision_id JOIN claims c ON c.id = d.claim_id"
                              " WHERE c.number = ?1", number), ==, 1);
}

static gboolean
acknowledged (gpointer data)
{
  return store_int ("SELECT count(*) FROM outbox o JOIN decisions d ON d.id = o.decision_id"
                    " JOIN claims c ON c.id = d.claim_id"
                    " WHERE c.number = ?1 AND o.state = 'acknowledged'", data) == 1;
}

/* The workstation's sync worker delivers the decision; "Sync Now" only saves waiting for its
 * next round when it is between rounds. */
static void
sync_acknowledged (Scenario   *s,
                   const char *number)
{
  CdWindow *window = main_window (s->app);

  gui_test_activate_if_enabled (GTK_WIDGET (cd_window_get_sync_indicator (window)),
                                "sync.sync-now", NULL);
  wait_for (acknowledged, (gpointer) number, 2 * TIMEOUT_S, "central's acknowledgement");
  g_assert_cmpint (store_int ("SELECT count(*) FROM outbox o JOIN decisions d"
                              " ON d.id = o.decision_id JOIN claims c ON c.id = d.claim_id"
                              " WHERE c.number = ?1 AND o.central_receipt IS NOT NULL", number),
                   ==, 1);
  g_assert_cmpint (claim_status (number), ==, CD_CLAIM_STATUS_SYNCED);
}

/* The office's credentials: in the keyring, and in no file under HOME (the store included). */
static void
secret_only_in_keyring (Scenario *s)
{
  const CdOfficeCredential *credential =
    cd_context_get_office_credential (cd_application_get_context (s->app));
  g_autofree char *path = store_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (path, &error);
  g_autoptr(CdOfficeSetup) setup = NULL;
  g_autofree char *secret = NULL;

  g_assert_no_error (error);
  setup = cd_office_setup_read (reader, &error);
  g_assert_no_error (error);
  g_assert_true (cd_office_setup_is_enrolled (setup));
  g_assert_nonnull (credential);
  g_assert_cmpuint (strlen (credential->secret), >=, 16);
  secret = cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, setup->central_url,
                                   setup->office_code, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
  g_assert_nonnull (strstr (secret, credential->secret));
  assert_in_no_file (g_getenv ("CLAIMDESK_TEST_HOME"), credential->secret);
  assert_in_no_file (folder, credential->secret);
}

static gboolean
run_scenario (gpointer data)
{
  Scenario *s = data;
  g_autofree char *officer_one_time = NULL;
  g_autofree char *supervisor_one_time = NULL;
  g_autofree char *number = NULL;

  g_test_message ("the store and its first administrator");
  create_administrator (s);
  g_test_message ("the set-up assistant enrols the workstation");
  enrol (s);
  g_test_message ("an officer and a supervisor in Preferences → Accounts");
  add_staff (s, &officer_one_time, &supervisor_one_time);
  sign_out (s);

  g_test_message ("the officer: first sign-in, a claim from %s, proposed", s->personal_id);
  first_sign_in (s, "canbo1", officer_one_time, "mật khẩu của cán bộ", CD_ROLE_OFFICER);
  number = make_claim (s);
  propose (s, number);
  sign_out (s);

  g_test_message ("the supervisor: first sign-in, %s approved", number);
  first_sign_in (s, "giamsat1", supervisor_one_time, "mật khẩu của giám sát",
                 CD_ROLE_SUPERVISOR);
  approve (s, number);
  g_test_message ("central acknowledges %s", number);
  sync_acknowledged (s, number);

  g_test_message ("the office's secret: in the keyring, in no file under HOME");
  secret_only_in_keyring (s);
  s->finished = TRUE;
  sign_out (s);
  g_action_group_activate_action (G_ACTION_GROUP (s->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_activate (CdApplication *app,
             Scenario      *s)
{
  g_idle_add (run_scenario, s);
}

static void
test_first_office (void)
{
  g_autofree char *certificate = cd_gateway_tls_certificate_file ();
  g_autofree char *key = cd_gateway_tls_key_file ();
  g_autofree char *ca = cd_gateway_tls_ca_file ();
  g_autofree char *personal_id = sickness_claimant ();
  g_autofree char *path = store_path ();
  const char *home = g_getenv ("CLAIMDESK_TEST_HOME");
  const char * const gateway_args[] = { "--tls-certificate", certificate, "--tls-key", key,
                                        "--world-seed", G_STRINGIFY (WORLD_SEED),
                                        "--people", G_STRINGIFY (WORLD_PEOPLE),
                                        "--enrolment-code", ENROLMENT_CODE, NULL };
  char *argv[] = { (char *) "claimdesk", NULL };
  g_autoptr(CdGatewayProcess) gateway = cd_gateway_process_new (gateway_args);
  g_autoptr(CdApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  Scenario s = { 0 };

  /* An empty HOME with a real keyring in it: nothing of ours there yet. */
  g_assert_nonnull (home);
  g_assert_cmpstr (g_getenv ("CLAIMDESK_TEST_SECRET_SERVICE"), ==, "running");
  g_assert_true (g_str_has_prefix (path, home));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (personal_id);

  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);

  /* `claimdesk`, no --db, no --demo. The TEST-ONLY CA stands in for the public ones a real
   * central's certificate chains to. */
  app = cd_application_new ();
  cd_http_client_set_ca_file (cd_context_get_http_client (cd_application_get_context (app)), ca);
  s.app = app;
  s.gateway = gateway;
  s.personal_id = personal_id;
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &s);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  g_assert_true (s.finished);
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);
  g_test_add_func ("/gui/first-office/from-empty-home", test_first_office);
  return g_test_run ();
}
