/* cli-oversight.c — `oversight deadlines`: processing time against the statutory deadline;
 * `oversight stats`: the office dashboard's figures, from the store's running counts.
 *
 * Without --officer it reads the whole office, as the other reading commands do; with --officer
 * LOGIN (the password on stdin) it shows what that account may see: an officer their own claims
 * only, a supervisor the office (cd-deadline-report.h, cd-office-stats.h). docs/oversight.md has
 * the JSON fields.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cd-context.h"
#include "cd-deadline-report.h"
#include "cd-format.h"
#include "cd-office-stats.h"
#include "cli-common.h"

#define COMMAND "oversight deadlines"
#define STATS_COMMAND "oversight stats"

/* Twelve weeks back from the end of the period when --from is not given: a quarter's trend. */
#define DEFAULT_WEEKS 12

/* What `oversight deadlines` and `oversight stats` take, and what they open. */
typedef struct
{
  char       *db_path;
  char       *from;
  char       *to;
  char       *today;
  char       *officer;
  gboolean    as_json;
  CdDay       from_day;
  CdDay       to_day;
  CdDay       today_day;
  CdRulePack *pack;
  CdContext  *context;
  CdDatabase *db;
  CdSession  *session;   /* NULL without --officer: the office's figures */
} Args;

static void
args_clear (Args *a)
{
  g_free (a->db_path);
  g_free (a->from);
  g_free (a->to);
  g_free (a->today);
  g_free (a->officer);
  g_clear_object (&a->session);
  g_clear_object (&a->db);
  g_clear_object (&a->context);
  g_clear_pointer (&a->pack, cd_rule_pack_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Args, args_clear)

static gboolean
parse_day (const char *command,
           const char *flag,
           const char *text,
           CdDay       fallback,
           CdDay      *out)
{
  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (cd_date_parse (text, out))
    return TRUE;
  cli_fail (command, _("%s %s: expected a date YYYY-MM-DD"), flag, text);
  return FALSE;
}

/* --today, --to and --from with their defaults (today, --today, twelve weeks before --to). */
static gboolean
parse_period (const char  *command,
              const Args  *a,
              CdDay       *from,
              CdDay       *to,
              CdDay       *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (!parse_day (command, "--today", a->today, cd_date_from_date_time (now), today)
      || !parse_day (command, "--to", a->to, *today, to)
      || !parse_day (command, "--from", a->from, *to - (DEFAULT_WEEKS * 7 - 1), from))
    return FALSE;
  if (*to < *from)
    {
      char from_text[11], to_text[11];

      /* --to may be the default, today: name the day either way. */
      cd_date_format (*from, from_text);
      cd_date_format (*to, to_text);
      cli_fail (command, _("--from %s is after --to %s"), from_text, to_text);
      return FALSE;
    }
  return TRUE;
}

static void
add_day (JsonBuilder *builder,
         const char  *name,
         CdDay        day)
{
  json_builder_set_member_name (builder, name);
  if (day == CD_DAY_NONE)
    {
      json_builder_add_null_value (builder);
      return;
    }
  {
    g_autofree char *text = cd_date_to_string (day);

    json_builder_add_string_value (builder, text);
  }
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_claims (JsonBuilder *builder,
            const char  *name,
            GPtrArray   *claims)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < claims->len; i++)
    {
      const CdDeadlineClaim *claim = g_ptr_array_index (claims, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_string_value (builder, claim->number);
      json_builder_set_member_name (builder, "benefit");
      json_builder_add_string_value (builder, claim->benefit);
      json_builder_set_member_name (builder, "officer");
      json_builder_add_string_value (builder, claim->officer);
      add_day (builder, "received_on", claim->received_on);
      add_day (builder, "deadline", claim->deadline);
      add_day (builder, "decided_on", claim->decided_on);
      add_int (builder, "working_days", claim->working_days);
      add_int (builder, "days_over", claim->days_over);
      json_builder_set_member_name (builder, "on_time");
      json_builder_add_boolean_value (builder, claim->on_time);
      json_builder_set_member_name (builder, "calendar_assumed");
      json_builder_add_boolean_value (builder, claim->assumed);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_groups (JsonBuilder *builder,
            const char  *name,
            const char  *key_name,
            GPtrArray   *groups)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < groups->len; i++)
    {
      const CdDeadlineGroup *group = g_ptr_array_index (groups, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, key_name);
      json_builder_add_string_value (builder, group->key);
      if (group->first_day != CD_DAY_NONE)
        add_day (builder, "monday", group->first_day);
      add_int (builder, "received", group->received);
      add_int (builder, "decided", group->decided);
      add_int (builder, "on_time", group->on_time);
      add_int (builder, "late", group->late);
      add_int (builder, "open_overdue", group->open_overdue);
      add_int (builder, "overdue", group->late + group->open_overdue);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The period both reports cover, and whose figures they are (null: the office's). */
static void
add_period (JsonBuilder *builder,
            CdDay        from,
            CdDay        to,
            CdDay        today,
            const char  *officer)
{
  add_day (builder, "from", from);
  add_day (builder, "to", to);
  add_day (builder, "today", today);
  json_builder_set_member_name (builder, "officer");
  if (officer != NULL)
    json_builder_add_string_value (builder, officer);
  else
    json_builder_add_null_value (builder);
}

/* The counts against the deadline both reports give, in the same members. */
static void
add_deadline_totals (JsonBuilder *builder,
                     guint        decided,
                     guint        on_time,
                     guint        late,
                     guint        open,
                     guint        open_overdue,
                     double       on_time_share,
                     gboolean     assumed)
{
  add_int (builder, "decided", decided);
  add_int (builder, "on_time", on_time);
  add_int (builder, "late", late);
  add_int (builder, "open", open);
  add_int (builder, "open_overdue", open_overdue);
  json_builder_set_member_name (builder, "on_time_share");
  json_builder_add_double_value (builder, on_time_share);
  json_builder_set_member_name (builder, "calendar_assumed");
  json_builder_add_boolean_value (builder, assumed);
}

static void
print_json (const CdDeadlineReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  add_period (builder, report->from, report->to, report->today, report->officer);
  add_int (builder, "received", report->received);
  add_deadline_totals (builder, report->decided, report->on_time, report->late, report->open,
                       report->open_overdue, report->on_time_share, report->assumed);
  add_claims (builder, "decided_claims", report->decided_claims);
  add_claims (builder, "overdue", report->overdue);
  add_groups (builder, "weeks", "week", report->weeks);
  add_groups (builder, "by_benefit", "benefit", report->by_benefit);
  add_groups (builder, "by_officer", "officer", report->by_officer);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

static void
print_groups (const char *title,
              GPtrArray  *groups)
{
  printf ("%s\n", title);
  for (guint i = 0; i < groups->len; i++)
    {
      const CdDeadlineGroup *group = g_ptr_array_index (groups, i);

      /* TRANSLATORS: a row of a breakdown: its name, then counts of claims. */
      printf (_("  %-26s received %u, decided %u, on time %u, late %u, open overdue %u\n"),
              group->key, group->received, group->decided, group->on_time, group->late,
              group->open_overdue);
    }
}

static void
print_summary (const CdDeadlineReport *report)
{
  char from[11], to[11], today[11];

  cd_date_format (report->from, from);
  cd_date_format (report->to, to);
  cd_date_format (report->today, today);
  if (report->officer != NULL)
    printf (_("Claims of %s received %s – %s, as of %s\n"), report->officer, from, to, today);
  else
    printf (_("Claims of the office received %s – %s, as of %s\n"), from, to, today);
  printf (_("Received %u, decided %u: %u on time, %u late (%.1f %% on time)\n"),
          report->received, report->decided, report->on_time, report->late,
          100.0 * report->on_time_share);
  printf (_("Open %u, of which past the deadline %u\n"), report->open, report->open_overdue);
  if (report->assumed)
    printf ("%s\n", _("Some days were counted without a confirmed holiday calendar (weekly rest "
                      "only)."));
  if (report->overdue->len > 0)
    printf ("%s\n", _("Overdue, most working days over first:"));
  for (guint i = 0; i < report->overdue->len; i++)
    {
      const CdDeadlineClaim *claim = g_ptr_array_index (report->overdue, i);
      char received[11], deadline[11];

      cd_date_format (claim->received_on, received);
      cd_date_format (claim->deadline, deadline);
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "  %s\t%s\treceived %s, due %s, %d working day over\n",
                           "  %s\t%s\treceived %s, due %s, %d working days over\n",
                           claim->days_over),
              claim->number, claim->officer, received, deadline, claim->days_over);
    }
  print_groups (_("By week (of receipt):"), report->weeks);
  print_groups (_("By benefit:"), report->by_benefit);
  print_groups (_("By officer:"), report->by_officer);
}

/* Parses a period command's options and opens what it reads: the rule pack, the store (read
 * only, unless signing in writes its attempts) and, with --officer, the session. -1 when all is
 * ready, else the exit status, the problem said. */
static int
open_period_command (const char  *command,
                     int         *argc,
                     char      ***argv,
                     Args        *a)
{
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &a->db_path, N_("The database file"), N_("PATH") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &a->from,
      N_("The first day of receipt (default: twelve weeks before --to)"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &a->to,
      N_("The last day of receipt (default: --today)"), N_("YYYY-MM-DD") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &a->today,
      N_("Count as of this day (default: today)"), N_("YYYY-MM-DD") },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &a->officer,
      N_("Sign in as LOGIN (password on stdin) and see what that account may see"),
      N_("LOGIN") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &a->as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *pack_dir = cd_rule_pack_default_dir ();

  if (!cli_parse (argc, argv, command, NULL, entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (a->db_path == NULL)
    {
      cli_fail (command, _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if (!parse_period (command, a, &a->from_day, &a->to_day, &a->today_day))
    return CLI_EXIT_USAGE;

  a->pack = cd_rule_pack_load_with_installed (pack_dir, NULL, &error);
  if (a->pack == NULL)
    {
      cli_fail (command, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  /* Signing in writes (failed attempts, lockout); the figures themselves only read. */
  a->context = cli_context_open (command, a->db_path,
                                 a->officer != NULL ? CLI_STORE_WRITE_UNCHECKED : CLI_STORE_READ,
                                 &a->db);
  if (a->context == NULL)
    return CLI_EXIT_FAILED;
  if (a->officer != NULL && (a->session = cli_sign_in (command, a->db, a->officer)) == NULL)
    return CLI_EXIT_FAILED;
  return -1;
}

static int
oversight_deadlines (int    argc,
                     char **argv)
{
  g_auto(Args) a = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDeadlineReport) report = NULL;
  int status = open_period_command (COMMAND, &argc, &argv, &a);

  if (status >= 0)
    return status;
  report = cd_deadline_report_build (a.db, a.pack, a.session, a.from_day, a.to_day, a.today_day,
                                     &error);
  if (report == NULL)
    {
      cli_fail (COMMAND, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (a.as_json)
    print_json (report);
  else
    print_summary (report);
  return CLI_EXIT_OK;
}

static void
add_stats_groups (JsonBuilder *builder,
                  const char  *name,
                  GPtrArray   *groups,
                  gboolean     with_deadline)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < groups->len; i++)
    {
      const CdOfficeStatsGroup *group = g_ptr_array_index (groups, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, group->key);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, group->label);
      if (group->first_day != CD_DAY_NONE)
        add_day (builder, "monday", group->first_day);
      add_int (builder, "claims", group->n);
      add_int (builder, "amount", group->amount);
      if (with_deadline)
        {
          add_int (builder, "decided", group->decided);
          add_int (builder, "on_time", group->on_time);
          add_int (builder, "late", group->late);
          add_int (builder, "open_overdue", group->open_overdue);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_stats_json (const CdOfficeStats *stats)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  add_period (builder, stats->from, stats->to, stats->today, stats->officer);
  add_int (builder, "received", stats->received);
  add_int (builder, "amount", stats->amount);
  add_deadline_totals (builder, stats->decided, stats->on_time, stats->late, stats->open,
                       stats->open_overdue, stats->on_time_share, stats->assumed);
  add_stats_groups (builder, "by_benefit", stats->by_benefit, FALSE);
  add_stats_groups (builder, "by_status", stats->by_status, FALSE);
  add_stats_groups (builder, "by_officer", stats->by_officer, TRUE);
  add_stats_groups (builder, "by_employer", stats->by_employer, FALSE);
  add_stats_groups (builder, "weeks", stats->weeks, TRUE);
  add_claims (builder, "overdue", stats->overdue);

  json_builder_set_member_name (builder, "outbox");
  json_builder_begin_object (builder);
  add_int (builder, "queued", stats->outbox.queued);
  add_int (builder, "sending", stats->outbox.sending);
  add_int (builder, "acknowledged", stats->outbox.acknowledged);
  add_int (builder, "refused", stats->outbox.refused);
  add_int (builder, "quarantined", stats->outbox.quarantined);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "verification");
  json_builder_begin_object (builder);
  add_int (builder, "unverified", stats->verification.unverified);
  add_int (builder, "not_found", stats->verification.not_found);
  add_int (builder, "people", stats->verification.people);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

static void
print_stats_groups (const char *title,
                    GPtrArray  *groups,
                    gboolean    with_deadline)
{
  printf ("%s\n", title);
  for (guint i = 0; i < groups->len; i++)
    {
      const CdOfficeStatsGroup *group = g_ptr_array_index (groups, i);
      g_autofree char *amount = cd_format_money_vnd (group->amount);

      /* TRANSLATORS: a row of a breakdown: its name, claims, their amount. */
      printf (_("  %s: %u claims, %s"), group->label, group->n, amount);
      if (with_deadline)
        /* TRANSLATORS: the same row, continued: counts of claims. */
        printf (_("; decided %u, on time %u, late %u, open overdue %u"), group->decided,
                group->on_time, group->late, group->open_overdue);
      printf ("\n");
    }
}

static void
print_stats (const CdOfficeStats *stats)
{
  g_autofree char *amount = cd_format_money_vnd (stats->amount);
  char from[11], to[11], today[11];

  cd_date_format (stats->from, from);
  cd_date_format (stats->to, to);
  cd_date_format (stats->today, today);
  if (stats->officer != NULL)
    printf (_("Claims of %s received %s – %s, as of %s\n"), stats->officer, from, to, today);
  else
    printf (_("Claims of the office received %s – %s, as of %s\n"), from, to, today);
  printf (_("Received %u, amount %s\n"), stats->received, amount);
  printf (_("Received %u, decided %u: %u on time, %u late (%.1f %% on time)\n"),
          stats->received, stats->decided, stats->on_time, stats->late,
          100.0 * stats->on_time_share);
  printf (_("Open %u, of which past the deadline %u\n"), stats->open, stats->open_overdue);
  if (stats->assumed)
    printf ("%s\n", _("Some days were counted without a confirmed holiday calendar (weekly rest "
                      "only)."));
  printf (_("Outbox: %u queued, %u sending, %u acknowledged, %u refused, %u quarantined\n"),
          stats->outbox.queued, stats->outbox.sending, stats->outbox.acknowledged,
          stats->outbox.refused, stats->outbox.quarantined);
  printf (_("Paper documents waiting for verification: %u unverified, %u not found, %u people\n"),
          stats->verification.unverified, stats->verification.not_found,
          stats->verification.people);
  print_stats_groups (_("By benefit:"), stats->by_benefit, FALSE);
  print_stats_groups (_("By status:"), stats->by_status, FALSE);
  print_stats_groups (_("By officer:"), stats->by_officer, TRUE);
  print_stats_groups (_("By employer:"), stats->by_employer, FALSE);
  print_stats_groups (_("By week (of receipt):"), stats->weeks, TRUE);
  if (stats->overdue->len > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u claim open past the deadline\n",
                         "%u claims open past the deadline\n", stats->overdue->len),
            stats->overdue->len);
}

static int
oversight_stats (int    argc,
                 char **argv)
{
  g_auto(Args) a = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdOfficeStats) stats = NULL;
  int status = open_period_command (STATS_COMMAND, &argc, &argv, &a);

  if (status >= 0)
    return status;
  stats = cd_office_stats_read (a.db, a.pack, a.session, a.from_day, a.to_day, a.today_day,
                                &error);
  if (stats == NULL)
    {
      cli_fail (STATS_COMMAND, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (a.as_json)
    print_stats_json (stats);
  else
    print_stats (stats);
  return CLI_EXIT_OK;
}

int
cli_oversight (int    argc,
               char **argv)
{
  const char *sub = argc > 1 ? argv[1] : NULL;

  if (g_strcmp0 (sub, "deadlines") == 0)
    return oversight_deadlines (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "stats") == 0)
    return oversight_stats (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "hsb22a") == 0 || g_strcmp0 (sub, "hsb22b") == 0)
    return cli_oversight_hsb (sub, argc - 1, argv + 1);
  cli_fail ("oversight", _("expected deadlines, stats, hsb22a or hsb22b"));
  return CLI_EXIT_USAGE;
}
