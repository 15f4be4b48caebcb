/* bench-lists.c — an employer's list of 2,000 rows fetched, worked and ready to triage, with every
 * source 200 ms away, while the main loop stays free.
 *
 * Issue 17's scale target: under 5 minutes, the UI responsive throughout. The gateway plays a world
 * with one large employer (--world-large-employer-share) and answers everything after
 * --latency-ms; the office is a fresh store set up as a real one is (created, enrolled with a
 * one-time code, an administrator and an officer with their sessions). The list is made through
 * /_control/central/lists at the gateway's default rates of wrong rows, fetched with
 * cd_employer_lists_fetch, then worked by cd_list_batch_run_async from a main loop on which a
 * 10 ms timer measures how late each of its ticks is: what a window would feel.
 *
 * Run: build/tests/bench-lists [--rows N] [--latency-ms MS] [--parallel N] with CLAIMDESK_GATEWAY
 * and CLAIMDESK_DATADIR set (`meson devenv -C build tests/bench-lists`). Not a test: it prints the
 * figures (docs/workstation.md has them) and exits 1 only when something could not run.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/resource.h>

#include "cd-data-dir.h"
#include "cd-employer-lists.h"
#include "cd-gateway-process.h"
#include "cd-list-batch.h"
#include "cd-office-setup.h"
#include "cd-rule-pack.h"
#include "cd-trust-store.h"
#include "cd-users.h"

#define WORLD_SEED     "7"
#define LARGE_SHARE    "0.9"
/* Leave since the 2024 law took effect: what a list filed now holds, and what the rule pack's
 * parameters cover. */
#define SINCE          "2025-07-01"
#define PASSWORD       "mật khẩu của bàn đo"
#define TICK_MS        10

/* The 10 ms timer's record: how late each tick came (µs). */
typedef struct
{
  gint64  last;
  GArray *lateness;
} Ticker;

typedef struct
{
  GMainLoop           *loop;
  gint64               start;
  gint64               last_print;
  gboolean             finished;
  gboolean             ok;
  CdListBatchProgress  progress;
  GError              *error;
} Run;

static gboolean
on_tick (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  /* GLib schedules the next tick TICK_MS after this one is dispatched: what is over that is
   * time the loop was busy elsewhere. */
  if (ticker->last != 0)
    {
      gint64 late = MAX (0, now - ticker->last - TICK_MS * 1000);

      g_array_append_val (ticker->lateness, late);
    }
  ticker->last = now;
  return G_SOURCE_CONTINUE;
}

static void
on_progress (const CdListBatchProgress *progress,
             gpointer                   user_data)
{
  Run *run = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - run->last_print < G_USEC_PER_SEC * 5 && progress->done + progress->failed
                                                    < progress->total)
    return;
  run->last_print = now;
  g_print ("  %6.1f s: %u of %u, %u failed (%u ready, %u with findings)\n",
           (now - run->start) / 1e6, progress->done, progress->total, progress->failed,
           progress->ready, progress->findings);
}

static void
on_batch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;

  run->ok = cd_list_batch_run_finish (result, &run->progress, &run->error);
  run->finished = TRUE;
  g_main_loop_quit (run->loop);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Creates the office's store as a workstation's first run does, enrolled with the gateway's
 * one-time code; the officer's session. */
static CdSession *
set_up_office (CdGatewayProcess    *gateway,
               CdHttpClient        *http,
               const char          *db_path,
               CdOfficeCredential **out_credential,
               GError             **error)
{
  g_autoptr(CdDatabase) db = cd_database_open (db_path, error);
  g_autoptr(CdEnrolment) enrolment = NULL;
  g_autoptr(CdSession) admin = NULL;

  if (db == NULL)
    return NULL;
  enrolment = cd_gateway_process_enrol (gateway, http, error);
  if (enrolment == NULL || !cd_office_setup_record_enrolment (db, NULL, enrolment, error)
      || cd_users_bootstrap_admin (db, "admin", "Quản trị viên", PASSWORD, error) <= 0)
    return NULL;
  admin = cd_users_sign_in (db, "admin", PASSWORD, error);
  if (admin == NULL
      || cd_users_add (db, admin, "cb01", "Nguyễn Văn An", CD_ROLE_OFFICER, PASSWORD,
                       CD_PASSWORD_KEEP, error) <= 0)
    return NULL;
  *out_credential = g_steal_pointer (&enrolment->credential);
  return cd_users_sign_in (db, "cb01", PASSWORD, error);
}

/* Has the gateway make a list of `rows` rows of recent leave for the large employer, at its default
 * rates of wrong rows; the list's central id. */
static char *
make_list (CdGatewayProcess  *gateway,
           CdHttpClient      *http,
           guint              rows,
           GError           **error)
{
  g_autofree char *url = g_strconcat (cd_gateway_process_get_base_url (gateway),
                                      "/_control/central/lists", NULL);
  g_autofree char *body = g_strdup_printf ("{\"dossier\": \"630a\", \"rows\": %u,"
                                           " \"since\": \"" SINCE "\", \"rates\":"
                                           " {\"period\": 0.03, \"other-si\": 0.02,"
                                           " \"child-age\": 0.02, \"duplicate\": 0.02,"
                                           " \"decided\": 0.02}}", rows);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *answer;
  const char *data;
  gsize length;

  cd_http_request_set_body (request, "application/json", bytes);
  response = cd_http_client_send (http, request, NULL, error);
  if (response == NULL)
    return NULL;
  data = g_bytes_get_data (response->body, &length);
  if (response->status != 200 || !json_parser_load_from_data (parser, data, (gssize) length, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: HTTP %u: %.*s", url,
                   response->status, (int) MIN (length, 300), data);
      return NULL;
    }
  answer = json_node_get_object (json_parser_get_root (parser));
  if ((guint) json_object_get_int_member (answer, "rows") != rows)
    g_print ("  the gateway made %" G_GINT64_FORMAT " rows, not %u\n",
             json_object_get_int_member (answer, "rows"), rows);
  return g_strdup (json_object_get_string_member (answer, "id"));
}

int
main (int    argc,
      char **argv)
{
  gint rows = 2000, latency = 200, parallel = 0;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows of the list (default 2000)", "N" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency,
      "Delay of every answer of the gateway (default 200)", "MS" },
    { "parallel", 0, 0, G_OPTION_ARG_INT, &parallel,
      "Rows worked at once (default: the batch's own, "
      G_STRINGIFY (CD_LIST_BATCH_DEFAULT_PARALLEL) ")", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep,
      "Keep the office's store afterwards (its path is printed) to look at the rows", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a 2,000-row employer list, worked");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *people = NULL;
  g_autofree char *latency_text = NULL;
  g_autofree char *list_central_id = NULL;
  g_autofree char *pki = NULL;
  g_autofree char *trust_dir = NULL;
  g_autofree char *pack_dir = NULL;
  g_autoptr(CdGatewayProcess) gateway = NULL;
  g_autoptr(CdHttpClient) http = NULL;
  g_autoptr(CdOfficeCredential) credential = NULL;
  g_autoptr(CdSession) officer = NULL;
  g_autoptr(CdCentralClient) central = NULL;
  g_autoptr(CdEvidenceFetcher) fetcher = NULL;
  g_autoptr(CdTrustStore) trust = NULL;
  g_autoptr(CdRulePack) pack = NULL;
  g_autoptr(GPtrArray) fetched = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Ticker ticker = { 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  Run run = { 0 };
  gint64 list_id = 0, t0, fetch_us, work_us, p99 = 0, worst = 0;
  struct rusage usage;
  guint tick_source;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-lists: %s\n", error->message);
      return 2;
    }
  if (rows < 1 || rows > 2000 || latency < 0 || latency > 10000 || parallel < 0 || parallel > 64)
    {
      g_printerr ("bench-lists: expected --rows 1 to 2000, --latency-ms 0 to 10000 and "
                  "--parallel 0 to 64\n");
      return 2;
    }

  /* About 0.75 undecided sickness claims since SINCE per household of the large employer, where
   * 90 % of the world works: twice the rows asked for leaves a margin. */
  people = g_strdup_printf ("%d", rows * 2 + 100);
  latency_text = g_strdup_printf ("%d", latency);
  {
    const char *args[] = { "--world-seed", WORLD_SEED, "--people", people,
                           "--world-large-employer-share", LARGE_SHARE, "--lists", "0",
                           "--latency-ms", latency_text, NULL };

    gateway = cd_gateway_process_new (args);
  }
  dir = g_dir_make_tmp ("bench-lists-XXXXXX", &error);
  http = cd_http_client_new ();
  if (dir == NULL || !cd_gateway_process_start_sync (gateway, NULL, &error))
    {
      g_printerr ("bench-lists: %s\n", error->message);
      return 1;
    }
  db_path = g_build_filename (dir, "office.db", NULL);
  officer = set_up_office (gateway, http, db_path, &credential, &error);
  pki = cd_data_dir_demo_pki ();
  trust_dir = g_build_filename (pki, "trust", NULL);
  pack_dir = cd_rule_pack_default_dir ();
  if (officer == NULL
      || (trust = cd_trust_store_new_from_dir (trust_dir, &error)) == NULL
      || (pack = cd_rule_pack_load (pack_dir, &error)) == NULL)
    {
      g_printerr ("bench-lists: setting up the office: %s\n", error->message);
      return 1;
    }

  t0 = g_get_monotonic_time ();
  list_central_id = make_list (gateway, http, (guint) rows, &error);
  if (list_central_id == NULL)
    {
      g_printerr ("bench-lists: making the list: %s\n", error->message);
      return 1;
    }
  g_print ("bench-lists: %d rows, latency %d ms, parallel %d; list %s made by the gateway in "
           "%.2f s\n", rows, latency,
           parallel > 0 ? parallel : CD_LIST_BATCH_DEFAULT_PARALLEL, list_central_id,
           (g_get_monotonic_time () - t0) / 1e6);

  /* Fetched as the list page's refresh does: the index, each new list, stored raw then parsed. */
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(CdDatabase) db = cd_database_open (db_path, &error);

    fetched = db != NULL ? cd_employer_lists_fetch (db, http,
                                                    cd_gateway_process_get_base_url (gateway),
                                                    credential, trust, NULL, &error)
                         : NULL;
  }
  fetch_us = g_get_monotonic_time () - t0;
  for (guint i = 0; fetched != NULL && i < fetched->len; i++)
    {
      CdStoredList *list = g_ptr_array_index (fetched, i);

      if (g_strcmp0 (list->central_id, list_central_id) == 0)
        {
          list_id = list->id;
          g_print ("fetch: %.2f s: %u rows (%u with a problem the parser saw), signature %s\n",
                   fetch_us / 1e6, list->n_rows, list->n_problem_rows, list->signature);
        }
    }
  if (list_id == 0)
    {
      g_printerr ("bench-lists: fetching the list: %s\n",
                  error != NULL ? error->message : "central did not list it");
      return 1;
    }

  central = cd_central_client_new (http, cd_gateway_process_get_base_url (gateway), credential,
                                   "cb01");
  fetcher = cd_evidence_fetcher_new (http, cd_gateway_process_get_base_url (gateway), central,
                                     "cb01");
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  tick_source = g_timeout_add (TICK_MS, on_tick, &ticker);
  run.start = g_get_monotonic_time ();
  run.last_print = run.start;
  cd_list_batch_run_async (db_path, officer, list_id, fetcher, trust, pack, (guint) parallel, NULL,
                           on_progress, &run, NULL, on_batch_done, &run);
  g_main_loop_run (loop);
  work_us = g_get_monotonic_time () - run.start;
  g_source_remove (tick_source);
  if (!run.ok)
    {
      g_printerr ("bench-lists: the batch: %s\n", run.error->message);
      g_clear_error (&run.error);
      return 1;
    }

  g_array_sort (ticker.lateness, compare_gint64);
  if (ticker.lateness->len > 0)
    {
      worst = g_array_index (ticker.lateness, gint64, ticker.lateness->len - 1);
      p99 = g_array_index (ticker.lateness, gint64, (ticker.lateness->len - 1) * 99 / 100);
    }
  getrusage (RUSAGE_SELF, &usage);
  g_print ("work: %.1f s for %u rows = %.1f rows/s; %u failed, %u ready, %u with findings\n",
           work_us / 1e6, run.progress.total, run.progress.done / (work_us / 1e6),
           run.progress.failed, run.progress.ready, run.progress.findings);
  g_print ("total: fetch + work %.1f s (target: under 300 s for 2,000 rows at 200 ms)\n",
           (fetch_us + work_us) / 1e6);
  g_print ("main loop: %u ticks of %d ms, lateness max %.1f ms, p99 %.1f ms\n",
           ticker.lateness->len, TICK_MS, worst / 1e3, p99 / 1e3);
  g_print ("peak RSS (this process, getrusage): %ld KiB\n", usage.ru_maxrss);
  /* What the store says, not what the run counted: every row worked once, none left. */
  {
    g_autoptr(CdDatabase) db = cd_database_open_reader (db_path, &error);
    CdListBatchProgress stored = { 0 };

    if (db == NULL || !cd_list_batch_read_progress (db, list_id, &stored, &error))
      {
        g_printerr ("bench-lists: reading the rows back: %s\n", error->message);
        return 1;
      }
    g_print ("store: %u of %u rows worked (%u ready, %u with findings)\n", stored.done,
             stored.total, stored.ready, stored.findings);
  }

  g_array_unref (ticker.lateness);
  g_clear_object (&officer);
  if (keep)
    g_print ("the store: %s\n", db_path);
  else
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);

          g_unlink (path);
        }
      g_rmdir (dir);
    }
  return 0;
}
