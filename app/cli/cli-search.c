/* cli-search.c — `search`: one query over people and claims. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-database.h"
#include "cd-search.h"
#include "cd-context.h"
#include "cli-common.h"

/* Pads to `width` characters, not bytes: Vietnamese names are mostly multi-byte. */
static char *
padded (const char *text,
        glong       width)
{
  GString *out = g_string_new (text);

  for (glong n = g_utf8_strlen (text, -1); n < width; n++)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

int
cli_search (int    argc,
            char **argv)
{
  g_autofree char *db_path = NULL;
  gboolean json = FALSE;
  int limit = 20;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the results as a JSON array"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N results (default 20)"), "N" },
    { NULL }
  };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *query = NULL;

  if (!cli_parse (&argc, &argv, "search", _("QUERY"), entries, 1, -1))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("search", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if (limit <= 0)
    {
      cli_fail ("search", _("--limit must be positive"));
      return CLI_EXIT_USAGE;
    }
  /* The words of the query may come as separate arguments: search nguyen van duc. */
  query = g_strjoinv (" ", argv + 1);

  context = cli_context_open ("search", db_path, CLI_STORE_READ, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  results = cd_search_run (db, query, (guint) limit, &error);
  if (results == NULL)
    {
      cli_fail ("search", "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  if (json)
    {
      g_autofree char *text = cd_search_results_to_json (results);
      printf ("%s\n", text);
      return CLI_EXIT_OK;
    }

  if (results->len == 0)
    printf ("%s\n", _("Nothing found."));
  for (guint k = 0; k < results->len; k++)
    {
      CdSearchResult *r = results->pdata[k];
      g_autofree char *kind = padded (r->kind == CD_SEARCH_KIND_PERSON ? _("person") : _("claim"), 7);
      g_autofree char *name = padded (r->name, 28);

      if (r->kind == CD_SEARCH_KIND_PERSON)
        printf ("%s %-16s %s %s %s\n", kind, r->id, name, r->si_code != NULL ? r->si_code : "-",
                r->birth_date);
      else
        printf ("%s %-16s %s %s %s %s–%s\n", kind, r->id, name, r->benefit, r->status,
                r->period_from, r->period_to);
    }
  return CLI_EXIT_OK;
}
