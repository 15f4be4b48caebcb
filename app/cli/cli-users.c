/* cli-users.c — `user add` and `user list`: local accounts; and signing in for other commands. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "cd-users.h"
#include "cd-context.h"
#include "cli-common.h"

char *
cli_read_secret_line (void)
{
  char buffer[1024];
  struct termios saved, quiet;
  gboolean hidden = FALSE;
  char *line;
  gsize n;

  /* Secrets come on stdin, never in argv where every user of the machine can read them; typed at a
   * terminal, they are not echoed. */
  if (isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      hidden = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
  line = fgets (buffer, sizeof buffer, stdin);
  if (hidden)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
  if (line == NULL)
    return NULL;
  n = strlen (buffer);
  while (n > 0 && (buffer[n - 1] == '\n' || buffer[n - 1] == '\r'))
    buffer[--n] = '\0';
  line = g_strdup (buffer);
  memset (buffer, 0, sizeof buffer);
  return line;
}

CdSession *
cli_sign_in (const char  *command,
             CdDatabase  *db,
             const char  *login)
{
  g_autofree char *password = cli_read_secret_line ();
  g_autoptr(GError) error = NULL;
  CdSession *session;

  if (password == NULL)
    {
      cli_fail (command, _("The password of %s is expected on standard input"), login);
      return NULL;
    }
  session = cd_users_sign_in (db, login, password, &error);
  memset (password, 0, strlen (password));
  if (session == NULL)
    cli_fail (command, "%s", error->message);
  return session;
}

static int
user_add (int    argc,
          char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *login = NULL;
  g_autofree char *full_name = NULL;
  g_autofree char *role_name = NULL;
  g_autofree char *as = NULL;
  gboolean one_time = FALSE;
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
          { "login", 0, 0, G_OPTION_ARG_STRING, &login, N_("The new account’s login"), "L" },
          { "full-name", 0, 0, G_OPTION_ARG_STRING, &full_name, N_("The person’s full name"), "N" },
          { "role", 0, 0, G_OPTION_ARG_STRING, &role_name,
            N_("officer, supervisor, head or admin"), "R" },
          { "as", 0, 0, G_OPTION_ARG_STRING, &as,
            N_("The administrator doing it (their password is the first line of stdin)"), "ADMIN" },
          { "one-time", 0, 0, G_OPTION_ARG_NONE, &one_time,
            N_("The password is one-time: its owner chooses another at the first sign-in"),
            NULL },
          { NULL } };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdSession) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  CdRole role;
  gint64 id;

  if (!cli_parse (&argc, &argv, "user add", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL || login == NULL || full_name == NULL || role_name == NULL)
    {
      cli_fail ("user add", _("--db, --login, --full-name and --role are required"));
      return CLI_EXIT_USAGE;
    }
  if (!cd_role_from_string (role_name, &role))
    {
      cli_fail ("user add", _("--role must be officer, supervisor, head or admin, not “%s”"),
                role_name);
      return CLI_EXIT_USAGE;
    }

  context = cli_context_open ("user add", db_path, CLI_STORE_CREATE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;

  if (as != NULL)
    {
      admin = cli_sign_in ("user add", db, as);
      if (admin == NULL)
        return CLI_EXIT_FAILED;
    }
  password = cli_read_secret_line ();
  if (password == NULL)
    {
      cli_fail ("user add", _("The new password is expected on standard input"));
      return CLI_EXIT_USAGE;
    }

  if (admin != NULL)
    id = cd_users_add (db, admin, login, full_name, role, password,
                       one_time ? CD_PASSWORD_ONE_TIME : CD_PASSWORD_KEEP, &error);
  else if (role != CD_ROLE_ADMIN)
    {
      cli_fail ("user add", _("Only an administrator adds accounts: use --as ADMIN"));
      return CLI_EXIT_FAILED;
    }
  else
    /* The first administrator of a new (or seeded) store: nobody can sign in yet. */
    id = cd_users_bootstrap_admin (db, login, full_name, password, &error);
  memset (password, 0, strlen (password));
  if (id == 0)
    {
      cli_fail ("user add", "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("Added %s (%s) as user %lld\n"), login, cd_role_to_string (role), (long long) id);
  return CLI_EXIT_OK;
}

static int
user_list (int    argc,
           char **argv)
{
  g_autofree char *db_path = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
          { NULL } };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;

  if (!cli_parse (&argc, &argv, "user list", "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL)
    {
      cli_fail ("user list", _("--db PATH is required"));
      return CLI_EXIT_USAGE;
    }
  context = cli_context_open ("user list", db_path, CLI_STORE_WRITE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  users = cd_users_list (db, &error);
  if (users == NULL)
    {
      cli_fail ("user list", "%s", error->message);
      return CLI_EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < users->len; i++)
        {
          CdUser *u = users->pdata[i];

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, u->id);
          json_builder_set_member_name (builder, "login");
          json_builder_add_string_value (builder, u->login);
          json_builder_set_member_name (builder, "full_name");
          json_builder_add_string_value (builder, u->full_name);
          json_builder_set_member_name (builder, "role");
          json_builder_add_string_value (builder, cd_role_to_string (u->role));
          json_builder_set_member_name (builder, "active");
          json_builder_add_boolean_value (builder, u->active);
          json_builder_set_member_name (builder, "can_sign_in");
          json_builder_add_boolean_value (builder, u->can_sign_in);
          json_builder_set_member_name (builder, "must_change_password");
          json_builder_add_boolean_value (builder, u->must_change_password);
          json_builder_set_member_name (builder, "failed_sign_ins");
          json_builder_add_int_value (builder, u->failed_sign_ins);
          json_builder_set_member_name (builder, "locked_until");
          if (u->locked_until != NULL)
            json_builder_add_string_value (builder, u->locked_until);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      printf ("%s\n", text);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < users->len; i++)
    {
      CdUser *u = users->pdata[i];

      printf ("%-12s %-11s %s%s\n", u->login, cd_role_to_string (u->role), u->full_name,
              u->can_sign_in ? "" : _(" (cannot sign in)"));
    }
  return CLI_EXIT_OK;
}

int
cli_user (int    argc,
          char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return user_add (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return user_list (argc - 1, argv + 1);
  if (argc >= 2)
    {
      int status = cli_user_admin (argv[1], argc - 1, argv + 1);

      if (status >= 0)
        return status;
    }
  cli_fail ("user", _("Expected “add”, “list”, “password”, “change-password”, “deactivate”, "
                      "“reactivate”, “role” or “unlock”"));
  return CLI_EXIT_USAGE;
}
