/* cli-paper.c — `paper add|list|kinds`: paper documents an officer records when no source can give
 * them (docs/paper-documents.md).
 *
 * add acts as a signed-in officer or supervisor (--user LOGIN, the password on the first line of
 * stdin), as `payout` does: the document is audited under that person's name. Invalid fields are
 * printed each on a line, "FIELD: reason", and exit with the usage status (2): nothing is stored.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "cd-claim-store.h"
#include "cd-context.h"
#include "cd-json-util.h"
#include "cd-paper-document.h"
#include "cli-common.h"

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static int
paper_kinds (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
          { NULL } };
  const CdPaperKind *kinds;
  guint n = 0;

  if (!cli_parse (&argc, &argv, "paper kinds", "", entries, 0, 0))
    return CLI_EXIT_USAGE;

  kinds = cd_paper_kinds (&n);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, kinds[i].kind);
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, cd_paper_kind_get_label (&kinds[i]));
          cd_json_add_string_member (builder, "table", kinds[i].table);
          cd_json_add_string_member (builder, "root", kinds[i].root);
          cd_json_add_string_member (builder, "event", kinds[i].event);
          json_builder_set_member_name (builder, "system");
          json_builder_add_string_value (builder, kinds[i].system);
          json_builder_set_member_name (builder, "date_field");
          json_builder_add_string_value (builder, kinds[i].date_field);
          json_builder_set_member_name (builder, "fields");
          json_builder_begin_array (builder);
          for (const CdPaperField *f = kinds[i].fields; f->name != NULL; f++)
            {
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "name");
              json_builder_add_string_value (builder, f->name);
              json_builder_set_member_name (builder, "label");
              json_builder_add_string_value (builder, cd_paper_field_get_label (f));
              json_builder_set_member_name (builder, "type");
              json_builder_add_string_value (builder, cd_paper_field_type_to_string (f->type));
              json_builder_set_member_name (builder, "required");
              json_builder_add_boolean_value (builder, f->required);
              if (f->max > 0)
                {
                  json_builder_set_member_name (builder, "max");
                  json_builder_add_int_value (builder, f->max);
                }
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      printf ("%s — %s\n", kinds[i].kind, cd_paper_kind_get_label (&kinds[i]));
      for (const CdPaperField *f = kinds[i].fields; f->name != NULL; f++)
        printf ("  %-20s %-10s %-9s %s\n", f->name, cd_paper_field_type_to_string (f->type),
                f->required ? _("required") : _("optional"), cd_paper_field_get_label (f));
    }
  return CLI_EXIT_OK;
}

static int
paper_add (int    argc,
           char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *login = NULL;
  g_autofree char *person = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *claim = NULL;
  g_autofree char *scan_path = NULL;
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
          { "user", 0, 0, G_OPTION_ARG_STRING, &login,
            N_("The officer recording it (their password is the first line of stdin)"),
            "LOGIN" },
          { "person", 0, 0, G_OPTION_ARG_STRING, &person,
            N_("The personal ID of whom the document is about"), "ID" },
          { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
            N_("The kind of document (see `paper kinds`)"), "KIND" },
          { "claim", 0, 0, G_OPTION_ARG_STRING, &claim, N_("The claim to link it to"),
            N_("NUMBER") },
          { "scan", 0, 0, G_OPTION_ARG_FILENAME, &scan_path,
            N_("A scan of the paper: PNG, JPEG or PDF"), N_("FILE") },
          { NULL } };
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(GBytes) scan = NULL;
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scan_name = NULL;
  CdPaperEntry entry = { 0 };
  gint64 claim_id = 0, id;

  if (!cli_parse (&argc, &argv, "paper add", _("FIELD=VALUE…"), entries, 0, -1))
    return CLI_EXIT_USAGE;
  if (db_path == NULL || login == NULL || person == NULL || kind == NULL)
    {
      cli_fail ("paper add", _("--db PATH, --user LOGIN, --person ID and --kind KIND are "
                               "required"));
      return CLI_EXIT_USAGE;
    }
  if (cd_paper_kind_find (kind) == NULL)
    {
      cli_fail ("paper add", _("Not a kind of paper document: %s (see `paper kinds`)"), kind);
      return CLI_EXIT_USAGE;
    }
  for (int i = 1; i < argc; i++)
    {
      const char *equals = strchr (argv[i], '=');
      g_autofree char *name = equals != NULL ? g_strndup (argv[i], equals - argv[i]) : NULL;

      if (name == NULL || *name == '\0')
        {
          cli_fail ("paper add", _("Expected FIELD=VALUE, not %s"), argv[i]);
          return CLI_EXIT_USAGE;
        }
      if (g_hash_table_contains (values, name))
        {
          cli_fail ("paper add", _("%s is given twice"), name);
          return CLI_EXIT_USAGE;
        }
      g_hash_table_insert (values, g_steal_pointer (&name), g_strdup (equals + 1));
    }

  /* The fields first: a mistyped date is told before a password is asked for. */
  {
    g_autoptr(JsonNode) fields = cd_paper_document_validate (kind, values, &invalid);

    if (fields == NULL)
      {
        for (guint i = 0; i < invalid->len; i++)
          {
            CdPaperInvalid *bad = g_ptr_array_index (invalid, i);

            g_printerr ("%s: %s\n", bad->field, bad->reason);
          }
        return CLI_EXIT_USAGE;
      }
  }
  if (scan_path != NULL)
    {
      scan = cd_paper_scan_read (scan_path, &error);
      if (scan == NULL)
        {
          cli_fail ("paper add", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      scan_name = g_path_get_basename (scan_path);
    }

  context = cli_context_open ("paper add", db_path, CLI_STORE_WRITE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (claim != NULL)
    {
      if (!cd_claim_store_find_by_number (db, claim, &claim_id, NULL, &error))
        {
          cli_fail ("paper add", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      if (claim_id == 0)
        {
          cli_fail ("paper add", _("There is no claim %s"), claim);
          return CLI_EXIT_FAILED;
        }
    }
  session = cli_sign_in ("paper add", db, login);
  if (session == NULL)
    return CLI_EXIT_FAILED;

  entry.kind = kind;
  entry.personal_id = person;
  entry.values = values;
  entry.claim_id = claim_id;
  entry.scan = scan;
  entry.scan_file_name = scan_name;
  id = cd_paper_document_save (db, session, &entry, NULL, NULL, &error);
  if (id == 0)
    {
      cli_fail ("paper add", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf ("%" G_GINT64_FORMAT "\n", id);
  return CLI_EXIT_OK;
}

/* The fields that say which paper it is: the required ones, as stored. */
static char *
key_fields (CdPaperDocument *document)
{
  const CdPaperKind *kind = cd_paper_kind_find (document->kind);
  JsonObject *record = cd_paper_fields_record (document->fields);
  GString *out = g_string_new (NULL);

  for (const CdPaperField *f = kind != NULL ? kind->fields : NULL;
       f != NULL && f->name != NULL && record != NULL; f++)
    {
      JsonNode *node = json_object_get_member (record, f->name);
      g_autofree char *value = NULL;

      if (!f->required || node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;
      value = json_node_get_value_type (node) == G_TYPE_STRING
              ? g_strdup (json_node_get_string (node))
              : json_to_string (node, FALSE);
      g_string_append_printf (out, "%s%s=%s", out->len > 0 ? " " : "", f->name, value);
    }
  return g_string_free (out, FALSE);
}

static int
paper_list (int    argc,
            char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *person = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
          { "person", 0, 0, G_OPTION_ARG_STRING, &person, N_("The person’s personal ID"), "ID" },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
          { NULL } };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) error = NULL;

  if (!cli_parse (&argc, &argv, "paper list", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL || person == NULL)
    {
      cli_fail ("paper list", _("--db PATH and --person ID are required"));
      return CLI_EXIT_USAGE;
    }
  context = cli_context_open ("paper list", db_path, CLI_STORE_READ, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  documents = cd_paper_documents_list (db, person, &error);
  if (documents == NULL)
    {
      cli_fail ("paper list", "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < documents->len; i++)
        {
          CdPaperDocument *d = g_ptr_array_index (documents, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, d->id);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, d->kind);
          cd_json_add_string_member (builder, "paper_state", d->paper_state);
          cd_json_add_string_member (builder, "paper_checked_at", d->paper_checked_at);
          cd_json_add_string_member (builder, "entered_by", d->entered_by_login);
          cd_json_add_string_member (builder, "entered_by_name", d->entered_by);
          cd_json_add_string_member (builder, "entered_at", d->entered_at);
          json_builder_set_member_name (builder, "claim_id");
          if (d->claim_id > 0)
            json_builder_add_int_value (builder, d->claim_id);
          else
            json_builder_add_null_value (builder);
          cd_json_add_string_member (builder, "sha256", d->sha256);
          cd_json_add_string_member (builder, "scan_sha256", d->scan_sha256);
          cd_json_add_string_member (builder, "scan_media_type", d->scan_media_type);
          json_builder_set_member_name (builder, "fields");
          if (d->fields != NULL)
            json_builder_add_value (builder, json_node_copy (d->fields));
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return CLI_EXIT_OK;
    }

  if (documents->len == 0)
    printf (_("No paper documents for %s\n"), person);
  for (guint i = 0; i < documents->len; i++)
    {
      CdPaperDocument *d = g_ptr_array_index (documents, i);
      g_autofree char *provenance = cd_paper_describe_provenance (d->entered_by, d->entered_at);
      g_autofree char *keys = key_fields (d);

      printf ("%" G_GINT64_FORMAT "  %s  %s  %s  %s\n", d->id, d->kind, d->paper_state, provenance,
              keys);
    }
  return CLI_EXIT_OK;
}

int
cli_paper (int    argc,
           char **argv)
{
  const char *verb = argc >= 2 ? argv[1] : "";

  if (g_str_equal (verb, "add"))
    return paper_add (argc - 1, argv + 1);
  if (g_str_equal (verb, "list"))
    return paper_list (argc - 1, argv + 1);
  if (g_str_equal (verb, "kinds"))
    return paper_kinds (argc - 1, argv + 1);
  cli_fail ("paper", _("Expected add, list or kinds"));
  return CLI_EXIT_USAGE;
}
