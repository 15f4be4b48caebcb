/* cli-evaluate.c — `evaluate FILE|-`: claim facts in, one JSON result out (evaluate-contract.md).
 *
 * Exit status is the contract: 0 evaluated, 2 the facts are malformed or impossible, 3 the rules
 * cannot be applied honestly (a calendar not confirmed, no parameter in force, or a broken rule
 * pack). On 2 and 3 stdout stays empty and stderr holds one line that names the field or what is
 * missing.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "cd-rules-engine.h"
#include "cli-common.h"

#define CLI_EXIT_CANNOT_APPLY 3

static char *rules_dir;
static char *packs_dir;
static gboolean pretty;

static GOptionEntry evaluate_entries[] = {
  { "rules-dir", 0, 0, G_OPTION_ARG_FILENAME, &rules_dir,
    N_("The rule-pack directory (default: the installed vn-si-2024 pack)"), N_("DIR") },
  { "packs-dir", 0, 0, G_OPTION_ARG_FILENAME, &packs_dir,
    N_("The installed rule-pack updates (default: the workstation’s)"), N_("DIR") },
  { "pretty", 0, 0, G_OPTION_ARG_NONE, &pretty, N_("Indent the JSON result"), NULL },
  { NULL }
};

static char *
read_input (const char  *path,
            gsize       *length,
            GError     **error)
{
  char *contents = NULL;

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GIOChannel) channel = g_io_channel_unix_new (STDIN_FILENO);
      g_io_channel_set_encoding (channel, NULL, NULL);
      if (g_io_channel_read_to_end (channel, &contents, length, error) != G_IO_STATUS_NORMAL)
        return NULL;
      return contents;
    }
  if (!g_file_get_contents (path, &contents, length, error))
    return NULL;
  return contents;
}

static int
exit_status_for (const GError *error)
{
  if (error->domain == CD_RULES_ERROR && error->code == CD_RULES_ERROR_INVALID_FACTS)
    return CLI_EXIT_USAGE;
  return CLI_EXIT_CANNOT_APPLY;
}

int
cli_evaluate (int    argc,
              char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) pack = NULL;
  g_autoptr(CdFacts) facts = NULL;
  g_autoptr(CdResult) result = NULL;
  g_autofree char *input = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *json = NULL;
  gsize length = 0;

  if (!cli_parse (&argc, &argv, "evaluate", "FILE|-", evaluate_entries, 1, 1))
    return CLI_EXIT_USAGE;

  input = read_input (argv[1], &length, &error);
  if (input == NULL)
    {
      cli_fail ("evaluate", _("Cannot read the facts from %s: %s"), argv[1], error->message);
      return CLI_EXIT_USAGE;
    }

  facts = cd_facts_parse_data (input, (gssize) length, &error);
  if (facts == NULL)
    {
      cli_fail ("evaluate", "%s", error->message);
      return exit_status_for (error);
    }

  dir = rules_dir != NULL ? g_strdup (rules_dir) : cd_rule_pack_default_dir ();
  /* --rules-dir may name the folder of packs rather than the pack itself. */
  if (rules_dir != NULL)
    {
      g_autofree char *params = g_build_filename (dir, "parameters.json", NULL);
      g_autofree char *nested = g_build_filename (dir, CD_RULE_PACK_DEFAULT, "parameters.json",
                                                  NULL);
      if (!g_file_test (params, G_FILE_TEST_EXISTS) && g_file_test (nested, G_FILE_TEST_EXISTS))
        {
          g_free (dir);
          dir = g_build_filename (rules_dir, CD_RULE_PACK_DEFAULT, NULL);
        }
    }
  /* The updates central sent apply from their dates: the engine picks, for the facts'
   * decided_on, the newest one in force (docs/rules.md). */
  pack = cd_rule_pack_load_with_installed (dir, packs_dir, &error);
  if (pack == NULL)
    {
      cli_fail ("evaluate", _("Rule pack unusable: %s"), error->message);
      return CLI_EXIT_CANNOT_APPLY;
    }

  result = cd_rules_evaluate (pack, facts, &error);
  if (result == NULL)
    {
      cli_fail ("evaluate", "%s", error->message);
      return exit_status_for (error);
    }

  json = cd_result_to_string (result, facts->documents, pretty);
  printf ("%s\n", json);
  return CLI_EXIT_OK;
}
