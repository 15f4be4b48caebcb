/* cli-bundle.c — `bundle export|import|list`: the outbox to a file for a USB stick, and central's
 * receipts back (docs/sync.md, "File bundles").
 *
 * The office's credentials key the bundle's MAC: from --office-credential-file (or - for stdin),
 * else from the keyring for an enrolled store, as `sync` takes them.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cd-bundle-store.h"
#include "cd-context.h"
#include "cd-json-util.h"
#include "cd-office-setup.h"
#include "cd-rule-pack-install.h"
#include "cli-common.h"

typedef struct
{
  char     *db_path;
  char     *out;
  char     *credential_file;
  char     *packs_dir;
  char     *trust_dir;
  gboolean  json;
} Args;

static void
args_clear (Args *a)
{
  g_free (a->db_path);
  g_free (a->out);
  g_free (a->credential_file);
  g_free (a->packs_dir);
  g_free (a->trust_dir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Args, args_clear)

/* The sender: the enrolled office's code (NULL for a store never enrolled, like the demo's) and
 * the office credentials. FALSE after one line on stderr. */
static gboolean
sender (const char          *command,
        CdDatabase          *db,
        const char          *credential_file,
        char               **office,
        CdOfficeCredential **credential)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdOfficeSetup) setup = cd_office_setup_read (db, &error);

  if (setup == NULL)
    {
      cli_fail (command, "%s", error->message);
      return FALSE;
    }
  *office = g_strdup (setup->office_code);
  if (!cli_office_credential (command, db, credential_file, credential))
    return FALSE;
  if (*credential == NULL)
    cli_fail (command, _("This store is not enrolled with the central system, so no office "
                         "credentials sign its bundles: give --office-credential-file"));
  return *credential != NULL;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, TRUE);

  printf ("%s\n", text);
}

static int
bundle_export (const char *command,
               Args       *a,
               CdDatabase *db)
{
  g_autoptr(CdOfficeCredential) credential = NULL;
  g_autofree char *office = NULL;
  g_autoptr(CdBundleExport) result = NULL;
  g_autoptr(GError) error = NULL;

  if (a->out == NULL)
    {
      cli_fail (command, _("--out FILE is required"));
      return CLI_EXIT_USAGE;
    }
  if (!sender (command, db, a->credential_file, &office, &credential))
    return CLI_EXIT_FAILED;
  result = cd_bundle_store_export (db, a->out, office, credential, &error);
  if (result == NULL)
    {
      cli_fail (command, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (a->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "sequence");
      json_builder_add_int_value (builder, result->sequence);
      json_builder_set_member_name (builder, "items");
      json_builder_add_int_value (builder, result->n_items);
      json_builder_set_member_name (builder, "attachments");
      json_builder_add_int_value (builder, result->n_attachments);
      json_builder_set_member_name (builder, "quarantined");
      json_builder_add_int_value (builder, result->n_quarantined);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) result->size);
      cd_json_add_string_member (builder, "sha256", result->sha256);
      cd_json_add_string_member (builder, "file", result->path);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      printf (_("bundle %lld: %u decisions, %u attachments, %llu bytes written to %s\n"),
              (long long) result->sequence, result->n_items, result->n_attachments,
              (unsigned long long) result->size, result->path);
      if (result->n_quarantined > 0)
        printf (_("%u damaged decisions were quarantined and left out (see `queue`)\n"),
                result->n_quarantined);
    }
  return CLI_EXIT_OK;
}

/* Central's signed rule packs that came back with the receipts: each is installed as a file from
 * a USB stick would be (checked, its golden cases run), and what happened is said. */
typedef struct
{
  CdTrustStore *trust;
  const char   *packs_dir;  /* NULL: the workstation's */
  GPtrArray    *installed;  /* char *: one line per pack taken or already there */
} PackInstall;

static void
pack_install_clear (PackInstall *install)
{
  g_clear_object (&install->trust);
  g_clear_pointer (&install->installed, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PackInstall, pack_install_clear)

static gboolean
install_payload (const CdBundlePayload  *payload,
                 gpointer                user_data,
                 GError                **error)
{
  PackInstall *install = user_data;
  g_autoptr(CdInstalledPack) info = NULL;
  gboolean already = FALSE;

  if (!cd_rule_pack_install_payload (payload->kind, payload->name, payload->bytes, install->trust,
                                     install->packs_dir, &info, &already, error))
    return FALSE;
  g_ptr_array_add (install->installed,
                   g_strdup_printf (already ? _("rule pack %s: already installed")
                                            : _("rule pack %s: installed"), info->id));
  return TRUE;
}

static int
bundle_import (const char *command,
               Args       *a,
               CdDatabase *db,
               const char *path)
{
  g_autoptr(CdOfficeCredential) credential = NULL;
  g_autofree char *office = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(CdBundleImport) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(PackInstall) install = { NULL, a->packs_dir, NULL };
  gsize length = 0;

  /* The file first: a wrong path is the likelier mistake, and says nothing of credentials. */
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      cli_fail_file (command, path, error->message);
      return CLI_EXIT_FAILED;
    }
  if (length == 0)
    {
      cli_fail (command, _("%s is empty: it holds no receipts"), path);
      return CLI_EXIT_FAILED;
    }
  data = g_bytes_new_take (g_steal_pointer (&contents), length);
  /* Its structure too, before asking for credentials that a file of the wrong kind never needs
   * (the MAC is checked on import, with them). */
  {
    g_autoptr(CdBundle) structure = cd_bundle_parse (data, path, &error);

    if (structure == NULL)
      {
        cli_fail_file (command, path, error->message);
        return CLI_EXIT_FAILED;
      }
  }
  if (!sender (command, db, a->credential_file, &office, &credential))
    return CLI_EXIT_FAILED;
  install.trust = cli_pack_anchors (command, a->trust_dir, db);
  if (install.trust == NULL)
    return CLI_EXIT_FAILED;
  install.installed = g_ptr_array_new_with_free_func (g_free);
  result = cd_bundle_store_import_receipts (db, data, path, office, credential, install_payload,
                                            &install, &error);
  if (result == NULL)
    {
      cli_fail (command, "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  if (a->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      const struct { const char *name; guint value; } counts[] = {
        { "accepted", result->accepted }, { "duplicate", result->duplicate },
        { "refused", result->refused }, { "quarantined", result->quarantined },
        { "deferred", result->deferred }, { "unchanged", result->unchanged },
        { "unknown", result->unknown }, { "missing", result->missing },
      };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "sequence");
      json_builder_add_int_value (builder, result->sequence);
      json_builder_set_member_name (builder, "already_imported");
      json_builder_add_boolean_value (builder, result->already_imported);
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        {
          json_builder_set_member_name (builder, counts[i].name);
          json_builder_add_int_value (builder, counts[i].value);
        }
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint i = 0; i < result->items->len; i++)
        {
          const CdBundleImportItem *item = g_ptr_array_index (result->items, i);

          json_builder_begin_object (builder);
          cd_json_add_string_member (builder, "decision", item->decision);
          cd_json_add_string_member (builder, "claim", item->claim_number);
          cd_json_add_string_member (builder, "status", item->status);
          cd_json_add_string_member (builder, "text", item->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "rule_packs");
      json_builder_begin_array (builder);
      for (guint i = 0; i < install.installed->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (install.installed, i));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "payload_errors");
      json_builder_begin_array (builder);
      for (guint i = 0; i < result->payload_errors->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (result->payload_errors, i));
      json_builder_end_array (builder);
      if (result->audit_anchor != NULL)
        {
          json_builder_set_member_name (builder, "audit_anchor");
          cd_audit_anchor_build (result->audit_anchor, builder);
        }
      json_builder_end_object (builder);
      print_json (builder);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < result->items->len; i++)
    {
      const CdBundleImportItem *item = g_ptr_array_index (result->items, i);

      printf ("%-16s %-36s %-12s %s\n", item->claim_number != NULL ? item->claim_number : "—",
              item->decision, item->status, item->text != NULL ? item->text : "");
    }
  printf (_("receipts for bundle %lld: accepted %u, duplicate %u, refused %u, quarantined %u, "
            "deferred %u, unchanged %u, unknown %u; %u of the bundle's decisions not answered\n"),
          (long long) result->sequence, result->accepted, result->duplicate,
          result->refused, result->quarantined, result->deferred, result->unchanged,
          result->unknown, result->missing);
  for (guint i = 0; i < install.installed->len; i++)
    printf ("%s\n", (char *) g_ptr_array_index (install.installed, i));
  /* A refused pack changes nothing here and does not undo the receipts: say it, loudly. */
  for (guint i = 0; i < result->payload_errors->len; i++)
    g_printerr (_("%s: refused: %s\n"), command,
                (char *) g_ptr_array_index (result->payload_errors, i));
  /* The decisions are filed all the same; what central refused is this store's audit log. */
  if (result->audit_anchor != NULL && cd_audit_anchor_is_refused (result->audit_anchor))
    g_printerr (_("%s: the central system refused this workstation’s audit log head (%s): %s\n"),
                command, result->audit_anchor->status,
                result->audit_anchor->message != NULL ? result->audit_anchor->message : "");
  if (result->already_imported)
    printf (_("These receipts were imported before: nothing changed.\n"));
  else if (result->unchanged == result->items->len && result->items->len > 0)
    printf (_("Every decision was already settled: nothing changed.\n"));
  return CLI_EXIT_OK;
}

static int
bundle_list (Args       *a,
             CdDatabase *db)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  records = cd_bundle_store_list (db, &error);
  if (records == NULL)
    {
      cli_fail ("bundle list", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (a->json)
    json_builder_begin_array (builder);
  else
    printf ("%-6s %-20s %7s %7s %-9s %-20s %s\n", _("SEQ"), _("CREATED"), _("ITEMS"),
            _("SCANS"), _("STATE"), _("ANSWERED"), _("FILE"));
  for (guint i = 0; i < records->len; i++)
    {
      const CdBundleRecord *record = g_ptr_array_index (records, i);

      if (a->json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "sequence");
          json_builder_add_int_value (builder, record->sequence);
          cd_json_add_string_member (builder, "file", record->file_name);
          cd_json_add_string_member (builder, "sha256", record->sha256);
          cd_json_add_string_member (builder, "created_at", record->created_at);
          json_builder_set_member_name (builder, "items");
          json_builder_add_int_value (builder, record->n_items);
          json_builder_set_member_name (builder, "attachments");
          json_builder_add_int_value (builder, record->n_attachments);
          cd_json_add_string_member (builder, "state", record->state);
          cd_json_add_string_member (builder, "answered_at", record->answered_at);
          cd_json_add_string_member (builder, "receipts_sha256", record->receipts_sha256);
          json_builder_end_object (builder);
        }
      else
        printf ("%-6" G_GINT64_FORMAT " %-20s %7u %7u %-9s %-20s %s\n", record->sequence,
                record->created_at, record->n_items, record->n_attachments, record->state,
                record->answered_at != NULL ? record->answered_at : "—", record->file_name);
    }
  if (a->json)
    {
      json_builder_end_array (builder);
      print_json (builder);
    }
  return CLI_EXIT_OK;
}

int
cli_bundle (int    argc,
            char **argv)
{
  g_auto(Args) a = { 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &a.db_path, N_("The database file"), N_("PATH") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &a.out, N_("export: the bundle file to write"),
      N_("FILE") },
    { "office-credential-file", 0, 0, G_OPTION_ARG_FILENAME, &a.credential_file,
      N_("The office credentials (ID:SECRET) from this file, or - for standard input"),
      N_("FILE") },
    { "packs-dir", 0, 0, G_OPTION_ARG_FILENAME, &a.packs_dir,
      N_("import: where the rule packs that came with the receipts are installed (default: the "
         "workstation’s)"), N_("DIR") },
    { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &a.trust_dir,
      N_("import: CA certificates the rule packs’ signer must chain to (default: the "
         "workstation’s and those central’s configuration gave the store)"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &a.json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  const char *verb = argc >= 2 ? argv[1] : "";
  g_autofree char *command = g_strdup_printf ("bundle %s", verb);
  gboolean import = g_str_equal (verb, "import");

  if (!g_str_equal (verb, "export") && !import && !g_str_equal (verb, "list"))
    {
      cli_fail ("bundle", _("Expected export, import or list"));
      return CLI_EXIT_USAGE;
    }
  argc--;
  argv++;
  if (!cli_parse (&argc, &argv, command, import ? "FILE" : "", entries, import ? 1 : 0,
                  import ? 1 : 0))
    return CLI_EXIT_USAGE;
  if (a.db_path == NULL)
    {
      cli_fail (command, _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  context = cli_context_open (command, a.db_path,
                              g_str_equal (verb, "list") ? CLI_STORE_READ
                                                         : CLI_STORE_WRITE_UNCHECKED, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (g_str_equal (verb, "export"))
    return bundle_export (command, &a, db);
  if (import)
    return bundle_import (command, &a, db, argv[1]);
  return bundle_list (&a, db);
}
