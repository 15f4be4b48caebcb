/* cli-lists.c — `lists fetch|open|show`: employers' 01B-HSB lists, from central or a file, stored
 * raw then parsed (cd-employer-lists.h), and shown with their rows and problems; `lists decisions`
 * and `lists payments`: the office's answer to a worked list (cd-list-decision.h) as the decision
 * list (PDF or CSV) and the payout's transfers grouped by payee (cd-decision-list.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "cd-context.h"
#include "cd-database.h"
#include "cd-decision-list.h"
#include "cd-employer-lists.h"
#include "cd-list-batch.h"
#include "cd-list-decision.h"
#include "cd-list-deadline.h"
#include "cd-rule-pack.h"
#include "cli-common.h"

typedef struct
{
  char     *db_path;
  char     *central_url;
  char     *credential_file;
  char     *ca_file;
  char     *trust_dir;
  char     *today;
  gboolean  as_json;
  gint64    list_id;
  char     *output;
  char     *language;
  char     *date;
} ListsArgs;

static void
lists_args_clear (ListsArgs *a)
{
  g_free (a->db_path);
  g_free (a->central_url);
  g_free (a->credential_file);
  g_free (a->ca_file);
  g_free (a->trust_dir);
  g_free (a->today);
  g_free (a->output);
  g_free (a->language);
  g_free (a->date);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ListsArgs, lists_args_clear)

/* A list's statutory deadline, as `lists show` prints it: decided within N working days of its
 * receipt on the office's calendar (cd-list-deadline.h), and how many are left on `today`. */
typedef struct
{
  gboolean known;       /* FALSE: no receipt date, or the rules cannot tell */
  char     due[11];     /* YYYY-MM-DD */
  int      days_left;   /* negative when overdue */
  gboolean assumed;     /* counted on weekly rest only: a year without a confirmed calendar */
} ListDue;

static ListDue
list_due (CdRulePack         *pack,
          const CdStoredList *list,
          CdDay               today)
{
  ListDue due = { FALSE };
  g_autoptr(GDateTime) received = NULL;
  g_autoptr(GDateTime) local = NULL;
  CdListDeadline deadline;
  gboolean left_assumed = FALSE;

  if (pack == NULL || list->received_at == NULL
      || (received = g_date_time_new_from_iso8601 (list->received_at, NULL)) == NULL)
    return due;
  /* The office's date of receipt: its own calendar day, not UTC's. */
  local = g_date_time_to_local (received);
  if (!cd_list_deadline_compute (pack, cd_date_from_date_time (local), &deadline, NULL))
    return due;
  due.known = TRUE;
  cd_date_format (deadline.deadline, due.due);
  due.days_left = cd_list_deadline_days_left (pack, &deadline, today, &left_assumed);
  due.assumed = deadline.assumption != NULL || left_assumed;
  return due;
}

/* Where no deadline is worked out (fetch, open): `lists show` says it. */
static const ListDue unknown_due = { FALSE };

static void
print_due (const ListDue *due)
{
  if (!due->known)
    return;
  if (due->days_left >= 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "\tdue %s (%d working day left)",
                         "\tdue %s (%d working days left)", due->days_left),
            due->due, due->days_left);
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "\tOVERDUE since %s (%d working day)",
                         "\tOVERDUE since %s (%d working days)", -due->days_left),
            due->due, -due->days_left);
  if (due->assumed)
    printf ("%s", _(" (no confirmed holiday calendar: weekly rest days only)"));
}

/* "L0001  DN000028  630a  2026-11  38 rows (5 with problems)  signature valid" */
static void
print_list_line (const CdStoredList *list,
                 const ListDue      *due)
{
  printf ("%" G_GINT64_FORMAT "\t%s\t", list->id,
          list->central_id != NULL ? list->central_id : "-");
  if (g_strcmp0 (list->parse_state, "parsed") == 0)
    {
      printf ("%s\t%s\t%s\t", list->unit_code, list->dossier_code, list->period);
      printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows", list->n_rows), list->n_rows);
      printf (g_dngettext (GETTEXT_PACKAGE, " (%u with problems)", " (%u with problems)",
                           list->n_problem_rows), list->n_problem_rows);
      printf (_("\tsignature %s"), list->signature);
      print_due (due);
      printf ("\n");
    }
  else if (g_strcmp0 (list->parse_state, "refused") == 0)
    printf (_("NOT READ: %s\n"), list->parse_error);
  else
    printf (_("stored, not read yet\n"));
}

static void
add_list_json (JsonBuilder        *builder,
               const CdStoredList *list,
               const ListDue      *due)
{
#define STRING(member, value)                                   \
  G_STMT_START {                                                \
    json_builder_set_member_name (builder, member);             \
    if ((value) != NULL)                                        \
      json_builder_add_string_value (builder, value);           \
    else                                                        \
      json_builder_add_null_value (builder);                    \
  } G_STMT_END

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, list->id);
  STRING ("central_id", list->central_id);
  STRING ("source", list->source);
  STRING ("fetched_at", list->fetched_at);
  STRING ("received_at", list->received_at);
  STRING ("sha256", list->sha256);
  STRING ("parse_state", list->parse_state);
  STRING ("parse_error", list->parse_error);
  STRING ("unit_code", list->unit_code);
  STRING ("unit_name", list->unit_name);
  STRING ("dossier_code", list->dossier_code);
  STRING ("period", list->period);
  json_builder_set_member_name (builder, "batch");
  json_builder_add_int_value (builder, list->batch);
  STRING ("signature", list->signature);
  STRING ("signer", list->signer);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, list->n_rows);
  json_builder_set_member_name (builder, "problem_rows");
  json_builder_add_int_value (builder, list->n_problem_rows);
  STRING ("deadline", due->known ? due->due : NULL);
  json_builder_set_member_name (builder, "working_days_left");
  if (due->known)
    json_builder_add_int_value (builder, due->days_left);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "deadline_assumed");
  json_builder_add_boolean_value (builder, due->known && due->assumed);
#undef STRING
}

static int
lists_fetch (int    argc,
             char **argv)
{
  g_auto(ListsArgs) a = { 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &a.db_path, N_("The database file"), N_("PATH") },
    { "central", 0, 0, G_OPTION_ARG_STRING, &a.central_url, N_("The central system"), N_("URL") },
    { "office-credential-file", 0, 0, G_OPTION_ARG_FILENAME, &a.credential_file,
      N_("The office credentials (ID:SECRET) from this file, or - for standard input"),
      N_("FILE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &a.ca_file,
      N_("CA certificates for the servers’ HTTPS certificates (default: the system’s)"),
      N_("FILE") },
    { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &a.trust_dir,
      N_("CA certificates that signatures must chain to"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdOfficeCredential) credential = NULL;
  g_autoptr(GPtrArray) added = NULL;
  CdTrustStore *trust;

  if (!cli_parse (&argc, &argv, "lists fetch", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (a.db_path == NULL || a.central_url == NULL)
    {
      cli_fail ("lists fetch", _("--db PATH and --central URL are required"));
      return CLI_EXIT_USAGE;
    }
  context = cli_context_open ("lists fetch", a.db_path, CLI_STORE_WRITE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (!cli_office_credential ("lists fetch", db, a.credential_file, &credential))
    return CLI_EXIT_FAILED;
  if (credential == NULL)
    {
      cli_fail ("lists fetch", _("%s is not enrolled with central: give --office-credential-file"),
                a.db_path);
      return CLI_EXIT_FAILED;
    }
  if (a.ca_file != NULL)
    cd_http_client_set_ca_file (cd_context_get_http_client (context), a.ca_file);
  if (a.trust_dir != NULL)
    cd_context_set_trust_dir (context, a.trust_dir);
  trust = cd_context_get_trust_store (context, &error);
  if (trust == NULL)
    {
      cli_fail ("lists fetch", "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  added = cd_employer_lists_fetch (db, cd_context_get_http_client (context), a.central_url,
                                   credential, trust, NULL, &error);
  if (added == NULL)
    {
      cli_fail ("lists fetch", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  for (guint i = 0; i < added->len; i++)
    print_list_line (g_ptr_array_index (added, i), &unknown_due);
  if (added->len == 0)
    printf (_("No new lists.\n"));
  return CLI_EXIT_OK;
}

static int
lists_open (int    argc,
            char **argv)
{
  g_auto(ListsArgs) a = { 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &a.db_path, N_("The database file"), N_("PATH") },
    { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &a.trust_dir,
      N_("CA certificates that signatures must chain to"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdStoredList) list = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMappedFile) file = NULL;
  CdTrustStore *trust;
  gboolean added = FALSE;
  gint64 id = 0;

  if (!cli_parse (&argc, &argv, "lists open", "FILE", entries, 1, 1))
    return CLI_EXIT_USAGE;
  if (a.db_path == NULL)
    {
      cli_fail ("lists open", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  file = g_mapped_file_new (argv[1], FALSE, &error);
  if (file == NULL)
    {
      cli_fail_file ("lists open", argv[1], error->message);
      return CLI_EXIT_FAILED;
    }
  bytes = g_mapped_file_get_bytes (file);
  /* A list central sent is kept even when unreadable, as evidence of what came (lists fetch); a
   * file the officer picked that is no list at all (cut short, the wrong file) is refused before
   * anything is stored. The signature is not judged here: a list it fails is still kept,
   * refused. */
  {
    g_autoptr(CdEmployerList) readable = NULL;

    readable = cd_employer_list_parse (NULL, NULL, g_bytes_get_data (bytes, NULL),
                                       g_bytes_get_size (bytes), argv[1], &error);
    if (readable == NULL)
      {
        cli_fail_file ("lists open", argv[1], error->message);
        return CLI_EXIT_FAILED;
      }
  }
  context = cli_context_open ("lists open", a.db_path, CLI_STORE_WRITE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (a.trust_dir != NULL)
    cd_context_set_trust_dir (context, a.trust_dir);
  trust = cd_context_get_trust_store (context, &error);
  if (trust == NULL
      || !cd_employer_lists_store (db, bytes, argv[1], NULL, NULL, trust, &id, &added, &error)
      || (list = cd_employer_lists_get (db, id, &error)) == NULL)
    {
      cli_fail ("lists open", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (!added)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      printf (_("Already stored as list %s.\n"), number);
    }
  print_list_line (list, &unknown_due);
  return CLI_EXIT_OK;
}

static void
print_rows_text (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CdStoredListRow *row = g_ptr_array_index (rows, i);
      JsonArray *problems = JSON_NODE_HOLDS_ARRAY (row->problems)
                            ? json_node_get_array (row->problems) : NULL;

      printf ("  %d.%u\t%s\t%s\t%s\t%s\t%s..%s\t%s\n", row->part, row->position,
              row->section != NULL ? row->section : "-", row->si_code != NULL ? row->si_code : "?",
              row->name != NULL ? row->name : "?", row->benefit != NULL ? row->benefit : "-",
              row->period_from != NULL ? row->period_from : "?",
              row->period_to != NULL ? row->period_to : "?", row->state);
      for (guint p = 0; problems != NULL && p < json_array_get_length (problems); p++)
        printf ("      ! %s\n",
                json_object_get_string_member (json_array_get_object_element (problems, p),
                                               "message"));
    }
}

static void
add_rows_json (JsonBuilder *builder,
               GPtrArray   *rows)
{
  json_builder_set_member_name (builder, "row_list");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      CdStoredListRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "part");
      json_builder_add_int_value (builder, row->part);
      json_builder_set_member_name (builder, "position");
      json_builder_add_int_value (builder, row->position);
      json_builder_set_member_name (builder, "number");
      json_builder_add_int_value (builder, row->number);
      json_builder_set_member_name (builder, "section");
      row->section != NULL ? json_builder_add_string_value (builder, row->section)
                           : json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "benefit");
      row->benefit != NULL ? json_builder_add_string_value (builder, row->benefit)
                           : json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, row->state);
      json_builder_set_member_name (builder, "claim_id");
      row->claim_id != 0 ? json_builder_add_int_value (builder, row->claim_id)
                         : json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "fields");
      json_builder_add_value (builder, json_node_copy (row->fields));
      json_builder_set_member_name (builder, "cells");
      json_builder_add_value (builder, json_node_copy (row->cells));
      json_builder_set_member_name (builder, "problems");
      json_builder_add_value (builder, json_node_copy (row->problems));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static int
lists_show (int    argc,
            char **argv)
{
  g_auto(ListsArgs) a = { 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &a.db_path, N_("The database file"), N_("PATH") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &a.today,
      N_("Count the working days left from this day (default: today)"), N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &a.as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(CdRulePack) pack = NULL;
  g_autofree char *pack_dir = cd_rule_pack_default_dir ();
  CdDay today;
  gint64 id = 0;

  if (!cli_parse (&argc, &argv, "lists show", "[ID]", entries, 0, 1))
    return CLI_EXIT_USAGE;
  if (a.today != NULL)
    {
      if (!cd_date_parse (a.today, &today))
        {
          cli_fail ("lists show", _("--today %s: expected a date YYYY-MM-DD"), a.today);
          return CLI_EXIT_USAGE;
        }
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      today = cd_date_from_date_time (now);
    }
  /* Without the rules the lists still show, only without their deadlines. */
  pack = cd_rule_pack_load_with_installed (pack_dir, NULL, &error);
  if (pack == NULL)
    {
      g_printerr ("lists show: %s\n", error->message);
      g_clear_error (&error);
    }
  if (a.db_path == NULL)
    {
      cli_fail ("lists show", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      char *end = NULL;

      id = g_ascii_strtoll (argv[1], &end, 10);
      if (end == argv[1] || *end != '\0' || id <= 0)
        {
          cli_fail ("lists show", _("%s: expected the number of a stored list"), argv[1]);
          return CLI_EXIT_USAGE;
        }
    }
  context = cli_context_open ("lists show", a.db_path, CLI_STORE_READ, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;

  if (id == 0)
    {
      lists = cd_employer_lists_list (db, &error);
      if (lists == NULL)
        {
          cli_fail ("lists show", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      if (a.as_json)
        {
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *json = NULL;

          json_builder_begin_array (builder);
          for (guint i = 0; i < lists->len; i++)
            {
              const CdStoredList *one = g_ptr_array_index (lists, i);
              ListDue due = list_due (pack, one, today);

              add_list_json (builder, one, &due);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          root = json_builder_get_root (builder);
          json = json_to_string (root, TRUE);
          printf ("%s\n", json);
        }
      else
        for (guint i = 0; i < lists->len; i++)
          {
            const CdStoredList *one = g_ptr_array_index (lists, i);
            ListDue due = list_due (pack, one, today);

            print_list_line (one, &due);
          }
      return CLI_EXIT_OK;
    }

  {
    g_autoptr(CdStoredList) list = cd_employer_lists_get (db, id, &error);

    ListDue due;

    if (list == NULL || (rows = cd_employer_lists_get_rows (db, id, &error)) == NULL)
      {
        cli_fail ("lists show", "%s", error->message);
        return CLI_EXIT_FAILED;
      }
    due = list_due (pack, list, today);
    if (a.as_json)
      {
        g_autoptr(JsonNode) root = NULL;
        g_autofree char *json = NULL;

        add_list_json (builder, list, &due);
        add_rows_json (builder, rows);
        json_builder_end_object (builder);
        root = json_builder_get_root (builder);
        json = json_to_string (root, TRUE);
        printf ("%s\n", json);
      }
    else
      {
        print_list_line (list, &due);
        print_rows_text (rows);
      }
  }
  return CLI_EXIT_OK;
}

static void
print_progress (const CdListBatchProgress *progress,
                gpointer                   user_data)
{
  gboolean *quiet = user_data;

  if (*quiet)
    return;
  /* One line per row: the same figures a list page shows. */
  printf (_("%u of %u worked, %u failed\n"), progress->done, progress->total, progress->failed);
  fflush (stdout);
}

static int
lists_work (int    argc,
            char **argv)
{
  g_auto(ListsArgs) a = { 0 };
  g_autofree char *gateway_url = NULL, *officer = NULL, *pack_dir = cd_rule_pack_default_dir ();
  int parallel = 0;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &a.db_path, N_("The database file"), N_("PATH") },
    { "central", 0, 0, G_OPTION_ARG_STRING, &a.central_url,
      N_("The central system (and, unless --gateway is given, the other systems)"), N_("URL") },
    { "gateway", 0, 0, G_OPTION_ARG_STRING, &gateway_url,
      N_("The medical, civil-status and population systems"), N_("URL") },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &officer,
      N_("The officer the claims are opened for (password on standard input)"), N_("LOGIN") },
    { "office-credential-file", 0, 0, G_OPTION_ARG_FILENAME, &a.credential_file,
      N_("The office credentials (ID:SECRET) from this file, or - for standard input"),
      N_("FILE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &a.ca_file,
      N_("CA certificates for the servers’ HTTPS certificates (default: the system’s)"),
      N_("FILE") },
    { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &a.trust_dir,
      N_("CA certificates that signatures must chain to"), N_("DIR") },
    { "parallel", 0, 0, G_OPTION_ARG_INT, &parallel,
      N_("Rows worked at once (default 8)"), "N" },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, N_("Print only the final figures"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(CdRulePack) pack = NULL;
  CdListBatchProgress progress = { 0 };
  CdTrustStore *trust;
  char *end = NULL;
  gint64 id;

  if (!cli_parse (&argc, &argv, "lists work", "ID", entries, 1, 1))
    return CLI_EXIT_USAGE;
  id = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || id <= 0)
    {
      cli_fail ("lists work", _("%s: expected the number of a stored list"), argv[1]);
      return CLI_EXIT_USAGE;
    }
  if (a.db_path == NULL || a.central_url == NULL || officer == NULL)
    {
      cli_fail ("lists work", _("--db PATH, --central URL and --officer LOGIN are required"));
      return CLI_EXIT_USAGE;
    }
  if (parallel < 0 || parallel > 64)
    {
      cli_fail ("lists work", _("--parallel %d: expected 1 to 64"), parallel);
      return CLI_EXIT_USAGE;
    }
  pack = cd_rule_pack_load_with_installed (pack_dir, NULL, &error);
  if (pack == NULL)
    {
      cli_fail ("lists work", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  context = cli_context_open ("lists work", a.db_path, CLI_STORE_WRITE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (!cli_check_officer ("lists work", db, officer))
    return CLI_EXIT_USAGE;
  session = cli_sign_in ("lists work", db, officer);
  if (session == NULL)
    return CLI_EXIT_FAILED;
  trust = cli_context_connect ("lists work", context, db, officer, a.credential_file, a.ca_file,
                               a.central_url, gateway_url, a.trust_dir);
  if (trust == NULL)
    return CLI_EXIT_FAILED;

  if (!cd_list_batch_run (cd_database_get_path (db), session, id,
                          cd_context_get_evidence_fetcher (context), trust, pack,
                          (guint) parallel, NULL, print_progress, &quiet, &progress, &error))
    {
      cli_fail ("lists work", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("List %s: %u of %u rows worked (%u ready, %u with findings), %u failed\n"), argv[1],
          progress.done, progress.total, progress.ready, progress.findings, progress.failed);
  return progress.failed == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILED;
}

/* The decision list of --list as data (cd_list_decision_data) and as the letters' CdDecisionList,
 * which points into *out_root. Prints why not and returns the exit status. */
static int
load_decisions (const char      *command,
                ListsArgs       *a,
                JsonNode       **out_root,
                CdDecisionList  *out_list)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdRulePack) pack = NULL;
  g_autofree char *pack_dir = cd_rule_pack_default_dir ();
  CdDay day;

  if (a->db_path == NULL || a->list_id <= 0)
    {
      cli_fail (command, _("--db PATH and --list ID are required"));
      return CLI_EXIT_USAGE;
    }
  if (a->language != NULL && !g_str_equal (a->language, "vi") && !g_str_equal (a->language, "en"))
    {
      cli_fail (command, _("--lang must be vi or en, not “%s”"), a->language);
      return CLI_EXIT_USAGE;
    }
  if (a->date != NULL && !cd_date_parse (a->date, &day))
    {
      cli_fail (command, _("--date %s: expected a date YYYY-MM-DD"), a->date);
      return CLI_EXIT_USAGE;
    }
  /* Without the rules the list is still answered, only without its deadline. */
  pack = cd_rule_pack_load_with_installed (pack_dir, NULL, &error);
  if (pack == NULL)
    {
      g_printerr ("%s: %s\n", command, error->message);
      g_clear_error (&error);
    }
  context = cli_context_open (command, a->db_path, CLI_STORE_READ, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;

  *out_root = cd_list_decision_data (db, a->list_id, pack, a->language, a->date, &error);
  if (*out_root == NULL)
    {
      cli_fail (command, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (!cd_decision_list_init_from_json (out_list, json_node_get_object (*out_root), &error))
    {
      cli_fail (command, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  return CLI_EXIT_OK;
}

static gboolean
has_suffix (const char *path,
            const char *suffix)
{
  g_autofree char *folded = g_ascii_strdown (path, -1);

  return g_str_has_suffix (folded, suffix);
}

static int
lists_decisions (int    argc,
                 char **argv)
{
  g_auto(ListsArgs) a = { 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &a.db_path, N_("The database file"), N_("PATH") },
    { "list", 0, 0, G_OPTION_ARG_INT64, &a.list_id, N_("The stored list to answer"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output,
      N_("The file to write: .pdf or .csv"), N_("FILE") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &a.language, N_("The language: vi (default) or en"),
      N_("LANG") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &a.date,
      N_("The date of the decision list (default: today)"), N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &a.as_json,
      N_("Print the decision list’s data (JSON for render-decision-list)"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  CdDecisionList list = { 0 };
  gboolean csv = FALSE, ok = TRUE;
  guint n_refused = 0;
  gint64 pending;
  int status;

  if (!cli_parse (&argc, &argv, "lists decisions", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (a.output == NULL && !a.as_json)
    {
      cli_fail ("lists decisions", _("--output FILE or --json is required"));
      return CLI_EXIT_USAGE;
    }
  if (a.output != NULL)
    {
      csv = has_suffix (a.output, ".csv");
      if (!csv && !has_suffix (a.output, ".pdf"))
        {
          cli_fail ("lists decisions", _("%s: the output must end in .pdf or .csv"), a.output);
          return CLI_EXIT_USAGE;
        }
    }
  status = load_decisions ("lists decisions", &a, &root, &list);
  if (status != CLI_EXIT_OK)
    return status;

  if (a.output != NULL)
    ok = csv ? cd_decision_list_write_csv (&list, a.output, &error)
             : cd_decision_list_render_pdf (&list, a.output, &error);
  for (guint i = 0; i < list.rows->len; i++)
    if (!g_array_index (list.rows, CdDecisionListRow, i).accepted)
      n_refused++;
  pending = json_object_get_int_member_with_default (json_node_get_object (root), "pending", 0);
  if (ok && a.as_json)
    {
      g_autofree char *json = json_to_string (root, TRUE);

      printf ("%s\n", json);
    }
  else if (ok)
    {
      /* "12 rows decided, 2 refused, 3 still waiting" */
      printf (g_dngettext (GETTEXT_PACKAGE, "%u row decided", "%u rows decided", list.rows->len),
              list.rows->len);
      printf (g_dngettext (GETTEXT_PACKAGE, ", %u refused", ", %u refused", n_refused),
              n_refused);
      printf (g_dngettext (GETTEXT_PACKAGE, ", %u still waiting", ", %u still waiting",
                           (gulong) pending), (guint) pending);
      printf ("\n");
    }
  cd_decision_list_clear (&list);
  if (!ok)
    {
      cli_fail ("lists decisions", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  return CLI_EXIT_OK;
}

static int
lists_payments (int    argc,
                char **argv)
{
  g_auto(ListsArgs) a = { 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &a.db_path, N_("The database file"), N_("PATH") },
    { "list", 0, 0, G_OPTION_ARG_INT64, &a.list_id, N_("The stored list to pay"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output, N_("The CSV file to write"),
      N_("FILE.csv") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) payees = NULL;
  CdDecisionList list = { 0 };
  gboolean ok;
  int status;

  if (!cli_parse (&argc, &argv, "lists payments", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (a.output == NULL || !has_suffix (a.output, ".csv"))
    {
      cli_fail ("lists payments", _("--output FILE.csv is required"));
      return CLI_EXIT_USAGE;
    }
  status = load_decisions ("lists payments", &a, &root, &list);
  if (status != CLI_EXIT_OK)
    return status;

  payees = cd_decision_list_group_payments (&list);
  for (guint i = 0; i < payees->len; i++)
    {
      const CdListPayee *payee = g_ptr_array_index (payees, i);

      /* Money for the unit's employees with no account to send it to: the bank cannot pay it. */
      if (payee->payment == CD_LIST_PAY_UNIT && (payee->account == NULL || *payee->account == '\0'))
        {
          cli_fail ("lists payments",
                    g_dngettext (GETTEXT_PACKAGE,
                                 "%s: %u row is paid via the unit, but the unit’s list gives no "
                                 "account; nothing written",
                                 "%s: %u rows are paid via the unit, but the unit’s list gives no "
                                 "account; nothing written", payee->rows->len),
                    list.unit_name, payee->rows->len);
          cd_decision_list_clear (&list);
          return CLI_EXIT_FAILED;
        }
    }
  ok = cd_decision_list_write_payments_csv (&list, a.output, &error);
  if (ok)
    {
      g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                cd_decision_list_total (&list));

      printf (g_dngettext (GETTEXT_PACKAGE, "%u transfer, %s VND\n", "%u transfers, %s VND\n",
                           payees->len), payees->len, total);
    }
  cd_decision_list_clear (&list);
  if (!ok)
    {
      cli_fail ("lists payments", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  return CLI_EXIT_OK;
}

int
cli_lists (int    argc,
           char **argv)
{
  const char *sub = argc > 1 ? argv[1] : NULL;

  if (g_strcmp0 (sub, "fetch") == 0)
    return lists_fetch (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "open") == 0)
    return lists_open (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "show") == 0)
    return lists_show (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "work") == 0)
    return lists_work (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "decisions") == 0)
    return lists_decisions (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "payments") == 0)
    return lists_payments (argc - 1, argv + 1);
  cli_fail ("lists", _("expected fetch, open, show, work, decisions or payments"));
  return CLI_EXIT_USAGE;
}
