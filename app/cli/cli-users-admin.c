/* cli-users-admin.c — `user password|change-password|deactivate|reactivate|role|unlock`: what an
 * administrator (or, for change-password, the account's owner) changes about an account.
 *
 * Every command signs in the one who acts with the first line of stdin; a new password is the
 * second line. Nothing secret is ever in argv, where every user of the machine can read it.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cd-context.h"
#include "cd-users.h"
#include "cli-common.h"

typedef enum
{
  ADMIN_PASSWORD,
  OWN_PASSWORD,
  DEACTIVATE,
  REACTIVATE,
  ROLE,
  UNLOCK,
} AdminCommand;

static const struct
{
  const char   *name;
  AdminCommand  command;
} commands[] = {
  { "password", ADMIN_PASSWORD },
  { "change-password", OWN_PASSWORD },
  { "deactivate", DEACTIVATE },
  { "reactivate", REACTIVATE },
  { "role", ROLE },
  { "unlock", UNLOCK },
};

static gboolean
run (AdminCommand   command,
     CdDatabase    *db,
     CdSession     *session,
     const char    *login,
     CdRole         role,
     gboolean       one_time,
     const char    *password,
     GError       **error)
{
  switch (command)
    {
    case ADMIN_PASSWORD:
      return cd_users_set_password (db, session, login, password,
                                    one_time ? CD_PASSWORD_ONE_TIME : CD_PASSWORD_KEEP, error);
    case DEACTIVATE:
      return cd_users_set_active (db, session, login, FALSE, error);
    case REACTIVATE:
      return cd_users_set_active (db, session, login, TRUE, error);
    case ROLE:
      return cd_users_set_role (db, session, login, role, error);
    case UNLOCK:
      return cd_users_lift_lockout (db, session, login, error);
    case OWN_PASSWORD:
    default:
      g_assert_not_reached ();
    }
}

/* `user change-password --as LOGIN`: the current password, then the new one, on stdin. A
 * one-time password can only be used for this. */
static int
change_own (const char *label,
            CdDatabase *db,
            const char *as)
{
  g_autofree char *current = cli_read_secret_line ();
  g_autofree char *password = cli_read_secret_line ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = NULL;
  gboolean ok = FALSE;

  if (current == NULL || password == NULL)
    {
      cli_fail (label, _("The current and the new password are expected on standard input, one "
                         "per line"));
      return CLI_EXIT_USAGE;
    }
  session = cd_users_sign_in (db, as, current, &error);
  if (session != NULL)
    ok = cd_users_change_own_password (db, session, current, password, &error);
  memset (current, 0, strlen (current));
  memset (password, 0, strlen (password));
  if (!ok)
    {
      cli_fail (label, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("The password of %s is changed\n"), as);
  return CLI_EXIT_OK;
}

int
cli_user_admin (const char  *name,
                int          argc,
                char       **argv)
{
  g_autofree char *label = g_strdup_printf ("user %s", name);
  g_autofree char *db_path = NULL;
  g_autofree char *login = NULL;
  g_autofree char *role_name = NULL;
  g_autofree char *as = NULL;
  g_autofree char *password = NULL;
  gboolean one_time = FALSE;
  GOptionEntry entries[]
      = { { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The database file"), N_("PATH") },
          { "login", 0, 0, G_OPTION_ARG_STRING, &login, N_("The account"), "L" },
          { "role", 0, 0, G_OPTION_ARG_STRING, &role_name,
            N_("With role: officer, supervisor, head or admin"), "R" },
          { "as", 0, 0, G_OPTION_ARG_STRING, &as,
            N_("Who does it (their password is the first line of stdin)"), "LOGIN" },
          { "one-time", 0, 0, G_OPTION_ARG_NONE, &one_time,
            N_("With password: its owner chooses another at the next sign-in"), NULL },
          { NULL } };
  g_autoptr(CdContext) context = NULL;
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(CdSession) session = NULL;
  g_autoptr(GError) error = NULL;
  AdminCommand command = ADMIN_PASSWORD;
  CdRole role = CD_ROLE_OFFICER;
  gboolean known = FALSE, ok;

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      {
        command = commands[i].command;
        known = TRUE;
      }
  if (!known)
    return -1;

  if (!cli_parse (&argc, &argv, label, "", entries, 0, 0))
    return CLI_EXIT_USAGE;
  if (db_path == NULL || as == NULL || (command != OWN_PASSWORD && login == NULL))
    {
      cli_fail (label, command == OWN_PASSWORD ? _("--db and --as are required")
                                               : _("--db, --login and --as are required"));
      return CLI_EXIT_USAGE;
    }
  if (command == ROLE && (role_name == NULL || !cd_role_from_string (role_name, &role)))
    {
      cli_fail (label, _("--role must be officer, supervisor, head or admin, not “%s”"),
                role_name != NULL ? role_name : "");
      return CLI_EXIT_USAGE;
    }

  context = cli_context_open (label, db_path, CLI_STORE_WRITE, &db);
  if (context == NULL)
    return CLI_EXIT_FAILED;
  if (command == OWN_PASSWORD)
    return change_own (label, db, as);

  session = cli_sign_in (label, db, as);
  if (session == NULL)
    return CLI_EXIT_FAILED;
  if (command == ADMIN_PASSWORD)
    {
      password = cli_read_secret_line ();
      if (password == NULL)
        {
          cli_fail (label, _("The new password is expected on the second line of standard input"));
          return CLI_EXIT_USAGE;
        }
    }
  ok = run (command, db, session, login, role, one_time, password, &error);
  if (password != NULL)
    memset (password, 0, strlen (password));
  if (!ok)
    {
      cli_fail (label, "%s", error->message);
      return CLI_EXIT_FAILED;
    }
  printf (_("Done: %s %s\n"), name, login);
  return CLI_EXIT_OK;
}
