/* cli-common.h — what every claimdesk-cli subcommand shares.
 *
 * A subcommand is a function `int cli_<name> (int argc, char **argv)` where argv[0] is the
 * subcommand's name. It returns the process exit status: 0 success, 1 the operation failed, 2 bad
 * usage (one line on stderr), and any status its own contract defines (evaluate uses 3).
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

/* Parses argv with the given entries; on a bad flag or a missing --db prints one line and returns
 * FALSE. `positional_min` / `positional_max` bound the remaining arguments (max -1: unbounded). */
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
/* cli_fail for a problem with the file `path`: `message` as it is when it names the path, else
 * after "PATH: " (in place of the base name a lower layer may have put there). */
void     cli_fail_file (const char *command,
                        const char *path,
                        const char *message);
/* cli_fail for a signing key (--key, --cert) that could not be loaded: names the files. */
void     cli_fail_signing_key (const char *command,
                               const char *key_path,
                               const char *cert_path,
                               const char *message);

typedef struct _CdContext CdContext;
typedef struct _CdDatabase CdDatabase;

typedef enum
{
  CLI_STORE_READ,             /* a reader connection: never writes, never creates the file */
  CLI_STORE_WRITE,            /* the writer on an existing store, migrated if need be, checked
                               * whole */
  CLI_STORE_WRITE_UNCHECKED,  /* the writer without the whole-file check (seconds at 1M claims) */
  CLI_STORE_CREATE,           /* as CLI_STORE_WRITE, but a missing or empty file becomes a new
                               * store: for the commands that start one (init, seed, the first
                               * `user add`; enrol and trust-anchors --import on a new store) */
} CliStoreAccess;

/* TRUE when `db_path` is missing or empty: a store that CLI_STORE_CREATE would start. */
gboolean   cli_store_is_new (const char *db_path);

/* The context a subcommand works through, on the store at `db_path` opened as asked; `db` (if not
 * NULL) gets a reference to that connection. NULL after one line on stderr naming the problem. */
CdContext *cli_context_open (const char      *command,
                             const char      *db_path,
                             CliStoreAccess   access,
                             CdDatabase     **db);

/* The subcommands. Each lives in its own cli-<group>.c. */
int cli_init    (int argc, char **argv);
int cli_info    (int argc, char **argv);
int cli_seed    (int argc, char **argv);
int cli_search  (int argc, char **argv);
int cli_backup  (int argc, char **argv);
int cli_restore (int argc, char **argv);
int cli_bench   (int argc, char **argv);
int cli_evaluate (int argc, char **argv);
int cli_fetch    (int argc, char **argv);
int cli_parse_document (int argc, char **argv);
int cli_sign_document  (int argc, char **argv);
/* Signatures on documents from outside (cd-xmldsig-foreign.h): exits 0 for valid or untrusted, 1
 * for invalid, refused or unreadable. */
int cli_verify_signature (int argc, char **argv);
int cli_user         (int argc, char **argv);
/* The account administration subcommands of `user` (cli-users-admin.c): -1 if `name` is none. */
int cli_user_admin   (const char *name, int argc, char **argv);
int cli_verify_audit (int argc, char **argv);
/* `secret store|lookup|clear` (cli-secret.c); lookup exits 3 when nothing is stored. */
int cli_secret       (int argc, char **argv);
int cli_payout       (int argc, char **argv);
/* `paper add|list|kinds` (cli-paper.c): paper documents; add exits 2 on invalid fields. */
int cli_paper        (int argc, char **argv);
/* `lists fetch|open|show` (cli-lists.c): employers' 01B-HSB lists. */
int cli_lists        (int argc, char **argv);
/* `alerts scan|list|set-state|set-norm` (cli-alerts.c): anomaly alerts. */
int cli_alerts       (int argc, char **argv);
/* `review rule|set-rule` (cli-review.c): the office's review sampling rule. */
int cli_review       (int argc, char **argv);
/* `oversight deadlines` (cli-oversight.c): processing time against the statutory deadline. */
int cli_oversight    (int argc, char **argv);
/* `oversight hsb22a|hsb22b` (cli-oversight-hsb.c), `name` the form as typed. */
int cli_oversight_hsb (const char *name, int argc, char **argv);

/* Shared by the commands that act as a signed-in user (cli-users.c): one line of stdin, without its
 * newline (NULL at end of input); and signing `login` in with the password read that way. */
char *cli_read_secret_line (void);
typedef struct _CdSession CdSession;
CdSession *cli_sign_in (const char  *command,
                        CdDatabase  *db,
                        const char  *login);
int cli_queue   (int argc, char **argv);
int cli_sync    (int argc, char **argv);
/* `bundle export|import|list` (cli-bundle.c). */
int cli_bundle  (int argc, char **argv);
/* The connection to central (cli-setup.c). */
int cli_enrol            (int argc, char **argv);
int cli_connection_check (int argc, char **argv);
int cli_trust_anchors    (int argc, char **argv);
/* For the commands that act at central: the office's credentials from `path` ("-": stdin), and the
 * officer, who must be an active account of the store. NULL / FALSE after one line on stderr. */
typedef struct _CdOfficeCredential CdOfficeCredential;
CdOfficeCredential *cli_read_office_credential (const char *command,
                                                const char *path);
/* The enrolled office's credentials from the keyring (where `enrol` put them): TRUE with NULL for
 * a store never enrolled; FALSE after one line on stderr when the keyring cannot give them. */
gboolean            cli_keyring_office_credential (const char          *command,
                                                   CdDatabase          *db,
                                                   CdOfficeCredential **credential);
/* The office's credentials from `credential_file` when one is given, else from the keyring for an
 * enrolled store: TRUE with NULL when neither has any (a store never enrolled, no file); FALSE
 * after one line on stderr. */
gboolean            cli_office_credential      (const char          *command,
                                                CdDatabase          *db,
                                                const char          *credential_file,
                                                CdOfficeCredential **credential);
/* Points `context` at the systems for `officer` (an account the caller checked): the office's
 * credentials (cli_office_credential), the CA file for HTTPS, the addresses, and the anchors of
 * `trust_dir` when given, else the workstation's. Returns the trust store (owned by the context),
 * or NULL after one line on stderr. */
typedef struct _CdTrustStore CdTrustStore;
CdTrustStore       *cli_context_connect        (const char          *command,
                                                CdContext           *context,
                                                CdDatabase          *db,
                                                const char          *officer,
                                                const char          *credential_file,
                                                const char          *ca_file,
                                                const char          *central_url,
                                                const char          *gateway_url,
                                                const char          *trust_dir);
gboolean            cli_check_officer          (const char *command,
                                                CdDatabase *db,
                                                const char *login);
int cli_render_letter (int argc, char **argv);
int cli_render_decision_list (int argc, char **argv);
/* `rules build|install|list|fetch` (cli-rules.c). */
int cli_rules         (int argc, char **argv);
/* The anchors a rule pack's signer must chain to: --trust-dir, else the workstation's own and
 * those central's configuration delivered to the store `db` (may be NULL). NULL after a message
 * naming `command` when they cannot be read. */
CdTrustStore *cli_pack_anchors (const char *command,
                                const char *trust_dir,
                                CdDatabase *db);
int cli_letter        (int argc, char **argv);
int cli_verify_paper  (int argc, char **argv);

G_END_DECLS
