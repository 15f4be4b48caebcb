/* claimdesk-cli — the command line over libclaimdesk-core. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli-common.h"

static const CliCommand commands[] = {
  { "info", "--db PATH", N_("Show the schema version and contents of a database") , cli_info },
  { "init", "--db PATH", N_("Create a database, or bring an existing one to the current schema"), cli_init },
  { "render-letter", "--data FILE --output FILE", N_("Write a decision letter PDF from letter data (for developers)"),
    cli_render_letter },
};

void
cli_fail (const char *command,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, whatever the message held, so scripts can read it. */
  g_strdelimit (message, "\n", ' ');
  if (command != NULL)
    g_printerr ("claimdesk-cli %s: %s\n", command, message);
  else
    g_printerr ("claimdesk-cli: %s\n", message);
}

gboolean
cli_parse (int            *argc,
           char         ***argv,
           const char     *command,
           const char     *parameter_string,
           GOptionEntry   *entries,
           int             positional_min,
           int             positional_max)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;
  int positional;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      cli_fail (command, "%s", error->message);
      return FALSE;
    }

  positional = *argc - 1;
  if (positional < positional_min || (positional_max >= 0 && positional > positional_max))
    {
      if (positional > 0 && (*argv)[1][0] == '-')
        cli_fail (command, _("Unknown option %s"), (*argv)[1]);
      else
        cli_fail (command, _("Expected %s"), parameter_string != NULL && *parameter_string != '\0'
                                              ? parameter_string : _("no arguments"));
      return FALSE;
    }
  return TRUE;
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: claimdesk-cli COMMAND [OPTIONS]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name, commands[i].synopsis);
      fprintf (out, "  %-34s %s\n", usage, _(commands[i].summary));
    }
  fprintf (out, "\n%s\n", _("Run “claimdesk-cli COMMAND --help” for the options of one command."));
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("CLAIMDESK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_help (stderr);
      return CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help (stdout);
      return CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("claimdesk-cli %s\n", PACKAGE_VERSION);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  if (argv[1][0] == '-')
    cli_fail (NULL, _("Unknown option %s (try --help)"), argv[1]);
  else
    cli_fail (NULL, _("Unknown command “%s” (try --help)"), argv[1]);
  return CLI_EXIT_USAGE;
}
