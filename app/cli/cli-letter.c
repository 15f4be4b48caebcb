/* cli-letter.c — `render-letter`: a developer's way to see a decision letter without a claims store.
 *
 * It reads a JSON document of the CdLetterData fields (see docs/letters.md) with the evaluation result
 * inside, and writes the PDF. The officer-facing `letter --db` command builds the same data from a
 * stored claim.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cd-decision-letter.h"
#include "cli-common.h"

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
  JsonNode *root;

  if (!cli_parse (&argc, &argv, "render-letter", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (data_path == NULL || output_path == NULL)
    {
      cli_fail ("render-letter", _("--data FILE and --output FILE are required"));
      return CLI_EXIT_USAGE;
    }

  if (!json_parser_load_from_file (parser, data_path, &error))
    {
      cli_fail ("render-letter", "%s: %s", data_path, error->message);
      return CLI_EXIT_USAGE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      cli_fail ("render-letter", _("%s: expected a JSON object"), data_path);
      return CLI_EXIT_USAGE;
    }
  if (!cd_letter_data_init_from_json (&data, json_node_get_object (root), &error))
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
