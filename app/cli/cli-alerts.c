/* cli-alerts.c — `alerts scan|list|set-state|set-norm`: the office's anomaly alerts
 * (docs/alerts.md). */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cd-alerts.h"
#include "cd-context.h"
#include "cd-database.h"
#include "cd-json-util.h"
#include "cd-session.h"
#include "cli-common.h"

static void
add_json_array (JsonBuilder *builder,
                const char  *member,
                const char  *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  json_builder_set_member_name (builder, member);
  if (node != NULL)
    json_builder_add_value (builder, g_steal_pointer (&node));
  else
    json_builder_add_null_value (builder);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, TRUE);

  printf ("%s\n", text);
}

static void
print_alerts (GPtrArray *alerts,
              gboolean   as_json,
              gboolean   english)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (!as_json)
    {
      if (alerts->len == 0)
        printf ("%s\n", _("No alerts."));
      for (guint i = 0; i < alerts->len; i++)
        {
          CdAlert *alert = g_ptr_array_index (alerts, i);

          printf ("%lld\t%s\t%s\t%s\t%s\n", (long long) alert->id,
                  cd_alert_state_to_string (alert->state), alert->kind, alert->subject,
                  english ? alert->explanation_en : alert->explanation_vi);
          if (alert->note != NULL)
            printf ("\t%s %s\n", _("Note:"), alert->note);
        }
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < alerts->len; i++)
    {
      CdAlert *alert = g_ptr_array_index (alerts, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, alert->id);
      cd_json_add_string_member (builder, "kind", alert->kind);
      cd_json_add_string_member (builder, "subject_kind", alert->subject_kind);
      cd_json_add_string_member (builder, "subject", alert->subject);
      cd_json_add_string_member (builder, "detail", alert->detail);
      add_json_array (builder, "claims", alert->claims);
      add_json_array (builder, "documents", alert->documents);
      cd_json_add_string_member (builder, "explanation_vi", alert->explanation_vi);
      cd_json_add_string_member (builder, "explanation_en", alert->explanation_en);
      cd_json_add_string_member (builder, "first_seen", alert->first_seen);
      cd_json_add_string_member (builder, "last_seen", alert->last_seen);
      cd_json_add_string_member (builder, "state", cd_alert_state_to_string (alert->state));
      cd_json_add_string_member (builder, "note", alert->note);
      json_builder_set_member_name (builder, "changed_by");
      if (alert->changed_by != 0)
        json_builder_add_int_value (builder, alert->changed_by);
      else
        json_builder_add_null_value (builder);
      cd_json_add_string_member (builder, "changed_at", alert->changed_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  print_json (builder);
}

int
cli_alerts (int    argc,
            char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *state_name = NULL;
  g_autofree char *note = NULL;
  g_autofree char *lang = NULL;
  gboolean as_json = FALSE;
  gboolean doctor = FALSE;
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
          { "officer", 0, 0, G_OPTION_ARG_STRING, &officer,
            N_("set-state, set-norm: the account doing it (password on stdin)"), "LOGIN" },
          { "state", 0, 0, G_OPTION_ARG_STRING, &state_name,
            N_("new, looked_at, explained or referred"), N_("STATE") },
          { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("set-state: a note on the alert"),
            N_("TEXT") },
          { "lang", 0, 0, G_OPTION_ARG_STRING, &lang,
            N_("list: the explanations in vi or en (default: vi)"), "vi|en" },
          { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
          { "doctor", 0, 0, G_OPTION_ARG_NONE, &doctor,
            N_("set-norm: the norm per doctor and day, not per facility"), NULL },
          { NULL } };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *verb = argc >= 2 ? argv[1] : "";
  g_autofree char *command = g_strdup_printf ("alerts %s", verb);
  gboolean scan = g_str_equal (verb, "scan"), list = g_str_equal (verb, "list");
  gboolean set_state = g_str_equal (verb, "set-state"), set_norm = g_str_equal (verb, "set-norm");
  CdAlertState state = CD_ALERT_NEW;
  gint64 number = 0;

  if (!scan && !list && !set_state && !set_norm)
    {
      cli_fail ("alerts", _("Expected scan, list, set-state or set-norm"));
      return CLI_EXIT_USAGE;
    }
  argc--;
  argv++;
  if (!cli_parse (&argc, &argv, command, set_state ? "ID" : set_norm ? "N" : "", entries,
                  set_state || set_norm ? 1 : 0, set_state || set_norm ? 1 : 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL || ((set_state || set_norm) && officer == NULL))
    {
      cli_fail (command, set_state || set_norm ? _("--db PATH and --officer LOGIN are required")
                                               : _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if ((set_state || state_name != NULL) && !cd_alert_state_from_string (state_name, &state))
    {
      cli_fail (command, _("--state must be new, looked_at, explained or referred, not “%s”"),
                state_name != NULL ? state_name : "");
      return CLI_EXIT_USAGE;
    }
  if (lang != NULL && !g_str_equal (lang, "vi") && !g_str_equal (lang, "en"))
    {
      cli_fail (command, _("--lang must be vi or en, not “%s”"), lang);
      return CLI_EXIT_USAGE;
    }
  if ((set_state || set_norm)
      && !g_ascii_string_to_signed (argv[1], 10, 1, G_MAXINT64, &number, NULL))
    {
      cli_fail (command, _("Expected a positive number, not “%s”"), argv[1]);
      return CLI_EXIT_USAGE;
    }

  /* Listing only reads; the others write (the scan's rows, a state and its audit entry). */
  context = cli_context_open (command, db_path, list ? CLI_STORE_READ : CLI_STORE_WRITE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;

  if (scan)
    {
      CdAlertScan result = { 0 };

      if (!cd_alerts_scan (db, &result, &error))
        {
          cli_fail (command, "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      if (as_json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "found");
          json_builder_add_int_value (builder, result.n_found);
          json_builder_set_member_name (builder, "new");
          json_builder_add_int_value (builder, result.n_new);
          json_builder_end_object (builder);
          print_json (builder);
        }
      else
        printf (_("Alerts found: %u, of which new: %u\n"), result.n_found, result.n_new);
      return CLI_EXIT_OK;
    }

  if (list)
    {
      g_autoptr(GPtrArray) alerts = cd_alerts_list (db, state_name == NULL, state, &error);

      if (alerts == NULL)
        {
          cli_fail (command, "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      print_alerts (alerts, as_json, g_strcmp0 (lang, "en") == 0);
      return CLI_EXIT_OK;
    }

  session = cli_sign_in (command, db, officer);
  if (session == NULL)
    return CLI_EXIT_FAILED;
  if (set_norm)
    {
      if (!(doctor ? cd_alerts_set_doctor_norm : cd_alerts_set_facility_norm) (db, session, number,
                                                                                &error))
        {
          cli_fail (command, "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      if (doctor)
        printf (_("Norm of leave certificates per doctor and day: %lld\n"), (long long) number);
      else
        printf (_("Norm of leave certificates per facility and day: %lld\n"),
                (long long) number);
      return CLI_EXIT_OK;
    }
  if (!cd_alerts_set_state (db, session, number, state, note, &error))
    {
      cli_fail (command, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("Alert %lld: %s\n"), (long long) number, cd_alert_state_to_string (state));
  return CLI_EXIT_OK;
}
