/* test-gui-sync-indicator.c — the header bar's sync state and log, against the real gateway. */
#include "config.h"


#include "cd-clock.h"
#include "cd-database.h"
#include "cd-gateway-process.h"
#include "cd-rule-pack.h"
#include "cd-seed.h"
#include "cd-statement.h"
#include "cd-sync-indicator.h"
#include "cd-sync-problems-page.h"
#include "gui-test-util.h"
#include "test-util.h"

static gint64
count (const char *db_path,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  /* A reader: the worker writes meanwhile, and WAL lets a reader go on while it does. */
  g_autoptr(CdDatabase) db = cd_database_open_reader (db_path, &error);
  g_autoptr(CdStatement) stmt = NULL;

  g_assert_no_error (error);
  stmt = cd_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

static const char *db_under_test;

static void
wait_until (gboolean (*done) (gpointer),
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!done (data) && db_under_test != NULL)
    g_test_message ("label %s; still queued or sending: %" G_GINT64_FORMAT,
                    CD_IS_SYNC_INDICATOR (data) ? cd_sync_indicator_get_label (data) : "?",
                    count (db_under_test, "SELECT count(*) FROM outbox"
                                          " WHERE state IN ('queued', 'sending')"));
  g_assert_true (done (data));
}

static gboolean
label_is_final (gpointer data)
{
  const char *label = cd_sync_indicator_get_label (data);

  if (count (db_under_test, "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')")
      > 0)
    return FALSE;
  return g_str_has_suffix (label, "problems") || g_str_has_suffix (label, "problem")
         || g_str_equal (label, "Online");
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_not_connected_without_central (void)
{
  GtkWidget *indicator = cd_sync_indicator_new ();
  g_autoptr(CdContext) context = cd_context_new ();

  g_object_ref_sink (indicator);
  cd_context_set_db_path (context, "/nonexistent.db");
  cd_sync_indicator_set_context (CD_SYNC_INDICATOR (indicator), context);
  g_assert_cmpstr (cd_sync_indicator_get_label (CD_SYNC_INDICATOR (indicator)), ==,
                   "Not connected");
  g_object_unref (indicator);
}

static void
test_syncs_and_shows_refusals (void)
{
  const char *args[] = { "--fault-seed", "3", "--refuse-rate", "0.2", NULL };
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdGatewayProcess) gateway = cd_gateway_process_new (args);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *indicator = cd_sync_indicator_new ();
  g_autoptr(CdContext) context = NULL;
  gint64 queued, refused;
  gboolean loaded = FALSE;

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, 4, 200, 600, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&db);
  queued = count (path, "SELECT count(*) FROM outbox WHERE state = 'queued'");
  g_assert_cmpint (queued, >, 0);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);

  db_under_test = path;
  gtk_window_set_child (GTK_WINDOW (window), indicator);
  gtk_window_present (GTK_WINDOW (window));
  context = gui_test_syncing_context (path, cd_gateway_process_get_base_url (gateway),
                                      gui_test_gateway_credential (gateway),
                                      "cb01",
                                      CD_ROLE_OFFICER);
  cd_sync_indicator_set_context (CD_SYNC_INDICATOR (indicator), context);
  /* Loop mode runs at once: every queued decision is answered, and central refused some. */
  wait_until (label_is_final, indicator);
  g_assert_cmpint (count (path, "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')"),
                   ==, 0);
  refused = count (path, "SELECT count(*) FROM outbox WHERE state = 'refused'");
  g_assert_cmpint (refused, >, 0);
  {
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT " problem%s", refused
                                                 + count (path, "SELECT count(*) FROM outbox"
                                                                " WHERE state = 'quarantined'"),
                                                 refused > 1 ? "s" : "");
    g_assert_cmpstr (cd_sync_indicator_get_label (CD_SYNC_INDICATOR (indicator)), ==, expected);
  }

  /* The log lists the refusals first, each with its reason. */
  g_signal_connect_swapped (indicator, "log-loaded", G_CALLBACK (set_flag), &loaded);
  cd_sync_indicator_reload_log (CD_SYNC_INDICATOR (indicator));
  wait_until (flag_set, &loaded);
  g_assert_cmpuint (cd_sync_indicator_get_n_log_rows (CD_SYNC_INDICATOR (indicator)), >=,
                    MIN (refused, 50));

  /* The Sync Problems queue lists the same problems, one row each. */
  {
    GtkWidget *page = cd_sync_problems_page_new (context);
    gboolean page_loaded = FALSE;
    gint64 problems = count (path, "SELECT count(*) FROM outbox"
                                   " WHERE state IN ('refused', 'quarantined')"
                                   " OR (state = 'acknowledged' AND last_error IS NOT NULL)");

    gtk_window_set_child (GTK_WINDOW (window), page);
    g_signal_connect_swapped (page, "loaded", G_CALLBACK (set_flag), &page_loaded);
    cd_sync_problems_page_reload (CD_SYNC_PROBLEMS_PAGE (page));
    wait_until (flag_set, &page_loaded);
    g_assert_cmpint (problems, >, 0);
    g_assert_cmpuint (cd_sync_problems_page_get_n_rows (CD_SYNC_PROBLEMS_PAGE (page)), ==,
                      MIN (problems, 500));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

/* A central system on loopback that refuses at once until told to hang, then holds every
 * connection open and never answers. */
typedef struct
{
  GSocketService *service;
  char           *url;
  gboolean        hang;
  guint           refused;
  GPtrArray      *held;
} HangingCentral;

static gboolean
on_central_incoming (GSocketService    *service,
                     GSocketConnection *connection,
                     GObject           *source,
                     HangingCentral    *central)
{
  static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                             "Connection: close\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  if (central->hang)
    {
      g_ptr_array_add (central->held, g_object_ref (connection));
      return TRUE;
    }
  g_output_stream_write_all (out, busy, sizeof busy - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  central->refused++;
  return TRUE;
}

static void
hanging_central_start (HangingCentral *central)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  central->service = g_socket_service_new ();
  central->held = g_ptr_array_new_with_free_func (g_object_unref);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (central->service), any_port,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, &error));
  g_assert_no_error (error);
  g_signal_connect (central->service, "incoming", G_CALLBACK (on_central_incoming), central);
  g_socket_service_start (central->service);
  central->url = g_strdup_printf ("http://127.0.0.1:%u",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
hanging_central_stop (HangingCentral *central)
{
  g_socket_service_stop (central->service);
  g_socket_listener_close (G_SOCKET_LISTENER (central->service));
  g_clear_object (&central->service);
  g_clear_pointer (&central->held, g_ptr_array_unref);
  g_clear_pointer (&central->url, g_free);
}

static gboolean
idle_after_refusal (gpointer data)
{
  GtkWidget *indicator = data;
  HangingCentral *central = g_object_get_data (G_OBJECT (indicator), "test-central");

  /* The worker's run is over (not "Checking…" nor "Syncing…"), the decisions wait. */
  return central->refused > 0 && gui_test_action_enabled (indicator, "sync.sync-now")
         && !g_str_has_suffix (cd_sync_indicator_get_label (CD_SYNC_INDICATOR (indicator)), "…");
}

static gboolean
request_held (gpointer data)
{
  return ((HangingCentral *) data)->held->len > 0;
}

/* "Sync now" while the central system hangs, then the window closes: the indicator goes with its
 * window, it does not wait for the request to time out. */
static void
test_closed_while_central_hangs (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  HangingCentral central = { 0 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *indicator = cd_sync_indicator_new ();
  GPtrArray *watches = g_ptr_array_new ();
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdOfficeCredential) credential = NULL;

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, 4, 200, 600, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&db);
  g_assert_cmpint (count (path, "SELECT count(*) FROM outbox WHERE state = 'queued'"), >, 0);
  hanging_central_start (&central);

  gtk_window_set_child (GTK_WINDOW (window), indicator);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set_data (G_OBJECT (indicator), "test-central", &central);
  db_under_test = path;
  /* Credentials it never gets to check: the line hangs before any answer. */
  credential = cd_office_credential_new ("cred-hanging", "secret");
  context = gui_test_syncing_context (path, central.url, credential, "cb01", CD_ROLE_OFFICER);
  cd_sync_indicator_set_context (CD_SYNC_INDICATOR (indicator), context);
  /* The worker's own run is refused and it waits to try again; then the officer asks. */
  wait_until (idle_after_refusal, indicator);
  central.hang = TRUE;
  g_assert_true (gui_test_activate_if_enabled (indicator, "sync.sync-now", NULL));
  wait_until (request_held, &central);

  gui_test_watch_finalize (watches, indicator, "the sync indicator");
  gui_test_watch_finalize (watches, window, "its window");
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_assert_finalized (watches);
  hanging_central_stop (&central);
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* The popover says since when central has not answered, what waits and each system's last
 * contact, read from the store against the context's clock. */
static void
test_connection_state (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdContext) context = cd_context_new ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-04T07:50:00Z", NULL);
  g_autoptr(CdClock) clock = cd_clock_new_fixed (now);
  GtkWidget *indicator = cd_sync_indicator_new ();
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  gboolean loaded = FALSE;
  gint64 waiting, undecided;

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, 4, 60, 120, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Central answered at 07:00, then failed at 07:05 and 07:10; medical delivered 3 days ago. */
  g_assert_true (cd_database_exec (db,
                                   "UPDATE outbox SET state = 'queued', attempts = 0,"
                                   " last_error = NULL, updated_at = '2026-12-04T06:00:00Z';"
                                   "UPDATE outbox SET state = 'acknowledged', attempts = 1,"
                                   " updated_at = '2026-12-04T07:00:00Z'"
                                   " WHERE id = (SELECT min (id) FROM outbox);"
                                   "UPDATE outbox SET attempts = 1, last_error = 'refused',"
                                   " updated_at = '2026-12-04T07:05:00Z'"
                                   " WHERE id = (SELECT min (id) + 1 FROM outbox);"
                                   "UPDATE outbox SET attempts = 1, last_error = 'refused',"
                                   " updated_at = '2026-12-04T07:10:00Z'"
                                   " WHERE id = (SELECT min (id) + 2 FROM outbox);"
                                   "INSERT INTO documents (kind, source_system, fetched_at, raw,"
                                   " sha256, signature_status) VALUES ('visit_summary', 'medical',"
                                   " '2026-12-01T07:50:00Z', x'00', '" "00000000000000000000000000"
                                   "00000000000000000000000000000000000000', 'valid');",
                                   &error));
  g_assert_no_error (error);
  g_clear_object (&db);
  waiting = count (path, "SELECT count(*) FROM outbox WHERE state = 'queued'");
  /* Nothing of the seeded store was ever fetched: every undecided claim waits for its evidence. */
  undecided = count (path, "SELECT count(*) FROM claims WHERE status IN (0, 1, 2, 3)");
  g_assert_cmpint (undecided, >, 0);

  g_object_ref_sink (indicator);
  cd_context_set_db_path (context, path);
  cd_context_set_clock (context, clock);
  cd_sync_indicator_set_context (CD_SYNC_INDICATOR (indicator), context);
  g_signal_connect_swapped (indicator, "connection-loaded", G_CALLBACK (set_flag), &loaded);
  cd_sync_indicator_reload_log (CD_SYNC_INDICATOR (indicator));
  wait_until (flag_set, &loaded);

  text = cd_sync_indicator_dup_connection_text (CD_SYNC_INDICATOR (indicator));
  expected = g_strdup_printf ("Offline since 07:05 04/12/2026\n"
                              "Waiting: %" G_GINT64_FORMAT " decisions\n"
                              "When the link returns: evidence of %" G_GINT64_FORMAT
                              " claims to fetch again\n"
                              "Central system: last contact 50 minutes ago\n"
                              "Medical portal: last contact 3 days ago\n"
                              "Civil status: no contact yet\n"
                              "Population register: no contact yet\n", waiting, undecided);
  g_assert_cmpstr (text, ==, expected);

  g_object_unref (indicator);
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* Closes the result dialog a bundle action presents over the window. */
static void
close_message_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window))
        gtk_window_destroy (GTK_WINDOW (window));
    }
  gui_test_iterate ();
}

/* Central's operator files the bundle: POST /central/bundles, the receipts written beside it. */
static void
file_at_central (CdGatewayProcess *gateway,
                 const char       *bundle,
                 const char       *receipts)
{
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (gateway),
                                      "/central/bundles", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (bundle, &contents, &length, &error));
  {
    g_autoptr(GBytes) body = g_bytes_new_take (contents, length);
    cd_http_request_set_body (request, "application/json", body);
  }
  response = cd_http_client_send (http, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_true (g_file_set_contents (receipts, g_bytes_get_data (response->body, NULL),
                                      (gssize) g_bytes_get_size (response->body), &error));
}

/* Central publishes a signed rule pack made from the pack folder `dir` (POST
 * /_control/rule-packs); `signature` "central" signs it with central's key, "tampered" spoils it. */
static void
publish_pack (CdGatewayProcess *gateway,
              const char       *id,
              const char       *dir,
              const char       *signature)
{
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (gateway),
                                      "/_control/rule-packs", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autofree char *json = g_strdup_printf ("{\"id\": \"%s\", \"effective\": \"2026-07-01\","
                                           " \"dir\": \"%s\", \"signature\": \"%s\"}", id, dir,
                                           signature);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  cd_http_request_set_body (request, "application/json", body);
  response = cd_http_client_send (http, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
}

/* An office with no central address at all: the popover still writes the outbox to a file and
 * reads central's receipts back, with the office credentials the workstation holds. */
static void
test_bundle_round_trip (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "claims.db", NULL);
  g_autofree char *bundle = g_build_filename (dir, "outbox.json", NULL);
  g_autofree char *receipts = g_build_filename (dir, "receipts.json", NULL);
  g_autoptr(GFile) bundle_file = g_file_new_for_path (bundle);
  g_autoptr(GFile) receipts_file = g_file_new_for_path (receipts);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (path, &error);
  g_autoptr(CdGatewayProcess) gateway = cd_gateway_process_new (NULL);
  g_autoptr(CdContext) context = cd_context_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *indicator = cd_sync_indicator_new ();
  g_autofree char *packs_dir = g_build_filename (dir, "packs", NULL);
  g_autofree char *shipped = cd_rule_pack_default_dir ();
  g_autofree char *trust = g_build_filename (g_getenv ("CLAIMDESK_DATADIR"), "pki", "trust",
                                             NULL);
  gboolean done = FALSE;
  gint64 queued;

  g_assert_no_error (error);
  g_assert_true (cd_seed_run (db, 4, 200, 600, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&db);
  queued = count (path, "SELECT count(*) FROM outbox WHERE state = 'queued'");
  g_assert_cmpint (queued, >, 0);
  g_assert_true (cd_gateway_process_start_sync (gateway, NULL, &error));
  g_assert_no_error (error);

  gtk_window_set_child (GTK_WINDOW (window), indicator);
  gtk_window_present (GTK_WINDOW (window));
  cd_context_set_db_path (context, path);
  cd_sync_indicator_set_context (CD_SYNC_INDICATOR (indicator), context);
  /* No credentials, nothing to sign with. */
  g_assert_false (gui_test_action_enabled (indicator, "sync.export-bundle"));
  cd_context_set_office_credential (context, gui_test_gateway_credential (gateway));
  cd_sync_indicator_set_context (CD_SYNC_INDICATOR (indicator), NULL);
  cd_sync_indicator_set_context (CD_SYNC_INDICATOR (indicator), context);
  g_assert_true (gui_test_action_enabled (indicator, "sync.export-bundle"));
  g_assert_true (gui_test_action_enabled (indicator, "sync.import-receipts"));
  g_signal_connect_swapped (indicator, "bundle-done", G_CALLBACK (set_flag), &done);

  cd_sync_indicator_export_bundle (CD_SYNC_INDICATOR (indicator), bundle_file);
  g_assert_false (gui_test_action_enabled (indicator, "sync.export-bundle"));
  wait_until (flag_set, &done);
  close_message_dialogs ();
  g_assert_nonnull (strstr (cd_sync_indicator_get_bundle_text (CD_SYNC_INDICATOR (indicator)),
                            "Bundle 1 holds"));
  g_assert_cmpint (count (path, "SELECT count(*) FROM outbox WHERE state = 'sending'"), ==,
                   queued);

  /* What waits is shown as waiting for central's receipts. */
  {
    gboolean loaded = FALSE;
    g_autofree char *text = NULL;

    g_signal_connect_swapped (indicator, "connection-loaded", G_CALLBACK (set_flag), &loaded);
    cd_sync_indicator_reload_log (CD_SYNC_INDICATOR (indicator));
    wait_until (flag_set, &loaded);
    text = cd_sync_indicator_dup_connection_text (CD_SYNC_INDICATOR (indicator));
    g_assert_nonnull (strstr (text, "waiting for central’s receipts"));
  }

  /* Central has a rule pack for the office: it comes back with the receipts and is installed
   * into the workstation's packs, checked against its anchors. */
  publish_pack (gateway, "vn-si-2024+2026.07", shipped, "central");
  cd_context_set_trust_dir (context, trust);
  cd_context_set_rule_packs_dir (context, packs_dir);
  file_at_central (gateway, bundle, receipts);
  done = FALSE;
  cd_sync_indicator_import_receipts (CD_SYNC_INDICATOR (indicator), receipts_file);
  wait_until (flag_set, &done);
  close_message_dialogs ();
  {
    g_autofree char *expected = g_strdup_printf ("Receipts for bundle 1: %" G_GINT64_FORMAT
                                                 " accepted", queued);
    g_autofree char *manifest = g_build_filename (packs_dir, "vn-si-2024+2026.07",
                                                  "manifest.json", NULL);

    g_assert_nonnull (strstr (cd_sync_indicator_get_bundle_text (CD_SYNC_INDICATOR (indicator)),
                              expected));
    g_assert_true (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));
  }
  g_assert_cmpint (count (path, "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')"),
                   ==, 0);

  /* The outbox file is not receipts: refused, naming the file, nothing changed. */
  done = FALSE;
  cd_sync_indicator_import_receipts (CD_SYNC_INDICATOR (indicator), bundle_file);
  wait_until (flag_set, &done);
  close_message_dialogs ();
  g_assert_nonnull (strstr (cd_sync_indicator_get_bundle_text (CD_SYNC_INDICATOR (indicator)),
                            "outbox.json is an outbox bundle"));

  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate ();
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);
  g_test_add_func ("/gui/sync-indicator/not-connected", test_not_connected_without_central);
  g_test_add_func ("/gui/sync-indicator/bundle-round-trip", test_bundle_round_trip);
  g_test_add_func ("/gui/sync-indicator/connection-state", test_connection_state);
  g_test_add_func ("/gui/sync-indicator/syncs-and-shows-refusals", test_syncs_and_shows_refusals);
  g_test_add_func ("/gui/sync-indicator/closed-while-central-hangs",
                   test_closed_while_central_hangs);
  return g_test_run ();
}
