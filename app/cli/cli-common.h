/* cli-common.h — what every claimdesk-cli subcommand shares.
 *
 * A subcommand is a function `int cli_<name> (int argc, char **argv)` where argv[0] is the subcommand's
 * name. It returns the process exit status: 0 success, 1 the operation failed, 2 bad usage (one line on
 * stderr), and any status its own contract defines (evaluate uses 3).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CLI_EXIT_OK      0
#define CLI_EXIT_FAILED  1
#define CLI_EXIT_USAGE   2

typedef struct
{
  const char *name;
  const char *synopsis;  /* the arguments, as shown by --help */
  const char *summary;   /* one line, translatable (N_) */
  int       (*run) (int argc, char **argv);
} CliCommand;

/* Parses argv with the given entries; on a bad flag or a missing --db prints one line and returns FALSE.
 * `positional_min` / `positional_max` bound the remaining arguments (max -1: unbounded). */
gboolean cli_parse (int            *argc,
                    char         ***argv,
                    const char     *command,
                    const char     *parameter_string,
                    GOptionEntry   *entries,
                    int             positional_min,
                    int             positional_max);

void     cli_fail  (const char     *command,
                    const char     *format,
                    ...) G_GNUC_PRINTF (2, 3);

/* The subcommands. Each lives in its own cli-<group>.c. */
int cli_init    (int argc, char **argv);
int cli_info    (int argc, char **argv);
int cli_render_letter (int argc, char **argv);

G_END_DECLS
