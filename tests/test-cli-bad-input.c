/* test-cli-bad-input.c — every claimdesk-cli command that reads a file or a database, given a bad
 * one: missing, empty, cut short, of the wrong kind, on a read-only folder, on a full disk.
 *
 * Each row runs the built claimdesk-cli as a subprocess, as an officer would, and asks the same of
 * it: exit status 1, one line on stderr that names the input and says what is wrong with it, and
 * nothing already saved lost — the store's rows the same as before, the input file unchanged, no
 * output half-written (an older output kept as it was).
 *
 * We run as root, for whom permissions do not make a file read-only; so a read-only folder is a
 * read-only bind mount, and a full disk a small tmpfs filled to the last block, both inside
 * `unshare -rm` (a user and mount namespace of the test's own, gone when the command ends).
 */
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cd-bundle.h"
#include "cd-database.h"
#include "cd-statement.h"
#include "test-util.h"

typedef enum
{
  FAULT_MISSING,
  FAULT_EMPTY,      /* a 0-byte file */
  FAULT_TRUNCATED,  /* a real store or document, cut in the middle */
  FAULT_PDF,        /* a PDF where a store or a document was expected */
  FAULT_FOREIGN,    /* an SQLite database of another program */
  FAULT_NEWER,      /* a store from a newer ClaimDesk */
  FAULT_STORE,      /* a ClaimDesk store where a document was expected */
  FAULT_READ_ONLY,  /* the target's folder mounted read-only */
  FAULT_FULL,       /* the target's folder on a disk with no space left */
  FAULT_FULL_WRITE, /* the same, for a store in use: its -wal and -shm already there, so the
                     * disk fills in the middle of the command's transaction */
} Fault;

static const char * const fault_names[] = {
  "missing", "empty", "truncated", "pdf", "foreign-db", "newer-db", "store-as-file", "read-only",
  "full-disk", "full-disk-mid-write",
};

/* What the line must say for each fault, unless the row says otherwise: one of these, in any
 * case. The system's own words for a missing file or a full disk are words an officer reads. */
static const char * const fault_words[] = {
  "does not exist|no such file|there is no", "empty",
  "cut short|premature end|unexpected end|unterminated|not readable|not a claimdesk backup",
  "not a claimdesk database|not a claimdesk backup",
  "not a claimdesk store|not a claimdesk backup",
  "newer than this claimdesk",
  "not a claimdesk|neither xml nor json|nul bytes|not readable|no pem|utf-8|not well-formed",
  "read-only", "full|no space left", "full|no space left",
};

/* In a row's arguments: @DB@ the store (data/office.db), @IN@ the input file (data/input),
 * @OUT@ an output file (out/output), @OUTDIR@ the output folder, @NEWDB@ a store to be created
 * (data/new.db). The target is the placeholder the fault hits: a file for the first faults, its
 * folder for read-only and full-disk. */
typedef struct
{
  const char *command;     /* as the line names it: "lists show" */
  const char *args[16];
  const char *target;
  Fault       fault;
  const char *input;       /* what @IN@ holds: a file under tests/data, or "@BACKUP@" */
  const char *words;       /* the problem in words, when not fault_words[fault] */
  const char *stdin_text;  /* a password, for the commands that sign in */
  int         status;      /* the exit status when not 1: render-* exit 2 for bad data */
  gboolean    whole_output; /* a whole output may be left (one that does not depend on the
                             * store's write that failed: a backup taken before its record) */
} Row;

#define DB_FAULTS(name, ...)                                                                    \
  { name, { __VA_ARGS__, NULL }, "@DB@", FAULT_MISSING, NULL, NULL, NULL },                     \
  { name, { __VA_ARGS__, NULL }, "@DB@", FAULT_EMPTY, NULL, NULL, NULL },                       \
  { name, { __VA_ARGS__, NULL }, "@DB@", FAULT_TRUNCATED, NULL, NULL, NULL },                   \
  { name, { __VA_ARGS__, NULL }, "@DB@", FAULT_PDF, NULL, NULL, NULL },                         \
  { name, { __VA_ARGS__, NULL }, "@DB@", FAULT_FOREIGN, NULL, NULL, NULL },                     \
  { name, { __VA_ARGS__, NULL }, "@DB@", FAULT_NEWER, NULL, NULL, NULL }

/* The same, for the commands whose contract makes a new store of a missing or empty file. */
#define DB_KIND_FAULTS(name, ...)                                                               \
  { name, { __VA_ARGS__, NULL }, "@DB@", FAULT_TRUNCATED, NULL, NULL, NULL },                   \
  { name, { __VA_ARGS__, NULL }, "@DB@", FAULT_PDF, NULL, NULL, NULL },                         \
  { name, { __VA_ARGS__, NULL }, "@DB@", FAULT_FOREIGN, NULL, NULL, NULL },                     \
  { name, { __VA_ARGS__, NULL }, "@DB@", FAULT_NEWER, NULL, NULL, NULL }

#define FILE_FAULTS(name, input, ...)                                                           \
  { name, { __VA_ARGS__, NULL }, "@IN@", FAULT_MISSING, input, NULL, NULL },                    \
  { name, { __VA_ARGS__, NULL }, "@IN@", FAULT_EMPTY, input, NULL, NULL },                      \
  { name, { __VA_ARGS__, NULL }, "@IN@", FAULT_TRUNCATED, input, NULL, NULL },                  \
  { name, { __VA_ARGS__, NULL }, "@IN@", FAULT_STORE, input, NULL, NULL }

#define DATA_FAULTS(name, input, ...)                                                           \
  { name, { __VA_ARGS__, NULL }, "@IN@", FAULT_MISSING, input, NULL, NULL, 2 },                 \
  { name, { __VA_ARGS__, NULL }, "@IN@", FAULT_EMPTY, input, NULL, NULL, 2 },                   \
  { name, { __VA_ARGS__, NULL }, "@IN@", FAULT_TRUNCATED, input, NULL, NULL, 2 },               \
  { name, { __VA_ARGS__, NULL }, "@IN@", FAULT_STORE, input, NULL, NULL, 2 }

#define OUTPUT_FAULTS(name, ...)                                                                \
  { name, { __VA_ARGS__, NULL }, "@OUTDIR@", FAULT_READ_ONLY, NULL, NULL, NULL },               \
  { name, { __VA_ARGS__, NULL }, "@OUTDIR@", FAULT_FULL, NULL, NULL, NULL }

#define CENTRAL "http://127.0.0.1:9"
#define PERSON "079190123456"
#define LIST_FILE "lists/list-630a.xml"  /* the template has it already */
#define LIST2_FILE "lists/list-630b-part2.xml"  /* it does not */
#define CERT_FILE "../../data/pki/central/configuration.cert.pem"
#define KEY_FILE "../../data/pki/central/configuration.key.pem"
#define RULES_BUILD "rules", "build", "--dir", "@RULES@", "--id", "test-1", "--effective",          \
                    "2027-01-01"
#define XML_FILE "documents/xml11-nghi-viec-bhxh.xml"
#define EINVOICE_FILE "real-documents/einvoice-viettel-signed.xml"
#define PAPER_FIELDS "MA_CSKCB=79001", "NGAY_VAO=2026-11-02", "NGAY_RA=2026-11-05"

static const Row rows[] = {
  DB_FAULTS ("info", "info", "--db", "@DB@"),
  DB_KIND_FAULTS ("init", "init", "--db", "@DB@"),
  DB_KIND_FAULTS ("seed", "seed", "--db", "@DB@", "--people", "5", "--claims", "5", "-q"),
  DB_FAULTS ("search", "search", "--db", "@DB@", "nguyen"),
  DB_FAULTS ("queue", "queue", "--db", "@DB@"),
  DB_FAULTS ("sync", "sync", "--db", "@DB@", "--central", CENTRAL, "--once"),
  DB_FAULTS ("fetch", "fetch", "--db", "@DB@", "--central", CENTRAL, "--person", PERSON),
  DB_FAULTS ("trust-anchors", "trust-anchors", "--db", "@DB@"),
  DB_FAULTS ("connection-check", "connection-check", "--db", "@DB@", "--central", CENTRAL),
  DB_FAULTS ("lists show", "lists", "show", "--db", "@DB@"),
  DB_FAULTS ("lists open", "lists", "open", "--db", "@DB@", "@IN@"),
  DB_FAULTS ("lists work", "lists", "work", "1", "--db", "@DB@", "--central", CENTRAL,
             "--officer", "cb01"),
  DB_FAULTS ("lists decisions", "lists", "decisions", "--db", "@DB@", "--list", "1", "--output",
             "@OUT@.csv"),
  DB_FAULTS ("lists payments", "lists", "payments", "--db", "@DB@", "--list", "1", "--output",
             "@OUT@.csv"),
  DB_FAULTS ("bundle list", "bundle", "list", "--db", "@DB@"),
  DB_FAULTS ("bundle export", "bundle", "export", "--db", "@DB@", "--out", "@OUT@"),
  DB_FAULTS ("bundle import", "bundle", "import", "--db", "@DB@", "@IN@"),
  DB_FAULTS ("backup", "backup", "--db", "@DB@", "@OUT@"),
  DB_FAULTS ("backup", "backup", "--db", "@DB@", "--to", "@OUTDIR@"),
  DB_FAULTS ("user list", "user", "list", "--db", "@DB@"),
  DB_KIND_FAULTS ("user add", "user", "add", "--db", "@DB@", "--login", "cb99", "--full-name",
                  "Cán bộ", "--role", "officer", "--as", "admin"),
  DB_FAULTS ("user deactivate", "user", "deactivate", "--db", "@DB@", "--login", "cb01", "--as",
             "admin"),
  DB_FAULTS ("verify-audit", "verify-audit", "--db", "@DB@"),
  DB_FAULTS ("verify-paper", "verify-paper", "--db", "@DB@", "--central", CENTRAL, "--officer",
             "cb01"),
  DB_FAULTS ("payout show", "payout", "show", "--db", "@DB@", "--batch", "1"),
  DB_FAULTS ("paper list", "paper", "list", "--db", "@DB@", "--person", PERSON),
  DB_FAULTS ("paper add", "paper", "add", "--db", "@DB@", "--user", "cb01", "--person", PERSON,
             "--kind", "discharge_paper", PAPER_FIELDS),
  DB_FAULTS ("oversight deadlines", "oversight", "deadlines", "--db", "@DB@"),
  DB_FAULTS ("oversight stats", "oversight", "stats", "--db", "@DB@"),
  DB_FAULTS ("oversight hsb22a", "oversight", "hsb22a", "--db", "@DB@", "--quarter", "2026-Q4",
             "--pdf", "@OUT@.pdf"),
  DB_FAULTS ("oversight hsb22b", "oversight", "hsb22b", "--db", "@DB@", "--quarter", "2026-Q4",
             "--csv", "@OUT@.csv"),
  DB_FAULTS ("letter", "letter", "--db", "@DB@", "HS-2026-00000001", "--output", "@OUT@.pdf"),
  DB_FAULTS ("rules install", "rules", "install", "--db", "@DB@", "@IN@"),
  DB_FAULTS ("alerts scan", "alerts", "scan", "--db", "@DB@"),
  DB_FAULTS ("alerts list", "alerts", "list", "--db", "@DB@"),
  DB_FAULTS ("review rule", "review", "rule", "--db", "@DB@"),
  DB_FAULTS ("review set-rule", "review", "set-rule", "--db", "@DB@", "--officer", "admin",
             "--on"),
  { "bench", { "bench", "store", "--db", "@DB@", NULL }, "@DB@", FAULT_PDF, NULL, NULL, NULL },
  { "bench", { "bench", "store", "--db", "@DB@", NULL }, "@DB@", FAULT_FOREIGN, NULL, NULL, NULL },
  { "bench", { "bench", "store", "--db", "@DB@", NULL }, "@DB@", FAULT_NEWER, NULL, NULL, NULL },

  /* Documents and other files given to a command. */
  FILE_FAULTS ("parse-document", XML_FILE, "parse-document", "@IN@"),
  FILE_FAULTS ("parse-document", XML_FILE, "parse-document", "--verify", "@IN@"),
  FILE_FAULTS ("sign-document", XML_FILE, "sign-document", "--facility", "79001", "@IN@"),
  FILE_FAULTS ("verify-signature", EINVOICE_FILE, "verify-signature", "@IN@"),
  FILE_FAULTS ("lists open", LIST_FILE, "lists", "open", "--db", "@DB@", "@IN@"),
  FILE_FAULTS ("bundle import", "@BUNDLE@", "bundle", "import", "--db", "@DB@", "@IN@"),
  { "backup", { "backup", "--verify", "@IN@", NULL }, "@IN@", FAULT_MISSING, "@BACKUP@", NULL,
    NULL },
  { "backup", { "backup", "--verify", "@IN@", NULL }, "@IN@", FAULT_EMPTY, "@BACKUP@", NULL, NULL },
  { "backup", { "backup", "--verify", "@IN@", NULL }, "@IN@", FAULT_TRUNCATED, "@BACKUP@", NULL,
    NULL },
  { "backup", { "backup", "--verify", "@IN@", NULL }, "@IN@", FAULT_PDF, "@BACKUP@", NULL, NULL },
  { "backup", { "backup", "--verify", "@IN@", NULL }, "@IN@", FAULT_FOREIGN, "@BACKUP@", NULL,
    NULL },
  { "restore", { "restore", "--db", "@DB@", "@IN@", NULL }, "@IN@", FAULT_MISSING, "@BACKUP@",
    NULL, NULL },
  { "restore", { "restore", "--db", "@DB@", "@IN@", NULL }, "@IN@", FAULT_EMPTY, "@BACKUP@",
    NULL, NULL },
  { "restore", { "restore", "--db", "@DB@", "@IN@", NULL }, "@IN@", FAULT_TRUNCATED, "@BACKUP@",
    NULL, NULL },
  { "restore", { "restore", "--db", "@DB@", "@IN@", NULL }, "@IN@", FAULT_PDF, "@BACKUP@",
    NULL, NULL },
  { "restore", { "restore", "--db", "@DB@", "@IN@", NULL }, "@IN@", FAULT_FOREIGN, "@BACKUP@",
    NULL, NULL },
  { "restore", { "restore", "--db", "@DB@", "@IN@", NULL }, "@IN@", FAULT_NEWER, "@BACKUP@",
    NULL, NULL },
  { "paper add", { "paper", "add", "--db", "@DB@", "--user", "cb01", "--person", PERSON,
                   "--kind", "discharge_paper", "--scan", "@IN@", PAPER_FIELDS, NULL },
    "@IN@", FAULT_MISSING, XML_FILE, NULL, NULL },
  { "paper add", { "paper", "add", "--db", "@DB@", "--user", "cb01", "--person", PERSON,
                   "--kind", "discharge_paper", "--scan", "@IN@", PAPER_FIELDS, NULL },
    "@IN@", FAULT_EMPTY, XML_FILE, NULL, NULL },
  { "paper add", { "paper", "add", "--db", "@DB@", "--user", "cb01", "--person", PERSON,
                   "--kind", "discharge_paper", "--scan", "@IN@", PAPER_FIELDS, NULL },
    "@IN@", FAULT_STORE, XML_FILE, "not a png or jpeg image nor a pdf", NULL },
  /* The developers' renderers keep their contract (docs/letters.md): exit 2 for bad data. */
  DATA_FAULTS ("render-letter", "letter-sickness.json", "render-letter", "--data", "@IN@",
               "--output", "@OUT@.pdf"),
  DATA_FAULTS ("render-decision-list", "decision-list-sample.json", "render-decision-list",
               "--data", "@IN@", "--output", "@OUT@.csv"),
  FILE_FAULTS ("rules install", LIST_FILE, "rules", "install", "@IN@"),
  /* A certificate cut short is a block that is no certificate. */
  { "trust-anchors", { "trust-anchors", "--db", "@DB@", "--import", "@IN@", NULL }, "@IN@",
    FAULT_MISSING, CERT_FILE, NULL, NULL },
  { "trust-anchors", { "trust-anchors", "--db", "@DB@", "--import", "@IN@", NULL }, "@IN@",
    FAULT_EMPTY, CERT_FILE, NULL, NULL },
  { "trust-anchors", { "trust-anchors", "--db", "@DB@", "--import", "@IN@", NULL }, "@IN@",
    FAULT_TRUNCATED, CERT_FILE, "not a pem certificate|no pem certificate", NULL },
  { "trust-anchors", { "trust-anchors", "--db", "@DB@", "--import", "@IN@", NULL }, "@IN@",
    FAULT_STORE, CERT_FILE, NULL, NULL },

  /* A signing key (the key file as @IN@). */
  { "sign-document", { "sign-document", "--key", "@IN@", "--cert", "@CERT@", "@XML@", NULL },
    "@IN@", FAULT_MISSING, KEY_FILE, NULL, NULL },
  { "sign-document", { "sign-document", "--key", "@IN@", "--cert", "@CERT@", "@XML@", NULL },
    "@IN@", FAULT_EMPTY, KEY_FILE, NULL, NULL },
  { "sign-document", { "sign-document", "--key", "@IN@", "--cert", "@CERT@", "@XML@", NULL },
    "@IN@", FAULT_TRUNCATED, KEY_FILE, "not a pem", NULL },
  { "rules build", { RULES_BUILD, "--key", "@IN@", "--cert", "@CERT@", "--out", "@OUT@", NULL },
    "@IN@", FAULT_MISSING, KEY_FILE, NULL, NULL },
  { "rules build", { RULES_BUILD, "--key", "@IN@", "--cert", "@CERT@", "--out", "@OUT@", NULL },
    "@IN@", FAULT_EMPTY, KEY_FILE, NULL, NULL },
  { "rules build", { RULES_BUILD, "--key", "@IN@", "--cert", "@CERT@", "--out", "@OUT@", NULL },
    "@IN@", FAULT_STORE, KEY_FILE, "not a pem", NULL },
  { "rules build", { "rules", "build", "--dir", "@IN@", "--id", "test-1", "--effective",
                     "2027-01-01", "--key", "@KEY@", "--cert", "@CERT@", "--out", "@OUT@", NULL },
    "@IN@", FAULT_MISSING, KEY_FILE, NULL, NULL },

  /* A store that cannot be written: its folder read-only, or its disk full. */
  { "info", { "info", "--db", "@DB@", NULL }, "@DB@", FAULT_READ_ONLY, NULL, NULL, NULL },
  /* Even a reader of a WAL store makes its -shm file beside it. */
  { "search", { "search", "--db", "@DB@", "nguyen", NULL }, "@DB@", FAULT_READ_ONLY, NULL, NULL,
    NULL },
  { "verify-audit", { "verify-audit", "--db", "@DB@", NULL }, "@DB@", FAULT_READ_ONLY, NULL, NULL,
    NULL },
  { "init", { "init", "--db", "@NEWDB@", NULL }, "@NEWDB@", FAULT_READ_ONLY, NULL, NULL, NULL },
  { "init", { "init", "--db", "@NEWDB@", NULL }, "@NEWDB@", FAULT_FULL, NULL, NULL, NULL },
  { "seed", { "seed", "--db", "@NEWDB@", "--people", "5", "--claims", "5", "-q", NULL },
    "@NEWDB@", FAULT_READ_ONLY, NULL, NULL, NULL },
  { "seed", { "seed", "--db", "@NEWDB@", "--people", "5", "--claims", "5", "-q", NULL },
    "@NEWDB@", FAULT_FULL, NULL, NULL, NULL },
  { "user add", { "user", "add", "--db", "@NEWDB@", "--login", "admin", "--full-name", "Quản trị",
                  "--role", "admin", NULL },
    "@NEWDB@", FAULT_READ_ONLY, NULL, NULL, "mật khẩu đủ dài 1\nmật khẩu đủ dài 1\n" },
  { "user add", { "user", "add", "--db", "@NEWDB@", "--login", "admin", "--full-name", "Quản trị",
                  "--role", "admin", NULL },
    "@NEWDB@", FAULT_FULL, NULL, NULL, "mật khẩu đủ dài 1\nmật khẩu đủ dài 1\n" },
  { "lists open", { "lists", "open", "--db", "@DB@", "@IN@", NULL }, "@DB@", FAULT_READ_ONLY,
    LIST2_FILE, NULL, NULL },
  { "lists open", { "lists", "open", "--db", "@DB@", "@IN@", NULL }, "@DB@", FAULT_FULL,
    LIST2_FILE, NULL, NULL },
  { "lists open", { "lists", "open", "--db", "@DB@", "@IN@", NULL }, "@DB@", FAULT_FULL_WRITE,
    LIST2_FILE, NULL, NULL },
  { "backup", { "backup", "--db", "@DB@", "--to", "@OUTDIR@", NULL }, "@DB@", FAULT_FULL_WRITE,
    NULL, "was written and is whole", NULL, 0, TRUE },
  { "restore", { "restore", "--db", "@DB@", "@IN@", NULL }, "@DB@", FAULT_FULL_WRITE, "@BACKUP@",
    NULL, NULL },
  { "trust-anchors", { "trust-anchors", "--db", "@DB@", "--import", "@IN@", NULL }, "@DB@",
    FAULT_FULL_WRITE, CERT_FILE, NULL, NULL },
  { "user deactivate", { "user", "deactivate", "--db", "@DB@", "--login", "cb01", "--as",
                         "admin", NULL },
    "@DB@", FAULT_READ_ONLY, NULL, NULL, NULL },
  { "review set-rule", { "review", "set-rule", "--db", "@DB@", "--officer", "admin", "--on",
                         NULL },
    "@DB@", FAULT_READ_ONLY, NULL, NULL, NULL },
  { "bundle import", { "bundle", "import", "--db", "@DB@", "@IN@", NULL }, "@DB@",
    FAULT_READ_ONLY, "@BUNDLE@", NULL, NULL },
  { "alerts scan", { "alerts", "scan", "--db", "@DB@", NULL }, "@DB@", FAULT_READ_ONLY, NULL,
    NULL, NULL },
  { "alerts scan", { "alerts", "scan", "--db", "@DB@", NULL }, "@DB@", FAULT_FULL, NULL, NULL,
    NULL },
  { "restore", { "restore", "--db", "@DB@", "@IN@", NULL }, "@DB@", FAULT_READ_ONLY, "@BACKUP@",
    NULL, NULL },
  { "restore", { "restore", "--db", "@DB@", "@IN@", NULL }, "@DB@", FAULT_FULL, "@BACKUP@", NULL,
    NULL },
  { "backup", { "backup", "--db", "@DB@", "--to", "@OUTDIR@", NULL }, "@DB@", FAULT_READ_ONLY,
    NULL, NULL, NULL },

  /* An output that cannot be written. */
  OUTPUT_FAULTS ("backup", "backup", "--db", "@DB@", "@OUT@"),
  OUTPUT_FAULTS ("backup", "backup", "--db", "@DB@", "--to", "@OUTDIR@"),
  OUTPUT_FAULTS ("oversight hsb22a", "oversight", "hsb22a", "--db", "@DB@", "--quarter",
                 "2026-Q4", "--pdf", "@OUT@.pdf"),
  OUTPUT_FAULTS ("oversight hsb22b", "oversight", "hsb22b", "--db", "@DB@", "--quarter",
                 "2026-Q4", "--csv", "@OUT@.csv"),
  OUTPUT_FAULTS ("letter", "letter", "--db", "@DB@", "@CLAIM@", "--output", "@OUT@.pdf"),
  OUTPUT_FAULTS ("rules build", RULES_BUILD, "--key", "@KEY@", "--cert", "@CERT@", "--out",
                 "@OUT@"),
  { "render-letter", { "render-letter", "--data", "@IN@", "--output", "@OUT@.pdf", NULL },
    "@OUTDIR@", FAULT_READ_ONLY, "letter-sickness.json", NULL, NULL },
  { "render-letter", { "render-letter", "--data", "@IN@", "--output", "@OUT@.pdf", NULL },
    "@OUTDIR@", FAULT_FULL, "letter-sickness.json", NULL, NULL },
  { "render-decision-list", { "render-decision-list", "--data", "@IN@", "--output", "@OUT@.csv",
                              NULL },
    "@OUTDIR@", FAULT_READ_ONLY, "decision-list-sample.json", NULL, NULL },
  { "render-decision-list", { "render-decision-list", "--data", "@IN@", "--output", "@OUT@.pdf",
                              NULL },
    "@OUTDIR@", FAULT_FULL, "decision-list-sample.json", NULL, NULL },
};

static char *template_dir;
static char *template_db;      /* a seeded store with an employer list */
static char *template_backup;  /* a backup of it */
static char *template_bundle;  /* a receipts bundle, as central writes them */
static char *template_dump;    /* its rows, for "nothing lost" */
static char *template_claim;   /* one of its claims' numbers */

static const char *
cli (void)
{
  const char *path = g_getenv ("CLAIMDESK_CLI");

  g_assert_nonnull (path);
  return path;
}

/* Every row of every table, as text: equal dumps, equal stores. */
static char *
dump_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (path, &error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  CdStatement *stmt;

  if (db == NULL)
    return g_strdup_printf ("unreadable: %s", error->message);
  stmt = cd_database_prepare (db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                  " ORDER BY name", &error);
  g_assert_no_error (error);
  while (cd_statement_step (stmt, &error) == CD_STEP_ROW)
    g_ptr_array_add (tables, cd_statement_dup_text (stmt, 0));
  cd_statement_free (stmt);
  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"",
                                              (char *) g_ptr_array_index (tables, i));

      g_checksum_update (sum, g_ptr_array_index (tables, i), -1);
      stmt = cd_database_prepare (db, sql, &error);
      g_assert_no_error (error);
      while (cd_statement_step (stmt, &error) == CD_STEP_ROW)
        for (int c = 0; c < cd_statement_get_n_columns (stmt); c++)
          {
            const char *text = cd_statement_get_text (stmt, c);

            g_checksum_update (sum, (const guchar *) (text != NULL ? text : "\1"), -1);
            g_checksum_update (sum, (const guchar *) "\2", 1);
          }
      cd_statement_free (stmt);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static char *
file_sum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) dest = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
run_ok (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = test_run (argv, &out, &err);

  if (status != 0)
    g_error ("%s %s: %s", argv[1], argv[2], err);
}

static void
make_template (void)
{
  g_autofree char *list = g_test_build_filename (G_TEST_DIST, "data", LIST_FILE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDatabase) db = NULL;
  CdStatement *stmt;

  template_dir = test_tmpdir_new ();
  template_db = g_build_filename (template_dir, "office.db", NULL);
  template_backup = g_build_filename (template_dir, "backup.db", NULL);
  template_bundle = g_build_filename (template_dir, "receipts.bundle", NULL);
  {
    g_autoptr(CdBundle) bundle = cd_bundle_new (CD_BUNDLE_RECEIPTS, "BHXH-079-BT", "test", 1,
                                                "2026-11-20T08:00:00Z");
    guint8 key[CD_BUNDLE_KEY_SIZE] = { 0 };
    g_autoptr(GBytes) bytes = cd_bundle_to_bytes (bundle, key, &error);

    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (template_bundle, g_bytes_get_data (bytes, NULL),
                                        (gssize) g_bytes_get_size (bytes), NULL));
  }
  {
    const char *seed[] = { cli (), "seed", "--db", template_db, "--people", "20", "--claims",
                           "30", "--seed", "1", "--workload", "office", "-q", NULL };
    const char *open[] = { cli (), "lists", "open", "--db", template_db, list, NULL };
    const char *backup[] = { cli (), "backup", "--db", template_db, template_backup, NULL };

    run_ok (seed);
    run_ok (open);
    run_ok (backup);
  }
  db = cd_database_open_reader (template_db, &error);
  g_assert_no_error (error);
  stmt = cd_database_prepare (db, "SELECT number FROM claims ORDER BY id LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_statement_step (stmt, &error), ==, CD_STEP_ROW);
  template_claim = cd_statement_dup_text (stmt, 0);
  cd_statement_free (stmt);
  g_clear_object (&db);
  template_dump = dump_store (template_db);
}

/* Makes `path` what `fault` says, from `original` (a real store or document). */
static void
apply_file_fault (const char *path,
                  Fault       fault,
                  const char *original)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  switch (fault)
    {
    case FAULT_MISSING:
      g_unlink (path);
      break;
    case FAULT_EMPTY:
      g_assert_true (g_file_set_contents (path, "", 0, NULL));
      break;
    case FAULT_TRUNCATED:
      g_assert_true (g_file_get_contents (original, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (path, contents, (gssize) length / 2, NULL));
      break;
    case FAULT_PDF:
      {
        static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

        g_assert_true (g_file_set_contents (path, pdf, sizeof pdf - 1, NULL));
      }
      break;
    case FAULT_FOREIGN:
      {
        /* An SQLite file at user_version 0 with a table of its own, made as another program
         * would: cd_database_open_at_version (…, 0) creates the file and migrates nothing. */
        g_autoptr(CdDatabase) db = NULL;

        g_unlink (path);
        db = cd_database_open_at_version (path, 0, &error);
        g_assert_no_error (error);
        g_assert_true (cd_database_exec (db, "CREATE TABLE photos (name TEXT, taken TEXT);"
                                             "INSERT INTO photos VALUES ('a', 'b');"
                                             "PRAGMA journal_mode = DELETE;", &error));
        g_assert_no_error (error);
      }
      break;
    case FAULT_NEWER:
      {
        g_autoptr(CdDatabase) db = NULL;
        g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d;",
                                                cd_database_get_latest_version () + 1);

        copy_file (template_db, path);
        db = cd_database_open_unchecked (path, &error);
        g_assert_no_error (error);
        g_assert_true (cd_database_exec (db, sql, &error));
        g_assert_no_error (error);
      }
      break;
    case FAULT_STORE:
      copy_file (template_db, path);
      break;
    case FAULT_READ_ONLY:
    case FAULT_FULL:
    case FAULT_FULL_WRITE:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
namespaces_work (void)
{
  static int works = -1;

  if (works < 0)
    {
      const char *argv[] = { "unshare", "-rm", "true", NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = 0;

      works = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                            &err, &status, NULL)
              && g_spawn_check_wait_status (status, NULL);
    }
  return works;
}

/* Runs a command in a folder `dir` made read-only, or moved onto a full tmpfs: inside unshare,
 * given to the shell as $1 (the folder), $2 (stdin), then the command. A full folder's contents
 * are copied back out to `dir`.after, since the tmpfs goes with the namespace. */
static const char ro_script[] =
  "d=$1; s=$2; shift 2;"
  "mount --bind \"$d\" \"$d\" && mount -o remount,ro,bind \"$d\" || exit 99;"
  "exec \"$@\" < \"$s\"";
static const char full_script[] =
  "d=$1; s=$2; shift 2;"
  "cp -a \"$d\" \"$d.before\" || exit 99;"
  "size=$(( $(du -sk \"$d\" | cut -f1) + 128 ));"
  "mount -t tmpfs -o size=${size}k tmpfs \"$d\" || exit 99;"
  "cp -a \"$d.before\"/. \"$d\"/ || exit 99;"
  "dd if=/dev/zero of=\"$d/.fill\" bs=4096 2>/dev/null;"
  "\"$@\" < \"$s\"; status=$?;"
  "rm -f \"$d/.fill\"; mkdir \"$d.after\" && cp -a \"$d\"/. \"$d.after\"/;"
  "exit $status";
static const char plain_script[] = "shift; s=$1; shift; exec \"$@\" < \"$s\"";

typedef struct
{
  const char *name;
  const char *value;
} Place;

static char *
substitute (const char  *arg,
            const Place *places)
{
  for (const Place *p = places; p->name != NULL; p++)
    if (g_str_has_prefix (arg, p->name))
      return g_strconcat (p->value, arg + strlen (p->name), NULL);
  return g_strdup (arg);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
list_dir (const char *path,
          GString    *out)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s ", (char *) g_ptr_array_index (names, i));
}

static void
test_row (gconstpointer data)
{
  const Row *row = data;
  char *dir = test_tmpdir_new ();
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *db = g_build_filename (data_dir, "office.db", NULL);
  g_autofree char *new_db = g_build_filename (data_dir, "new.db", NULL);
  g_autofree char *input = g_build_filename (data_dir, "input", NULL);
  g_autofree char *output = g_build_filename (out_dir, "output", NULL);
  g_autofree char *stdin_path = g_build_filename (dir, "stdin", NULL);
  g_autofree char *input_source = NULL;
  g_autofree char *target = NULL;
  g_autofree char *target_sum = NULL;
  g_autofree char *input_sum = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) outputs_before = g_string_new (NULL);
  g_autoptr(GString) outputs_after = g_string_new (NULL);
  g_autofree char *prefix = g_strdup_printf ("claimdesk-cli %s: ", row->command);
  const char *words = row->words != NULL ? row->words : fault_words[row->fault];
  gboolean full = row->fault == FAULT_FULL || row->fault == FAULT_FULL_WRITE;
  gboolean dir_fault = row->fault == FAULT_READ_ONLY || full;
  gboolean old_outputs = dir_fault && g_str_equal (row->target, "@OUTDIR@");
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", CERT_FILE, NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "data", KEY_FILE, NULL);
  g_autofree char *rules_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "rules",
                                                      "vn-si-2024", NULL);
  g_autofree char *xml = g_test_build_filename (G_TEST_DIST, "data", XML_FILE, NULL);
  Place places[11] = { { NULL, NULL } };
  int status;

  if (dir_fault && !namespaces_work ())
    {
      g_test_skip ("unshare -rm (user and mount namespaces) does not work here: no read-only "
                   "bind mount or small tmpfs to run the command on");
      test_tmpdir_free (dir);
      return;
    }

  g_assert_cmpint (g_mkdir (data_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  copy_file (template_db, db);
  g_assert_true (g_file_set_contents (stdin_path, row->stdin_text != NULL ? row->stdin_text : "",
                                      -1, NULL));
  if (row->input != NULL && g_str_equal (row->input, "@BACKUP@"))
    input_source = g_strdup (template_backup);
  else if (row->input != NULL && g_str_equal (row->input, "@BUNDLE@"))
    input_source = g_strdup (template_bundle);
  else if (row->input != NULL)
    input_source = g_test_build_filename (G_TEST_DIST, "data", row->input, NULL);
  if (input_source != NULL)
    copy_file (input_source, input);
  else
    {
      g_autofree char *list = g_test_build_filename (G_TEST_DIST, "data", LIST_FILE, NULL);

      copy_file (list, input);  /* @IN@ in a row about the store: a good list file */
    }

  /* An older output where the command writes, which a failed write must leave as it was. */
  if (old_outputs)
    for (const char * const *ext = (const char * const[]) { "", ".pdf", ".csv", NULL };
         *ext != NULL; ext++)
      {
        g_autofree char *old = g_strconcat (output, *ext, NULL);

        g_assert_true (g_file_set_contents (old, "an older output\n", -1, NULL));
      }

  places[0] = (Place) { "@DB@", db };
  places[1] = (Place) { "@NEWDB@", new_db };
  places[2] = (Place) { "@IN@", input };
  places[3] = (Place) { "@OUTDIR@", out_dir };
  places[4] = (Place) { "@OUT@", output };
  places[5] = (Place) { "@CLAIM@", template_claim };
  places[6] = (Place) { "@CERT@", cert };
  places[7] = (Place) { "@KEY@", key };
  places[8] = (Place) { "@RULES@", rules_dir };
  places[9] = (Place) { "@XML@", xml };
  target = substitute (row->target, places);

  if (!dir_fault)
    apply_file_fault (target, row->fault, g_str_equal (row->target, "@DB@") ? template_db
                                                                            : input_source);
  /* A store in use has its -wal and -shm beside it (a reader leaves them): on a full disk the
   * command then gets as far as its transaction. */
  if (row->fault == FAULT_FULL_WRITE)
    g_free (dump_store (db));
  target_sum = file_sum (target);
  input_sum = file_sum (input);
  list_dir (out_dir, outputs_before);

  if (dir_fault)
    {
      g_ptr_array_add (argv, g_strdup ("unshare"));
      g_ptr_array_add (argv, g_strdup ("-rm"));
    }
  g_ptr_array_add (argv, g_strdup ("sh"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup (row->fault == FAULT_READ_ONLY ? ro_script
                                   : full                        ? full_script
                                                                 : plain_script));
  g_ptr_array_add (argv, g_strdup ("sh"));
  g_ptr_array_add (argv, dir_fault && g_str_equal (row->target, "@OUTDIR@") ? g_strdup (out_dir)
                                                                            : g_strdup (data_dir));
  g_ptr_array_add (argv, g_strdup (stdin_path));
  g_ptr_array_add (argv, g_strdup ("timeout"));
  g_ptr_array_add (argv, g_strdup ("60"));
  g_ptr_array_add (argv, g_strdup (cli ()));
  for (guint i = 0; row->args[i] != NULL; i++)
    g_ptr_array_add (argv, substitute (row->args[i], places));
  g_ptr_array_add (argv, NULL);
  {
    g_autoptr(GError) error = NULL;
    int wait_status = 0;

    g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                  &wait_status, &error);
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (wait_status));
    status = WEXITSTATUS (wait_status);
  }
  if (status == 99)
    {
      g_test_skip_printf ("could not set up the %s folder: %s", fault_names[row->fault], err);
      test_tmpdir_free (dir);
      return;
    }
  if (full)
    {
      const char *faulted = g_ptr_array_index (argv, 6);
      g_autofree char *after = g_strconcat (faulted, ".after", NULL);
      g_autofree char *before = g_strconcat (faulted, ".before", NULL);
      g_autoptr(GFile) gone = g_file_new_for_path (faulted);
      char *tree = g_strdup (faulted);

      /* What the command left on the full disk replaces the folder, to be checked below. */
      test_tmpdir_free (tree);
      g_assert_cmpint (g_rename (after, faulted), ==, 0);
      test_tmpdir_free (g_strdup (before));
    }

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, row->status != 0 ? row->status : 1);
  g_assert_cmpuint (test_count_lines (err), ==, 1);
  g_assert_true (g_str_has_prefix (err, prefix));
  g_assert_nonnull (strstr (err, target));
  if (words != NULL)
    {
      g_autofree char *folded = g_utf8_strdown (err, -1);
      g_auto(GStrv) alternatives = g_strsplit (words, "|", -1);
      gboolean said = FALSE;

      for (guint i = 0; alternatives[i] != NULL; i++)
        said |= strstr (folded, alternatives[i]) != NULL;
      if (!said)
        g_test_fail_printf ("the line does not say “%s”: %s", words, err);
    }

  /* Nothing already saved lost: the store, the input and any older output as they were, and no
   * new file, whole or half-written, where a command failed. */
  if (!dir_fault)
    {
      g_autofree char *after = file_sum (target);

      g_assert_cmpstr (after, ==, target_sum);  /* a missing file stays missing */
    }
  if (dir_fault || !g_str_equal (row->target, "@DB@"))
    {
      g_autofree char *dump = dump_store (db);

      g_assert_cmpstr (dump, ==, template_dump);
    }
  {
    g_autofree char *after = file_sum (input);

    g_assert_cmpstr (after, ==, input_sum);
  }
  if (g_str_equal (row->target, "@NEWDB@"))
    g_assert_false (g_file_test (new_db, G_FILE_TEST_EXISTS));
  list_dir (out_dir, outputs_after);
  if (row->whole_output && !g_str_equal (outputs_after->str, outputs_before->str))
    {
      g_auto(GStrv) names = g_strsplit (outputs_after->str, " ", -1);

      /* What is new must be whole: a backup that `backup --verify` passes. */
      for (guint i = 0; names[i] != NULL; i++)
        if (*names[i] != '\0' && strstr (outputs_before->str, names[i]) == NULL)
          {
            g_autofree char *made = g_build_filename (out_dir, names[i], NULL);
            const char *verify[] = { cli (), "backup", "--verify", made, NULL };
            g_autofree char *verify_out = NULL;
            g_autofree char *verify_err = NULL;

            g_assert_cmpint (test_run (verify, &verify_out, &verify_err), ==, 0);
          }
    }
  else
    g_assert_cmpstr (outputs_after->str, ==, outputs_before->str);
  if (old_outputs)
    for (const char * const *ext = (const char * const[]) { "", ".pdf", ".csv", NULL };
         *ext != NULL; ext++)
      {
        g_autofree char *old = g_strconcat (output, *ext, NULL);
        g_autofree char *contents = NULL;

        g_assert_true (g_file_get_contents (old, &contents, NULL, NULL));
        g_assert_cmpstr (contents, ==, "an older output\n");
      }
  test_tmpdir_free (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Every row reports every way it fails, not only the first. */
  g_test_set_nonfatal_assertions ();
  make_template ();

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *joined = g_strjoinv ("-", (char **) rows[i].args);
      char *path;

      g_strdelimit (joined, "/@ .", '_');
      path = g_strdup_printf ("/cli/bad-input/%s/%s/%s", joined, rows[i].target + 1,
                              fault_names[rows[i].fault]);
      g_strdelimit (path + strlen ("/cli/bad-input/"), "@", '_');
      g_assert_false (g_hash_table_contains (seen, path));
      g_hash_table_add (seen, path);
      g_test_add_data_func (path, &rows[i], test_row);
    }

  status = g_test_run ();
  test_tmpdir_free (template_dir);
  return status;
}
