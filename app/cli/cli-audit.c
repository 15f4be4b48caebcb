/* cli-audit.c — `verify-audit`: check the audit log's hash chain, and its head against anchors
 * kept outside the database (docs/workflow.md, "What the chain proves"). */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-audit-anchor.h"
#include "cd-audit-log.h"
#include "cd-central-client.h"
#include "cd-context.h"
#include "cd-database.h"
#include "cd-office-credential.h"
#include "cli-common.h"

typedef struct
{
  gint64      seq;
  const char *hash;
  const char *source;  /* where the anchor comes from, for the message */
} Anchor;

/* Every anchor is checked; the first that fails is the one line printed (or the store's error on
 * stderr). Returns FALSE then. */
static gboolean
check_anchors (CdDatabase *db,
               GArray     *anchors)
{
  for (guint i = 0; i < anchors->len; i++)
    {
      const Anchor *anchor = &g_array_index (anchors, Anchor, i);
      g_autoptr(GError) error = NULL;
      CdAuditAnchorMatch match;
      gint64 last_seq = 0;

      if (!cd_audit_log_check_anchor (db, anchor->seq, anchor->hash, &match, &last_seq, &error))
        {
          cli_fail ("verify-audit", "%s", error->message);
          return FALSE;
        }
      switch (match)
        {
        case CD_AUDIT_ANCHOR_HOLDS:
          continue;
        case CD_AUDIT_ANCHOR_TRUNCATED:
          printf (_("Audit log truncated after the anchored entry %lld (%s): the log now ends at "
                    "entry %lld.\n"), (long long) anchor->seq, anchor->source,
                  (long long) last_seq);
          return FALSE;
        case CD_AUDIT_ANCHOR_REWRITTEN:
          printf (_("Audit log rewritten after the anchored entry %lld (%s): that entry no longer "
                    "has the anchored hash.\n"), (long long) anchor->seq, anchor->source);
          return FALSE;
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

/* The anchors central holds for this workstation's office credentials. NULL after one line on
 * stderr. */
static GPtrArray *
central_anchors (CdContext   *context,
                 CdDatabase  *db,
                 const char  *central_url,
                 const char  *officer,
                 const char  *credential_file,
                 const char  *ca_file,
                 guint       *n_refused)
{
  g_autoptr(CdOfficeCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *anchors;

  if (!cli_check_officer ("verify-audit", db, officer))
    return NULL;
  if (!cli_office_credential ("verify-audit", db, credential_file, &credential))
    return NULL;
  if (ca_file != NULL)
    cd_http_client_set_ca_file (cd_context_get_http_client (context), ca_file);
  cd_context_set_office_credential (context, credential);
  cd_context_set_operator (context, officer);
  cd_context_set_addresses (context, central_url, NULL);
  anchors = cd_central_client_get_audit_anchors (cd_context_get_central_client (context),
                                                 n_refused, NULL, &error);
  if (anchors == NULL)
    cli_fail ("verify-audit", "%s", error->message);
  return anchors;
}

int
cli_verify_audit (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *anchor_text = NULL;
  g_autofree char *central_url = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *credential_file = NULL;
  g_autofree char *ca_file = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
    { "anchor", 0, 0, G_OPTION_ARG_STRING, &anchor_text,
      N_("An anchor of the log kept outside it: entry SEQ must be there with this hash"),
      N_("SEQ:HASH") },
    { "central", 0, 0, G_OPTION_ARG_STRING, &central_url,
      N_("Check the log against every anchor the central system holds for this workstation"),
      N_("URL") },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &officer,
      N_("With --central: the officer the central token is asked for (an account of the store)"),
      N_("ID") },
    { "office-credential-file", 0, 0, G_OPTION_ARG_FILENAME, &credential_file,
      N_("The office credentials (ID:SECRET) from this file, or - for standard input"),
      N_("FILE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("CA certificates for central’s HTTPS certificate (default: the system’s)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdAuditAnchor) given = NULL;
  g_autoptr(GPtrArray) from_central = NULL;
  g_autoptr(GArray) anchors = g_array_new (FALSE, FALSE, sizeof (Anchor));
  g_autofree char *local_hash = NULL;
  gint64 local_seq = -1;
  guint n_refused = 0;
  CdAuditLogReport report = { 0 };

  if (!cli_parse (&argc, &argv, "verify-audit", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("verify-audit", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  if (anchor_text != NULL && (given = cd_audit_anchor_parse (anchor_text, &error)) == NULL)
    {
      cli_fail ("verify-audit", "%s", error->message);
      return CLI_EXIT_USAGE;
    }

  /* A reader: checking must never write, nor need the file to be writable. */
  context = cli_context_open ("verify-audit", db_path, CLI_STORE_READ, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (!cd_audit_log_verify (db, &report, &error))
    {
      cli_fail ("verify-audit", "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  if (report.kind != CD_AUDIT_BREAK_NONE)
    {
      /* The first break is named by its seq; what follows it cannot be trusted either. */
      if (report.kind == CD_AUDIT_BREAK_DELETED)
        printf (_("Audit log broken at entry %lld: entries before it were deleted (expected entry "
                  "%lld).\n"),
                (long long) report.seq, (long long) report.expected_seq);
      else
        printf (_("Audit log broken at entry %lld: %s.\n"), (long long) report.seq,
                cd_audit_break_describe (report.kind));
      cd_audit_log_report_clear (&report);
      return CLI_EXIT_FAILED;
    }

  /* The chain holds; now whether anything was cut from its end or rewritten with it. The strong
   * anchors first (given by the auditor, or held by central), then the one this store recorded,
   * which whoever rewrote the log could have deleted too. */
  if (given != NULL)
    {
      Anchor anchor = { given->seq, given->hash, _("the anchor given") };
      g_array_append_val (anchors, anchor);
    }
  if (central_url != NULL)
    {
      from_central = central_anchors (context, db, central_url, officer, credential_file, ca_file,
                                      &n_refused);
      if (from_central == NULL)
        {
          cd_audit_log_report_clear (&report);
          return CLI_EXIT_FAILED;
        }
      /* The newest first: it covers the most, and a cut-back log fails it first. */
      for (guint i = from_central->len; i > 0; i--)
        {
          const CdAuditAnchor *held = g_ptr_array_index (from_central, i - 1);
          Anchor anchor = { held->seq, held->hash, _("held by the central system") };
          g_array_append_val (anchors, anchor);
        }
    }
  if (!cd_audit_log_read_anchor (db, &local_seq, &local_hash, &error))
    {
      cli_fail ("verify-audit", "%s", error->message);
      cd_audit_log_report_clear (&report);
      return CLI_EXIT_FAILED;
    }
  if (local_seq >= 0)
    {
      Anchor anchor = { local_seq, local_hash,
                        _("acknowledged by the central system, as recorded in this store") };
      g_array_append_val (anchors, anchor);
    }

  if (!check_anchors (db, anchors))
    {
      cd_audit_log_report_clear (&report);
      return CLI_EXIT_FAILED;
    }
  if (n_refused > 0)
    {
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "Audit log suspect: the central system refused %u head of it (it went "
                           "back, or changed, after central anchored it).\n",
                           "Audit log suspect: the central system refused %u heads of it (they "
                           "went back, or changed, after central anchored them).\n",
                           n_refused), n_refused);
      cd_audit_log_report_clear (&report);
      return CLI_EXIT_FAILED;
    }

  printf (_("Audit log intact: %llu entries, last hash %s\n"),
          (unsigned long long) report.n_entries,
          report.head_hash != NULL ? report.head_hash : CD_AUDIT_GENESIS_HASH);
  if (anchors->len > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "It holds the %u anchor kept outside it.\n",
                         "It holds all %u anchors kept outside it.\n", anchors->len),
            anchors->len);
  cd_audit_log_report_clear (&report);
  return CLI_EXIT_OK;
}
