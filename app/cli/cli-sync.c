/* cli-sync.c — `queue` (the outbox as it stands) and `sync` (deliver it to the central system). */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cd-context.h"
#include "cd-database.h"
#include "cd-office-credential.h"
#include "cd-json-util.h"
#include "cd-sync-log.h"
#include "cd-sync-worker.h"
#include "cli-common.h"

/* ---- queue ---------------------------------------------------------------------------------- */

int
cli_queue (int    argc,
           char **argv)
{
  g_autofree char *db_path = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the items as a JSON array"), NULL },
    { NULL }
  };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) items = NULL;

  if (!cli_parse (&argc, &argv, "queue", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("queue", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  context = cli_context_open ("queue", db_path, CLI_STORE_READ, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  /* Through the sync log, the outbox's reader: the CLI knows no SQL of the outbox. */
  items = cd_sync_log_read_queue (db, &error);
  if (items == NULL)
    {
      cli_fail ("queue", "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  if (json)
    json_builder_begin_array (builder);
  else
    printf ("%-8s %-16s %-36s %-12s %8s  %s\n", _("ITEM"), _("CLAIM"), _("DECISION"), _("STATE"),
            _("ATTEMPTS"), _("RECEIPT OR LAST ERROR"));

  for (guint i = 0; i < items->len; i++)
    {
      const CdSyncLogItem *item = g_ptr_array_index (items, i);

      if (json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, item->outbox_id);
          cd_json_add_string_member (builder, "claim", item->claim_number);
          cd_json_add_string_member (builder, "decision", item->decision);
          cd_json_add_string_member (builder, "state", item->state);
          json_builder_set_member_name (builder, "attempts");
          json_builder_add_int_value (builder, item->attempts);
          cd_json_add_string_member (builder, "last_error", item->last_error);
          cd_json_add_string_member (builder, "next_attempt_at", item->next_attempt_at);
          cd_json_add_string_member (builder, "receipt", item->receipt);
          cd_json_add_string_member (builder, "updated_at", item->updated_at);
          json_builder_end_object (builder);
        }
      else
        printf ("%-8" G_GINT64_FORMAT " %-16s %-36s %-12s %8u  %s\n",
                item->outbox_id, item->claim_number, item->decision, item->state, item->attempts,
                item->receipt != NULL ? item->receipt
                                      : item->last_error != NULL ? item->last_error : "");
    }

  if (json)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      printf ("%s\n", text);
    }
  return CLI_EXIT_OK;
}

/* ---- sync ----------------------------------------------------------------------------------- */

typedef struct
{
  GMainLoop    *loop;
  CdSyncWorker *worker;
} Looping;

static void
print_report (const CdSyncReport *report)
{
  printf (_("sent %u: acknowledged %u, refused %u, quarantined %u, deferred %u; "
            "%u still queued%s\n"),
          report->sent, report->acknowledged, report->refused, report->quarantined,
          report->deferred, report->remaining,
          report->unreachable ? _(" (the central system could not be reached)") : "");
  fflush (stdout);
}

static void
print_progress (CdSyncWorker *worker,
                gpointer      user_data)
{
  CdSyncCounts counts;
  g_autofree char *last_error = cd_sync_worker_dup_last_error (worker);

  cd_sync_worker_get_counts (worker, &counts);
  printf (_("queued %u, sending %u, acknowledged %u, refused %u, quarantined %u%s%s\n"),
          counts.queued, counts.sending, counts.acknowledged, counts.refused, counts.quarantined,
          last_error != NULL ? _("; last error: ") : "", last_error != NULL ? last_error : "");
  fflush (stdout);
}

static gboolean
stop_on_signal (gpointer user_data)
{
  Looping *looping = user_data;

  /* Stop the loop; a run under way is cancelled and puts its items back to queued. */
  cd_sync_worker_stop (looping->worker);
  g_main_loop_quit (looping->loop);
  return G_SOURCE_CONTINUE;
}

int
cli_sync (int    argc,
          char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *central_url = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *credential_file = NULL;
  g_autofree char *ca_file = NULL;
  gboolean once = FALSE;
  int batch = 100;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
    { "central", 0, 0, G_OPTION_ARG_STRING, &central_url, N_("The central system's base URL"),
      N_("URL") },
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("Deliver what can be delivered now, then exit"),
      NULL },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &officer,
      N_("The officer the central token is asked for (an account of the store)"), N_("ID") },
    { "office-credential-file", 0, 0, G_OPTION_ARG_FILENAME, &credential_file,
      N_("The office credentials (ID:SECRET) from this file, or - for standard input"),
      N_("FILE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("CA certificates for central’s HTTPS certificate (default: the system’s)"), N_("FILE") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch,
      N_("Decisions per request (default 100, at most 500)"), "N" },
    { NULL }
  };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSyncWorker) worker = NULL;
  g_autoptr(CdOfficeCredential) credential = NULL;

  if (!cli_parse (&argc, &argv, "sync", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL || central_url == NULL)
    {
      cli_fail ("sync", _("--db PATH and --central URL are required"));
      return CLI_EXIT_USAGE;
    }
  if (batch <= 0 || batch > 500)
    {
      cli_fail ("sync", _("--batch must be between 1 and 500"));
      return CLI_EXIT_USAGE;
    }

  /* Opened (and migrated) here once, so the worker's own connection finds the schema current. */
  context = cli_context_open ("sync", db_path, CLI_STORE_WRITE_UNCHECKED, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  /* Central files decisions for a named officer of the enrolled office, never an invented one. */
  if (!cli_check_officer ("sync", db, officer))
    return CLI_EXIT_USAGE;
  if (!cli_office_credential ("sync", db, credential_file, &credential))
    return CLI_EXIT_FAILED;
  if (ca_file != NULL)
    cd_http_client_set_ca_file (cd_context_get_http_client (context), ca_file);
  cd_context_set_office_credential (context, credential);
  cd_context_set_operator (context, officer);
  cd_context_set_addresses (context, central_url, NULL);
  worker = g_object_ref (cd_context_get_sync_worker (context));
  cd_sync_worker_set_batch_size (worker, (guint) batch);

  if (once)
    {
      CdSyncReport report;

      if (!cd_sync_worker_run_once (worker, CD_SYNC_ALL_PENDING, &report, NULL, &error))
        {
          cli_fail ("sync", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      print_report (&report);
      if (report.remaining > 0)
        {
          g_autofree char *last_error = cd_sync_worker_dup_last_error (worker);
          cli_fail ("sync", _("%u decisions are still queued: %s"), report.remaining,
                    last_error != NULL ? last_error : _("the central system could not be reached"));
          return CLI_EXIT_FAILED;
        }
      return CLI_EXIT_OK;
    }

  {
    g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    Looping looping = { loop, worker };
    guint sigint = g_unix_signal_add (SIGINT, stop_on_signal, &looping);
    guint sigterm = g_unix_signal_add (SIGTERM, stop_on_signal, &looping);
    GMainContext *main_context = g_main_context_default ();

    g_signal_connect (worker, "progress", G_CALLBACK (print_progress), NULL);
    cd_context_set_background_sync (context, TRUE);
    g_main_loop_run (loop);

    /* Let a cancelled run finish putting its items back before the store is closed. */
    while (cd_sync_worker_is_running (worker))
      g_main_context_iteration (main_context, TRUE);
    g_source_remove (sigint);
    g_source_remove (sigterm);
  }
  return CLI_EXIT_OK;
}
