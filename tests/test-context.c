/* test-context.c — the one object that owns what the workstation shares. */
#include <glib/gstdio.h>
#include <string.h>

#include "cd-context.h"
#include "cd-data-dir.h"
#include "cd-seed.h"
#include "test-util.h"
#include "workflow-fixture.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_store_path_then_writer (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) reader = NULL;
  guint database_notifies = 0;

  g_signal_connect (context, "notify::database", G_CALLBACK (count_notify), &database_notifies);

  /* Nothing set up yet: both ways in say so. */
  cd_context_open_database_async (context, NULL, on_done, &result);
  g_assert_false (cd_context_open_database_finish (context, wait_for (&result), &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_null (cd_context_open_reader (context, &error));
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN);
  g_clear_error (&error);

  /* The path, then the writer, opened off the caller's thread and announced once. */
  cd_context_set_db_path (context, path);
  g_assert_cmpstr (cd_context_get_db_path (context), ==, path);
  g_assert_null (cd_context_get_database (context));
  cd_context_open_database_async (context, NULL, on_done, &result);
  g_assert_true (cd_context_open_database_finish (context, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_nonnull (cd_context_get_database (context));
  g_assert_cmpstr (cd_database_get_path (cd_context_get_database (context)), ==, path);
  g_assert_false (cd_database_is_read_only (cd_context_get_database (context)));
  g_assert_cmpuint (database_notifies, ==, 1);

  /* Opening again keeps the one writer. */
  {
    CdDatabase *writer = cd_context_get_database (context);

    g_clear_object (&result);
    cd_context_open_database_async (context, NULL, on_done, &result);
    g_assert_true (cd_context_open_database_finish (context, wait_for (&result), &error));
    g_assert_true (cd_context_get_database (context) == writer);
    g_assert_cmpuint (database_notifies, ==, 1);
  }

  /* Readers are fresh read-only connections on the same file. */
  reader = cd_context_open_reader (context, &error);
  g_assert_no_error (error);
  g_assert_true (cd_database_is_read_only (reader));
  g_assert_true (reader != cd_context_get_database (context));
  g_assert_cmpstr (cd_database_get_path (reader), ==, path);

  /* Another store: the old writer is not this one's any more. */
  {
    g_autofree char *other = g_build_filename (dir, "other.db", NULL);

    cd_context_set_db_path (context, other);
    g_assert_null (cd_context_get_database (context));
    g_assert_cmpuint (database_notifies, ==, 2);
  }
  g_clear_object (&reader);
  g_clear_object (&context);
  test_tmpdir_free (dir);
}

static void
on_damaged (CdContext  *context,
            const char *message,
            gpointer    user_data)
{
  *(char **) user_data = g_strdup (message);
}

static void
note_writer_with_path (CdContext  *context,
                       GParamSpec *pspec,
                       gpointer    user_data)
{
  *(gboolean *) user_data = cd_context_get_database (context) != NULL;
}

/* A store opened at a path becomes the context's only once it is there: created, migrated, and
 * its path announced with it. */
static void
test_store_opened_at_a_path (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "new", "office.db", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean path_seen_with_writer = FALSE;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_signal_connect (context, "notify::db-path", G_CALLBACK (note_writer_with_path),
                    &path_seen_with_writer);
  cd_context_open_database_at_async (context, path, NULL, on_done, &result);
  g_assert_null (cd_context_get_db_path (context));
  g_assert_true (cd_context_open_database_finish (context, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cd_context_get_db_path (context), ==, path);
  g_assert_nonnull (cd_context_get_database (context));
  g_assert_true (path_seen_with_writer);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (cd_database_get_schema_version (cd_context_get_database (context)), ==,
                   cd_database_get_latest_version ());

  /* A place that cannot hold a store says which. */
  {
    g_autoptr(CdContext) other = cd_context_new ();
    g_autofree char *nowhere = g_build_filename (dir, "no", "such", "office.db", NULL);

    g_clear_object (&result);
    cd_context_open_database_at_async (other, nowhere, NULL, on_done, &result);
    g_assert_false (cd_context_open_database_finish (other, wait_for (&result), &error));
    g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_OPEN);
    g_assert_nonnull (strstr (error->message, nowhere));
    g_assert_null (cd_context_get_db_path (other));
  }
  g_clear_object (&context);
  test_tmpdir_free (dir);
}

static void
test_office_store_default_place (void)
{
  g_autofree char *path = cd_data_dir_office_store ();
  const char *xdg = g_getenv ("XDG_DATA_HOME");

  /* The test environment sets XDG_DATA_HOME, as a desktop session does. */
  g_assert_nonnull (xdg);
  g_assert_true (g_str_has_prefix (path, xdg));
  g_assert_true (g_str_has_suffix (path, "/claimdesk/office.db"));
}

static void
test_store_damage_is_reported (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "office.db", NULL);
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *damage = NULL;

  {
    g_autoptr(CdDatabase) db = cd_database_open (path, &error);
    GStatBuf st;

    g_assert_no_error (error);
    g_assert_true (cd_seed_run (db, 4, 200, 600, NULL, NULL, &error));
    g_assert_true (cd_database_exec (db, "PRAGMA wal_checkpoint(TRUNCATE);", &error));
    g_clear_object (&db);
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    test_damage_pages (path, (gsize) st.st_size / 4096 / 2);
  }

  /* The writer opens (what was saved stays readable); the check behind it reports the damage. */
  g_signal_connect (context, "database-damaged", G_CALLBACK (on_damaged), &damage);
  cd_context_set_db_path (context, path);
  cd_context_open_database_async (context, NULL, on_done, &result);
  g_assert_true (cd_context_open_database_finish (context, wait_for (&result), &error));
  g_assert_no_error (error);
  g_test_expect_message ("claimdesk-context", G_LOG_LEVEL_WARNING, "*claimdesk-cli restore*");
  while (damage == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_test_assert_expected_messages ();
  g_assert_nonnull (strstr (damage, path));
  g_assert_nonnull (strstr (damage, "claimdesk-cli restore --db"));
  g_clear_object (&context);
  test_tmpdir_free (dir);
}

/* Clients act for whoever is signed in, never a made-up name, and follow sign-in and addresses. */
static void
test_clients_follow_session (void)
{
  g_autoptr(CdContext) context = cd_context_new ();
  CdCentralClient *central;
  CdHttpClient *http;

  cd_context_set_addresses (context, "http://127.0.0.1:9/central", "http://127.0.0.1:9/sources");
  g_assert_null (cd_context_get_central_client (context));
  g_assert_null (cd_context_get_evidence_fetcher (context));

  cd_context_set_session (context, fx_officer);
  central = cd_context_get_central_client (context);
  g_assert_nonnull (central);
  g_assert_cmpstr (cd_central_client_get_officer (central), ==, cd_session_get_login (fx_officer));
  g_assert_cmpstr (cd_central_client_get_base_url (central), ==, "http://127.0.0.1:9/central");
  g_assert_nonnull (cd_context_get_evidence_fetcher (context));
  /* Asked again: the same client; one HTTP client for the process. */
  g_assert_true (cd_context_get_central_client (context) == central);
  http = cd_context_get_http_client (context);
  g_assert_true (cd_context_get_http_client (context) == http);

  cd_context_set_session (context, fx_sup1);
  central = cd_context_get_central_client (context);
  g_assert_cmpstr (cd_central_client_get_officer (central), ==, cd_session_get_login (fx_sup1));

  /* One gateway for everything: the other address is the same. */
  cd_context_set_addresses (context, NULL, "http://127.0.0.1:9/gateway");
  central = cd_context_get_central_client (context);
  g_assert_cmpstr (cd_central_client_get_base_url (central), ==, "http://127.0.0.1:9/gateway");
  g_assert_true (cd_context_get_http_client (context) == http);

  cd_context_set_session (context, NULL);
  g_assert_null (cd_context_get_central_client (context));
  g_assert_null (cd_context_get_evidence_fetcher (context));

  /* A command-line run names its operator instead. */
  cd_context_set_operator (context, "claimdesk-cli");
  g_assert_cmpstr (cd_central_client_get_officer (cd_context_get_central_client (context)), ==,
                   "claimdesk-cli");
  /* …and a sign-in still wins. */
  cd_context_set_session (context, fx_officer2);
  g_assert_cmpstr (cd_central_client_get_officer (cd_context_get_central_client (context)), ==,
                   cd_session_get_login (fx_officer2));
}

/* Each system at its own address (central's configuration document), and the office's
 * credentials given by whoever keeps them: both make the clients and the worker again. */
static void
test_clients_follow_credential_and_endpoints (void)
{
  Store store = { 0 };
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(CdEndpoints) endpoints = cd_endpoints_new ();
  g_autoptr(CdEndpoints) now = NULL;
  g_autoptr(CdOfficeCredential) credential = cd_office_credential_new ("cred-1", "secret");
  CdCentralClient *central;
  CdSyncWorker *worker;
  guint notifies = 0;

  store_open (&store);
  cd_endpoints_set (endpoints, CD_SYSTEM_CENTRAL, "https://central.bhxh.vn");
  cd_endpoints_set (endpoints, CD_SYSTEM_MEDICAL, "https://giamdinh.bhxh.vn");
  cd_endpoints_set (endpoints, CD_SYSTEM_CIVIL_STATUS, "https://hotich.bhxh.vn");
  cd_endpoints_set (endpoints, CD_SYSTEM_POPULATION, "https://dancu.bhxh.vn");
  g_signal_connect (context, "notify::central-url", G_CALLBACK (count_notify), &notifies);
  cd_context_set_db_path (context, store.path);
  cd_context_set_session (context, fx_officer);
  cd_context_set_endpoints (context, endpoints);
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpstr (cd_context_get_central_url (context), ==, "https://central.bhxh.vn");
  g_assert_cmpstr (cd_context_get_evidence_url (context), ==, "https://giamdinh.bhxh.vn");
  now = cd_context_dup_endpoints (context);
  g_assert_true (cd_endpoints_equal (now, endpoints));
  g_assert_null (cd_context_get_office_credential (context));

  central = cd_context_get_central_client (context);
  worker = cd_context_get_sync_worker (context);
  g_assert_nonnull (worker);
  cd_context_set_office_credential (context, credential);
  g_assert_true (cd_office_credential_equal (cd_context_get_office_credential (context),
                                             credential));
  /* A copy: the caller's may go. */
  g_assert_true (cd_context_get_office_credential (context) != credential);
  g_assert_true (cd_context_get_central_client (context) != central);
  g_assert_true (cd_context_get_sync_worker (context) != worker);
  /* The same again changes nothing. */
  central = cd_context_get_central_client (context);
  cd_context_set_office_credential (context, credential);
  g_assert_true (cd_context_get_central_client (context) == central);

  /* Plain addresses again: the three other systems are one. */
  cd_context_set_addresses (context, "https://central.bhxh.vn", "https://lgsp.bhxh.vn");
  g_clear_pointer (&now, cd_endpoints_free);
  now = cd_context_dup_endpoints (context);
  g_assert_cmpstr (cd_endpoints_get (now, CD_SYSTEM_POPULATION), ==, "https://lgsp.bhxh.vn");
  g_assert_cmpstr (cd_endpoints_get (now, CD_SYSTEM_CIVIL_STATUS), ==, "https://lgsp.bhxh.vn");

  g_clear_object (&context);
  store_close (&store);
}

static void
test_sync_worker_follows (void)
{
  Store store = { 0 };
  g_autoptr(CdContext) context = cd_context_new ();
  guint notifies = 0;
  CdSyncWorker *worker;

  store_open (&store);
  g_signal_connect (context, "notify::sync-worker", G_CALLBACK (count_notify), &notifies);

  /* A store and an address, but nobody to act for: no worker. */
  cd_context_set_db_path (context, store.path);
  cd_context_set_addresses (context, "http://127.0.0.1:9", NULL);
  g_assert_null (cd_context_get_sync_worker (context));
  g_assert_cmpuint (notifies, ==, 0);

  cd_context_set_session (context, fx_officer);
  worker = cd_context_get_sync_worker (context);
  g_assert_nonnull (worker);
  g_assert_cmpuint (notifies, ==, 1);
  /* Not started: only the workstation keeps it syncing. */
  g_assert_false (cd_sync_worker_is_running (worker));

  /* Another user: another worker, in that user's name. */
  cd_context_set_session (context, fx_sup1);
  g_assert_nonnull (cd_context_get_sync_worker (context));
  g_assert_cmpuint (notifies, ==, 2);

  cd_context_set_session (context, NULL);
  g_assert_null (cd_context_get_sync_worker (context));
  g_assert_cmpuint (notifies, ==, 3);

  g_clear_object (&context);
  store_close (&store);
}

static void
test_rule_pack_loaded_once (void)
{
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) a = NULL;
  g_autoptr(CdRulePack) b = NULL;
  g_autoptr(CdRulePack) c = NULL;
  g_autoptr(GAsyncResult) third = NULL;
  guint notifies = 0;

  g_signal_connect (context, "notify::rule-pack", G_CALLBACK (count_notify), &notifies);
  g_assert_null (cd_context_get_rule_pack (context));
  /* Two asks while it loads: one load serves both. */
  cd_context_load_rule_pack_async (context, NULL, on_done, &first);
  cd_context_load_rule_pack_async (context, NULL, on_done, &second);
  a = cd_context_load_rule_pack_finish (context, wait_for (&first), &error);
  g_assert_no_error (error);
  b = cd_context_load_rule_pack_finish (context, wait_for (&second), &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_true (a == b);
  g_assert_true (cd_context_get_rule_pack (context) == a);
  g_assert_true (g_str_has_prefix (cd_rule_pack_get_version (a), CD_RULE_PACK_DEFAULT));
  /* Later asks have it at once. */
  cd_context_load_rule_pack_async (context, NULL, on_done, &third);
  c = cd_context_load_rule_pack_finish (context, wait_for (&third), &error);
  g_assert_true (c == a);
  g_assert_cmpuint (notifies, ==, 1);
}

static void
test_trust_store_loaded_once (void)
{
  g_autoptr(CdContext) context = cd_context_new ();
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *test_ca = g_build_filename (pki, "trust", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(CdTrustStore) a = NULL;
  g_autoptr(CdTrustStore) b = NULL;
  CdTrustStore *trust;

  /* The demo's anchors, not the workstation's (which are empty here). */
  cd_context_set_trust_dir (context, test_ca);
  /* Off the main loop first, twice at once: one set of anchors. */
  cd_context_load_trust_store_async (context, NULL, on_done, &first);
  cd_context_load_trust_store_async (context, NULL, on_done, &second);
  a = cd_context_load_trust_store_finish (context, wait_for (&first), &error);
  g_assert_no_error (error);
  b = cd_context_load_trust_store_finish (context, wait_for (&second), &error);
  g_assert_no_error (error);
  g_assert_true (a == b);

  trust = cd_context_get_trust_store (context, &error);
  g_assert_no_error (error);
  g_assert_true (trust == a);
  g_assert_cmpuint (cd_trust_store_get_n_certificates (trust), >, 0);
  g_assert_true (cd_context_get_trust_store (context, NULL) == trust);

  /* Back to the workstation's own (test-xmldsig checks what it holds): read again. */
  cd_context_set_trust_dir (context, NULL);
  trust = cd_context_get_trust_store (context, &error);
  g_assert_no_error (error);
  g_assert_true (trust != a);
}

static void
test_clock_is_replaceable (void)
{
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GDateTime) moment = g_date_time_new_utc (2026, 3, 9, 8, 30, 0);
  g_autoptr(CdClock) fixed = cd_clock_new_fixed (moment);
  g_autoptr(GDateTime) now = NULL;
  guint notifies = 0;

  g_assert_true (cd_context_get_clock (context) == cd_clock_get_default ());
  g_signal_connect (context, "notify::clock", G_CALLBACK (count_notify), &notifies);
  cd_context_set_clock (context, fixed);
  g_assert_cmpuint (notifies, ==, 1);
  now = cd_clock_get_now (cd_context_get_clock (context));
  g_assert_true (g_date_time_equal (now, moment));
  g_assert_cmpint (cd_clock_get_today (cd_context_get_clock (context)), ==,
                   cd_date_from_ymd (2026, 3, 9));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();
  g_test_add_func ("/context/store/path-then-writer", test_store_path_then_writer);
  g_test_add_func ("/context/store/damage-is-reported", test_store_damage_is_reported);
  g_test_add_func ("/context/store/opened-at-a-path", test_store_opened_at_a_path);
  g_test_add_func ("/context/store/office-default-place", test_office_store_default_place);
  g_test_add_func ("/context/clients/follow-session", test_clients_follow_session);
  g_test_add_func ("/context/clients/follow-credential-and-endpoints",
                   test_clients_follow_credential_and_endpoints);
  g_test_add_func ("/context/sync/worker-follows", test_sync_worker_follows);
  g_test_add_func ("/context/rule-pack/loaded-once", test_rule_pack_loaded_once);
  g_test_add_func ("/context/trust-store/loaded-once", test_trust_store_loaded_once);
  g_test_add_func ("/context/clock/replaceable", test_clock_is_replaceable);
  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
