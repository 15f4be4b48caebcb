/* cli-oversight-hsb.c — `oversight hsb22a|hsb22b`: the quarterly statistics forms 22A/22B-HSB.
 *
 * Counts the form for a quarter on a reader of the store (cd-hsb-report.h) and writes it as PDF
 * (--pdf), CSV (--csv), JSON (--json) or, with none of those, a short table on stdout. Called from
 * cli-oversight.c's dispatch; docs/oversight.md has the JSON fields.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cd-context.h"
#include "cd-hsb-report.h"
#include "cli-common.h"

typedef struct
{
  char     *db_path;
  char     *quarter;
  char     *pdf;
  char     *csv;
  gboolean  as_json;
} HsbArgs;

static void
hsb_args_clear (HsbArgs *a)
{
  g_free (a->db_path);
  g_free (a->quarter);
  g_free (a->pdf);
  g_free (a->csv);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HsbArgs, hsb_args_clear)

static void
add_cell (JsonBuilder     *builder,
          const char      *name,
          const CdHsbCell *cell)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "turns");
  json_builder_add_int_value (builder, cell->turns);
  json_builder_set_member_name (builder, "average_age");
  json_builder_add_double_value (builder, cd_hsb_cell_average_age (cell));
  json_builder_set_member_name (builder, "average_contribution_years");
  json_builder_add_double_value (builder, cd_hsb_cell_average_years (cell));
  json_builder_set_member_name (builder, "average_salary");
  json_builder_add_double_value (builder, cd_hsb_cell_average_salary (cell));
  json_builder_set_member_name (builder, "average_days");
  json_builder_add_double_value (builder, cd_hsb_cell_average_days (cell));
  json_builder_set_member_name (builder, "amount");
  json_builder_add_int_value (builder, cell->amount);
  json_builder_end_object (builder);
}

static void
print_json (const CdHsbReport *report)
{
  static const char * const sections[] = { "total", "workplace", "age", "benefit" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *quarter = g_strdup_printf ("%d-Q%d", report->year, report->quarter);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "form");
  json_builder_add_string_value (builder, cd_hsb_form_to_string (report->form));
  json_builder_set_member_name (builder, "quarter");
  json_builder_add_string_value (builder, quarter);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, report->from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, report->to);
  json_builder_set_member_name (builder, "office");
  if (report->office_code != NULL)
    json_builder_add_string_value (builder, report->office_code);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->rows->len; i++)
    {
      const CdHsbRow *row = &g_array_index (report->rows, CdHsbRow, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "section");
      json_builder_add_string_value (builder, sections[row->section]);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, row->key);
      json_builder_set_member_name (builder, "label_vi");
      json_builder_add_string_value (builder, row->label_vi);
      json_builder_set_member_name (builder, "label_en");
      json_builder_add_string_value (builder, row->label_en);
      add_cell (builder, "male", &row->cells[CD_HSB_MALE]);
      add_cell (builder, "female", &row->cells[CD_HSB_FEMALE]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

static void
print_summary (const CdHsbReport *report)
{
  printf (_("Form %s, quarter %d-Q%d (%s – %s), decisions frozen in the quarter\n"),
          cd_hsb_form_to_string (report->form), report->year, report->quarter, report->from,
          report->to);
  for (guint i = 0; i < report->rows->len; i++)
    {
      const CdHsbRow *row = &g_array_index (report->rows, CdHsbRow, i);
      const CdHsbCell *men = &row->cells[CD_HSB_MALE];
      const CdHsbCell *women = &row->cells[CD_HSB_FEMALE];
      g_autofree char *men_amount = g_strdup_printf ("%" G_GINT64_FORMAT, men->amount);
      g_autofree char *women_amount = g_strdup_printf ("%" G_GINT64_FORMAT, women->amount);

      /* TRANSLATORS: a row of the statistics form: its key, then turns and amounts by sex. */
      printf (_("  %-26s men %u (%s VND), women %u (%s VND)\n"), row->key, men->turns,
              men_amount, women->turns, women_amount);
    }
}

int
cli_oversight_hsb (const char  *name,
                   int          argc,
                   char       **argv)
{
  g_autofree char *command = g_strconcat ("oversight ", name, NULL);
  g_auto(HsbArgs) a = { 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &a.db_path, N_("The database file"), N_("PATH") },
    { "quarter", 0, 0, G_OPTION_ARG_STRING, &a.quarter,
      N_("The quarter whose frozen decisions are counted"), N_("YYYY-QN") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &a.pdf, N_("Write the form as PDF to FILE"),
      N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &a.csv, N_("Write the form as CSV to FILE"),
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &a.as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdHsbReport) report = NULL;
  CdHsbForm form;
  int year, quarter;

  if (!cd_hsb_form_from_string (name, &form))
    {
      cli_fail ("oversight", _("“%s” is not a statistics form (hsb22a, hsb22b)"), name);
      return CLI_EXIT_USAGE;
    }
  if (!cli_parse (&argc, &argv, command, NULL, entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (a.db_path == NULL)
    {
      cli_fail (command, _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if (a.quarter == NULL || !cd_hsb_quarter_parse (a.quarter, &year, &quarter))
    {
      cli_fail (command, _("--quarter %s: expected a quarter such as 2026-Q3"),
                a.quarter != NULL ? a.quarter : "");
      return CLI_EXIT_USAGE;
    }

  context = cli_context_open (command, a.db_path, CLI_STORE_READ, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  report = cd_hsb_report_build (db, form, year, quarter, &error);
  if (report == NULL
      || (a.pdf != NULL && !cd_hsb_report_render_pdf (report, a.pdf, &error))
      || (a.csv != NULL && !cd_hsb_report_write_csv (report, a.csv, &error)))
    {
      cli_fail (command, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (a.as_json)
    print_json (report);
  else if (a.pdf == NULL && a.csv == NULL)
    print_summary (report);
  return CLI_EXIT_OK;
}
