/* cli-secret.c — `secret store|lookup|clear`: the keyring's ClaimDesk secrets, for administrators
 * and tests. The secret comes on stdin, never in argv; `lookup` prints it only with --reveal. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cd-secrets.h"
#include "cli-common.h"

/* Officers' tokens can be long (a signed JWT): a whole piped stdin is read, up to this. */
#define MAX_SECRET_BYTES (64 * 1024)

#define SECRET_STATUS_ABSENT 3

/* All of a piped stdin without its last line break; one hidden line at a terminal. NULL when it is
 * too long (and `too_long` is set) or empty. */
static char *
read_secret (gboolean *too_long)
{
  GString *text;
  char buffer[4096];
  gsize n;

  *too_long = FALSE;
  if (isatty (STDIN_FILENO))
    {
      char *line = cli_read_secret_line ();

      if (line != NULL && *line == '\0')
        g_clear_pointer (&line, g_free);
      return line;
    }

  text = g_string_new (NULL);
  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    {
      if (text->len + n > MAX_SECRET_BYTES)
        {
          *too_long = TRUE;
          break;
        }
      g_string_append_len (text, buffer, (gssize) n);
    }
  memset (buffer, 0, sizeof buffer);
  if (!*too_long)
    {
      if (text->len > 0 && text->str[text->len - 1] == '\n')
        g_string_truncate (text, text->len - 1);
      if (text->len > 0 && text->str[text->len - 1] == '\r')
        g_string_truncate (text, text->len - 1);
    }
  if (*too_long || text->len == 0)
    {
      memset (text->str, 0, text->allocated_len);
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

int
cli_secret (int    argc,
            char **argv)
{
  g_autofree char *kind_name = NULL;
  g_autofree char *central = NULL;
  g_autofree char *account = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GError) error = NULL;
  gboolean reveal = FALSE;
  const char *action;
  CdSecretKind kind;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name,
      N_("office-credential or officer-token"), N_("KIND") },
    { "central", 0, 0, G_OPTION_ARG_STRING, &central,
      N_("The central system’s URL the secret is for"), N_("URL") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account,
      N_("The office code (office-credential) or the officer’s login (officer-token)"),
      N_("ACCOUNT") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label,
      N_("store: the name keyring managers show"), N_("TEXT") },
    { "reveal", 0, 0, G_OPTION_ARG_NONE, &reveal,
      N_("lookup: print the secret itself, not just whether one is stored"), NULL },
    { NULL }
  };

  if (argc < 2 || (!g_str_equal (argv[1], "store") && !g_str_equal (argv[1], "lookup")
                   && !g_str_equal (argv[1], "clear")))
    {
      cli_fail ("secret", _("Expected “store”, “lookup” or “clear”"));
      return CLI_EXIT_USAGE;
    }
  action = argv[1];
  argc--;
  argv++;
  if (!cli_parse (&argc, &argv, "secret", "--kind KIND --central URL --account ACCOUNT", entries,
                  0, 0))
    return CLI_EXIT_USAGE;
  if (!cd_secret_kind_from_string (kind_name, &kind))
    {
      cli_fail ("secret", _("--kind is office-credential or officer-token"));
      return CLI_EXIT_USAGE;
    }
  if (central == NULL || *central == '\0' || account == NULL || *account == '\0')
    {
      cli_fail ("secret", _("--central and --account are needed"));
      return CLI_EXIT_USAGE;
    }

  if (g_str_equal (action, "store"))
    {
      gboolean too_long = FALSE;
      char *secret = read_secret (&too_long);
      gboolean stored;

      if (secret == NULL)
        {
          if (too_long)
            cli_fail ("secret", _("The secret on standard input is longer than %d bytes"),
                      MAX_SECRET_BYTES);
          else
            cli_fail ("secret", _("The secret is expected on standard input"));
          return CLI_EXIT_USAGE;
        }
      if (!g_utf8_validate (secret, -1, NULL))
        {
          cd_secrets_free (secret);
          cli_fail ("secret", _("The secret on standard input is not UTF-8 text"));
          return CLI_EXIT_USAGE;
        }
      stored = cd_secrets_store_sync (kind, central, account, label, secret, NULL, &error);
      cd_secrets_free (secret);
      if (!stored)
        {
          cli_fail ("secret", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      /* Translators: the kind (office-credential or officer-token), the account, the URL. */
      printf (_("Stored the %s of %s at %s in the keyring"), kind_name, account, central);
      putchar ('\n');
      return CLI_EXIT_OK;
    }

  if (g_str_equal (action, "lookup"))
    {
      char *secret = cd_secrets_lookup_sync (kind, central, account, NULL, &error);

      if (error != NULL)
        {
          cli_fail ("secret", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      /* Without --reveal, a fixed word a script can test; the exit status says the same. */
      if (secret == NULL)
        {
          if (reveal)
            cli_fail ("secret", _("No %s of %s at %s is in the keyring"), kind_name, account,
                      central);
          else
            printf ("absent\n");
          return SECRET_STATUS_ABSENT;
        }
      printf ("%s\n", reveal ? secret : "present");
      cd_secrets_free (secret);
      return CLI_EXIT_OK;
    }

  if (!cd_secrets_clear_sync (kind, central, account, NULL, &error))
    {
      if (error != NULL)
        {
          cli_fail ("secret", "%s", error->message);
          return CLI_EXIT_FAILED;
        }
      printf (_("No %s of %s at %s was in the keyring"), kind_name, account, central);
      putchar ('\n');
      return CLI_EXIT_OK;
    }
  printf (_("Removed the %s of %s at %s from the keyring"), kind_name, account, central);
  putchar ('\n');
  return CLI_EXIT_OK;
}
