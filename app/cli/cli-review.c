/* cli-review.c — `review rule|set-rule`: the office's review sampling rule (docs/workflow.md,
 * "Review sampling"). */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-context.h"
#include "cd-database.h"
#include "cd-review.h"
#include "cd-session.h"
#include "cli-common.h"

static void
print_rule (const CdReviewRule *rule)
{
  printf (_("Review sampling: %s\n"), rule->enabled ? _("on") : _("off"));
  printf (_("New officer: fewer than %u decisions or an account younger than %u months\n"),
          rule->new_officer_decisions, rule->new_officer_months);
  printf (_("Share of other proposals: %u %%\n"), rule->share_percent);
  printf (_("Always reviewed at risk score: %u\n"), rule->score_threshold);
}

/* A value of 0 to `maximum` given as an option, or -1 when the option was not given. */
static gboolean
read_limit (const char *command,
            const char *option,
            int         value,
            guint       maximum,
            guint      *out)
{
  if (value < 0)
    return TRUE;
  if ((guint) value > maximum)
    {
      cli_fail (command, _("%s must be at most %u, not %d"), option, maximum, value);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

int
cli_review (int    argc,
            char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *officer = NULL;
  gboolean on = FALSE, off = FALSE;
  int new_decisions = -1, new_months = -1, share = -1, score = -1;
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
          { "officer", 0, 0, G_OPTION_ARG_STRING, &officer,
            N_("set-rule: the office head or administrator doing it (password on stdin)"),
            "LOGIN" },
          { "on", 0, 0, G_OPTION_ARG_NONE, &on, N_("set-rule: draw proposals for review"), NULL },
          { "off", 0, 0, G_OPTION_ARG_NONE, &off, N_("set-rule: score proposals, draw none"),
            NULL },
          { "new-officer-decisions", 0, 0, G_OPTION_ARG_INT, &new_decisions,
            N_("set-rule: fewer earlier proposals make an officer new (0: none)"), "N" },
          { "new-officer-months", 0, 0, G_OPTION_ARG_INT, &new_months,
            N_("set-rule: a younger account makes an officer new (0: none)"), "N" },
          { "share", 0, 0, G_OPTION_ARG_INT, &share,
            N_("set-rule: percent of other proposals drawn"), "N" },
          { "score", 0, 0, G_OPTION_ARG_INT, &score,
            N_("set-rule: risk score always reviewed (0: never)"), "N" },
          { NULL } };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *verb = argc >= 2 ? argv[1] : "";
  g_autofree char *command = g_strdup_printf ("review %s", verb);
  gboolean show = g_str_equal (verb, "rule"), set = g_str_equal (verb, "set-rule");
  CdReviewRule rule = { 0 };

  if (!show && !set)
    {
      cli_fail ("review", _("Expected rule or set-rule"));
      return CLI_EXIT_USAGE;
    }
  argc--;
  argv++;
  if (!cli_parse (&argc, &argv, command, "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL || (set && officer == NULL))
    {
      cli_fail (command, set ? _("--db PATH and --officer LOGIN are required")
                             : _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if (on && off)
    {
      cli_fail (command, _("--on and --off cannot both be given"));
      return CLI_EXIT_USAGE;
    }

  context = cli_context_open (command, db_path, show ? CLI_STORE_READ : CLI_STORE_WRITE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  cd_review_rule_read (db, &rule);
  if (show)
    {
      print_rule (&rule);
      return CLI_EXIT_OK;
    }

  /* What is not given stays as it is. */
  if (on || off)
    rule.enabled = on;
  if (!read_limit (command, "--new-officer-decisions", new_decisions, CD_REVIEW_MAX_NEW_DECISIONS,
                   &rule.new_officer_decisions)
      || !read_limit (command, "--new-officer-months", new_months, CD_REVIEW_MAX_NEW_MONTHS,
                      &rule.new_officer_months)
      || !read_limit (command, "--share", share, 100, &rule.share_percent)
      || !read_limit (command, "--score", score, 100, &rule.score_threshold))
    return CLI_EXIT_USAGE;
  session = cli_sign_in (command, db, officer);
  if (session == NULL)
    return CLI_EXIT_FAILED;
  if (!cd_review_rule_write (db, session, &rule, &error))
    {
      cli_fail (command, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  print_rule (&rule);
  return CLI_EXIT_OK;
}
