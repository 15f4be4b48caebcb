/* cli-letter.c — the decision letter as a PDF.
 *
 * `letter --db PATH CLAIM_NUMBER --output FILE.pdf [--lang vi|en]` writes the letter of a stored
 * claim (cd-letter-source.h): its approved decision, or a draft of its proposal. It only reads the
 * store, and the PDF is written beside its name and renamed, so a failure leaves no partial file.
 *
 * `render-letter` is a developer's way to see a letter without a claims store: it reads a JSON
 * document of the CdLetterData fields (see docs/letters.md) with the evaluation result inside.
 *
 * `render-decision-list` writes the office's answer to an employer's list (cd-decision-list.h) from
 * a JSON document of the CdDecisionList fields, as PDF or CSV by the output's extension. It is the
 * list page's export without a store, for developers and for checks from outside.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cd-database.h"
#include "cd-decision-letter.h"
#include "cd-decision-list.h"
#include "cd-letter-source.h"
#include "cd-context.h"
#include "cli-common.h"

/* The JSON object in the data file `path`, or NULL after one line naming it: missing, empty, cut
 * short or not an object (these developer commands exit 2 for it, as docs/letters.md says). */
static JsonObject *
load_data (const char *command,
           const char *path,
           JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  JsonNode *root;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      cli_fail_file (command, path, error->message);
      return NULL;
    }
  if (length == 0)
    {
      cli_fail (command, _("%s is empty"), path);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, contents, (gssize) length, &error))
    {
      cli_fail (command, _("%s is not readable JSON (cut short, or another kind of file): %s"), path,
                error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      cli_fail (command, _("%s: expected a JSON object"), path);
      return NULL;
    }
  return json_node_get_object (root);
}

int
cli_render_letter (int    argc,
                   char **argv)
{
  g_autofree char *data_path = NULL;
  g_autofree char *output_path = NULL;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_path, N_("The letter data (JSON)"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path, N_("The PDF to write"), N_("FILE") },
    { NULL }
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  CdLetterData data;
  JsonObject *object;

  if (!cli_parse (&argc, &argv, "render-letter", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (data_path == NULL || output_path == NULL)
    {
      cli_fail ("render-letter", _("--data FILE and --output FILE are required"));
      return CLI_EXIT_USAGE;
    }

  object = load_data ("render-letter", data_path, parser);
  if (object == NULL)
    return CLI_EXIT_USAGE;
  if (!cd_letter_data_init_from_json (&data, object, &error))
    {
      cli_fail ("render-letter", "%s: %s", data_path, error->message);
      return CLI_EXIT_USAGE;
    }

  if (!cd_decision_letter_render_pdf (&data, output_path, &error))
    {
      cli_fail ("render-letter", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  return CLI_EXIT_OK;
}

int
cli_letter (int    argc,
            char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *language = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path, N_("The PDF to write"), N_("FILE") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &language, N_("The letter’s language: vi (default) or en"),
      "vi|en" },
    { NULL }
  };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdLetterSource) source = NULL;
  g_autoptr(GError) error = NULL;

  if (!cli_parse (&argc, &argv, "letter", _("CLAIM_NUMBER"), entries, 1, 1))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("letter", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if (output_path == NULL)
    {
      cli_fail ("letter", _("--output FILE is required"));
      return CLI_EXIT_USAGE;
    }
  if (language != NULL && g_strcmp0 (language, "vi") != 0 && g_strcmp0 (language, "en") != 0)
    {
      cli_fail ("letter", _("--lang must be vi or en, not “%s”"), language);
      return CLI_EXIT_USAGE;
    }

  /* A reader connection: the letter never writes to the store, and never creates one. */
  context = cli_context_open ("letter", db_path, CLI_STORE_READ, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  source = cd_letter_source_load (db, argv[1], language, &error);
  if (source == NULL)
    {
      cli_fail ("letter", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (!cd_decision_letter_render_pdf (cd_letter_source_get_data (source), output_path, &error))
    {
      cli_fail ("letter", "%s: %s", argv[1], error->message);
      return CLI_EXIT_FAILED;
    }
  return CLI_EXIT_OK;
}

int
cli_render_decision_list (int    argc,
                          char **argv)
{
  g_autofree char *data_path = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *language = NULL;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_path, N_("The decision list data (JSON)"),
      N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("The file to write: .pdf or .csv"), N_("FILE") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &language,
      N_("The language of the PDF: vi or en (default: the data’s, else vi)"), N_("LANG") },
    { NULL }
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  CdDecisionList list;
  JsonObject *object;
  gboolean csv, ok;

  if (!cli_parse (&argc, &argv, "render-decision-list", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (data_path == NULL || output_path == NULL)
    {
      cli_fail ("render-decision-list", _("--data FILE and --output FILE are required"));
      return CLI_EXIT_USAGE;
    }
  csv = g_str_has_suffix (output_path, ".csv") || g_str_has_suffix (output_path, ".CSV");
  if (!csv && !g_str_has_suffix (output_path, ".pdf") && !g_str_has_suffix (output_path, ".PDF"))
    {
      cli_fail ("render-decision-list", _("%s: the output must end in .pdf or .csv"), output_path);
      return CLI_EXIT_USAGE;
    }
  if (language != NULL && !g_str_equal (language, "vi") && !g_str_equal (language, "en"))
    {
      cli_fail ("render-decision-list", _("--lang must be vi or en, not “%s”"), language);
      return CLI_EXIT_USAGE;
    }

  object = load_data ("render-decision-list", data_path, parser);
  if (object == NULL)
    return CLI_EXIT_USAGE;
  if (!cd_decision_list_init_from_json (&list, object, &error))
    {
      cli_fail ("render-decision-list", "%s: %s", data_path, error->message);
      return CLI_EXIT_USAGE;
    }
  if (language != NULL)
    list.language = language;

  ok = csv ? cd_decision_list_write_csv (&list, output_path, &error)
           : cd_decision_list_render_pdf (&list, output_path, &error);
  cd_decision_list_clear (&list);
  if (!ok)
    {
      cli_fail ("render-decision-list", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  return CLI_EXIT_OK;
}
