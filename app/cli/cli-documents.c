/* cli-documents.c — `parse-document`, `sign-document` and `verify-signature`: the document parsers
 * and signatures from a shell, for officers checking a file by hand and for building test
 * fixtures. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cd-document.h"
#include "cd-json-util.h"
#include "cd-trust-store.h"
#include "cd-xmldsig.h"
#include "cd-xmldsig-foreign.h"
#include "cli-common.h"

/* An envelope is read table by table: the ones refused are in the JSON, and named on stderr too so
 * that nobody mistakes a partly read envelope for a whole one. */
static void
warn_refused_tables (CdDocument *document)
{
  JsonObject *content = cd_document_get_content (document);
  JsonArray *refused;

  if (cd_document_get_kind (document) != CD_DOCUMENT_KIND_MOH_ENVELOPE
      || !json_object_has_member (content, "refused"))
    return;
  refused = json_object_get_array_member (content, "refused");
  for (guint i = 0; i < json_array_get_length (refused); i++)
    fprintf (stderr, "claimdesk-cli parse-document: %s\n",
             json_object_get_string_member (json_array_get_object_element (refused, i),
                                            "message"));
}

int
cli_parse_document (int    argc,
                    char **argv)
{
  g_autofree char *trust_dir = NULL;
  g_autoptr(CdDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gboolean verify = FALSE;
  GOptionEntry entries[] = {
    { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &trust_dir,
      N_("Also verify the signature against the CA certificates in DIR"), N_("DIR") },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
      N_("Also verify the signature against this workstation’s trust anchors"), NULL },
    { NULL }
  };

  if (!cli_parse (&argc, &argv, "parse-document", "FILE", entries, 1, 1))
    return CLI_EXIT_USAGE;
  if (verify && trust_dir != NULL)
    {
      cli_fail ("parse-document", _("Give either --verify or --trust-dir DIR"));
      return CLI_EXIT_USAGE;
    }

  document = cd_document_parse_file (argv[1], &error);
  if (document == NULL)
    {
      cli_fail_file ("parse-document", argv[1], error->message);
      return CLI_EXIT_FAILED;
    }

  if (trust_dir != NULL)
    {
      g_autoptr(CdTrustStore) store = cd_trust_store_new_from_dir (trust_dir, &error);

      if (store == NULL)
        {
          cli_fail ("parse-document", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      cd_document_verify (document, store);
    }
  else if (verify)
    {
      /* The anchors the workstation fetches with: none on a new one, so every signer is
       * "untrusted" until an administrator adds them. */
      g_autoptr(CdTrustStore) store = cd_trust_store_new_default (&error);

      if (store == NULL)
        {
          cli_fail ("parse-document", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      cd_document_verify (document, store);
    }

  json = cd_document_to_json (document, TRUE);
  printf ("%s\n", json);
  warn_refused_tables (document);
  return CLI_EXIT_OK;
}

int
cli_sign_document (int    argc,
                   char **argv)
{
  g_autofree char *key_path = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *facility = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(CdSigningKey) key = NULL;
  g_autoptr(GBytes) signed_bytes = NULL;
  g_autoptr(GError) error = NULL;
  CdXmldsigProfile profile = CD_XMLDSIG_PROFILE_ENVELOPED;
  gsize length = 0;
  GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, N_("The PEM private key"), N_("FILE") },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_path, N_("The PEM certificate"), N_("FILE") },
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("Use the TEST-ONLY key of this facility code"), N_("CODE") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name,
      N_("enveloped (default) or id"), N_("PROFILE") },
    { NULL }
  };

  if (!cli_parse (&argc, &argv, "sign-document", "FILE", entries, 1, 1))
    return CLI_EXIT_USAGE;
  if (profile_name != NULL && g_strcmp0 (profile_name, "id") == 0)
    profile = CD_XMLDSIG_PROFILE_ID;
  else if (profile_name != NULL && g_strcmp0 (profile_name, "enveloped") != 0)
    {
      cli_fail ("sign-document", _("--profile is enveloped or id"));
      return CLI_EXIT_USAGE;
    }
  if ((facility == NULL) == (key_path == NULL || cert_path == NULL))
    {
      cli_fail ("sign-document", _("Give either --facility CODE or both --key and --cert"));
      return CLI_EXIT_USAGE;
    }

  key = facility != NULL ? cd_signing_key_new_for_test_facility (facility, &error)
                         : cd_signing_key_new_from_files (key_path, cert_path, &error);
  if (key == NULL && facility != NULL)
    {
      cli_fail ("sign-document", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  if (key == NULL)
    {
      cli_fail_signing_key ("sign-document", key_path, cert_path, error->message);
      return CLI_EXIT_FAILED;
    }
  if (!g_file_get_contents (argv[1], &contents, &length, &error)
      || (signed_bytes = cd_xmldsig_sign_bytes (key, contents, length, profile, &error)) == NULL)
    {
      cli_fail_file ("sign-document", argv[1], error->message);
      return CLI_EXIT_FAILED;
    }
  fwrite (g_bytes_get_data (signed_bytes, NULL), 1, g_bytes_get_size (signed_bytes), stdout);
  return CLI_EXIT_OK;
}

static void
print_signature_json (const char                     *path,
                      const CdForeignSignatureResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  cd_json_add_string_member (builder, "file", path);
  cd_json_add_string_member (builder, "status",
                             cd_foreign_signature_status_to_string (result->status));
  cd_json_add_string_member (builder, "root", result->root);
  json_builder_set_member_name (builder, "references");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->references->len; i++)
    {
      const CdForeignReference *reference = g_ptr_array_index (result->references, i);

      json_builder_begin_object (builder);
      cd_json_add_string_member (builder, "uri", reference->uri);
      cd_json_add_string_member (builder, "digest", reference->digest);
      cd_json_add_string_member (builder, "element", reference->element);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  cd_json_add_string_member (builder, "signature_algorithm", result->signature_algorithm);
  cd_json_add_string_member (builder, "subject", result->subject);
  cd_json_add_string_member (builder, "reason", result->reason);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

/* Where each element the References cover sits, once each: "/HDon/DLHDon, /HDon/…/Object". A
 * foreign signature need not cover the whole document, so the line says what it does cover. */
static char *
covered_paths (const CdForeignSignatureResult *result)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  for (guint i = 0; i < result->references->len; i++)
    {
      const CdForeignReference *reference = g_ptr_array_index (result->references, i);

      if (reference->element != NULL
          && !g_ptr_array_find_with_equal_func (paths, reference->element, g_str_equal, NULL))
        g_ptr_array_add (paths, reference->element);
    }
  g_ptr_array_add (paths, NULL);
  return g_strjoinv (", ", (char **) paths->pdata);
}

static void
print_signature_line (const char                     *path,
                      const CdForeignSignatureResult *result)
{
  const char *reason = result->reason != NULL ? result->reason : "";
  g_autofree char *covered = covered_paths (result);

  switch (result->status)
    {
    case CD_FOREIGN_SIGNATURE_VALID:
      /* TRANSLATORS: "FILE: valid signature by SUBJECT, covering /HDon/DLHDon, …" */
      printf (_("%s: valid signature by %s, covering %s"), path,
              result->subject != NULL ? result->subject : "?", covered);
      break;
    case CD_FOREIGN_SIGNATURE_UNTRUSTED:
      if (result->subject != NULL)
        /* TRANSLATORS: "FILE: untrusted signature by SUBJECT, covering /HDon/DLHDon, …
         * (reason in English)" */
        printf (_("%s: untrusted signature by %s, covering %s (%s)"), path, result->subject,
                covered, reason);
      else
        /* TRANSLATORS: "FILE: …, covering /HDon/DLHDon, … (reason in English)" */
        printf (_("%s: untrusted signature that names no signer, covering %s (%s)"), path,
                covered, reason);
      break;
    case CD_FOREIGN_SIGNATURE_INVALID:
      /* TRANSLATORS: "FILE: invalid signature (reason in English)" */
      printf (_("%s: invalid signature (%s)"), path, reason);
      break;
    case CD_FOREIGN_SIGNATURE_REFUSED:
    default:
      /* TRANSLATORS: "FILE: signature refused (reason in English)" */
      printf (_("%s: signature refused (%s)"), path, reason);
      break;
    }
  printf ("\n");
}

int
cli_verify_signature (int    argc,
                      char **argv)
{
  g_autofree char *trust_dir = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(CdTrustStore) store = NULL;
  g_autoptr(CdForeignSignatureResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  gboolean verify = FALSE;
  gboolean json = FALSE;
  gsize length = 0;
  GOptionEntry entries[] = {
    { "trust-dir", 0, 0, G_OPTION_ARG_FILENAME, &trust_dir,
      N_("Check the signer against the CA certificates in DIR"), N_("DIR") },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
      N_("Check the signer against this workstation’s trust anchors"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };

  if (!cli_parse (&argc, &argv, "verify-signature", "FILE", entries, 1, 1))
    return CLI_EXIT_USAGE;
  if (verify && trust_dir != NULL)
    {
      cli_fail ("verify-signature", _("Give either --verify or --trust-dir DIR"));
      return CLI_EXIT_USAGE;
    }

  /* Without either, nobody is trusted: a signature that holds reads "untrusted". */
  if (trust_dir != NULL)
    store = cd_trust_store_new_from_dir (trust_dir, &error);
  else if (verify)
    store = cd_trust_store_new_default (&error);
  if (error != NULL)
    {
      cli_fail ("verify-signature", "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    {
      cli_fail_file ("verify-signature", argv[1], error->message);
      return CLI_EXIT_FAILED;
    }
  source = g_path_get_basename (argv[1]);
  result = cd_xmldsig_verify_foreign_data (store, contents, length, source);
  if (json)
    print_signature_json (argv[1], result);
  /* A file that is no XML we read (empty, cut short, a DOCTYPE) is a bad input, told as every
   * command tells one (docs/cli.md); --json still gets its object. */
  if (result->root == NULL)
    cli_fail_file ("verify-signature", argv[1], result->reason);
  else if (!json)
    print_signature_line (argv[1], result);
  return result->status == CD_FOREIGN_SIGNATURE_VALID
         || result->status == CD_FOREIGN_SIGNATURE_UNTRUSTED ? CLI_EXIT_OK : CLI_EXIT_FAILED;
}
