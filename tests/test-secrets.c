/* test-secrets.c — the office's secrets in a real Secret Service (cd-secrets and
 * `claimdesk-cli secret`).
 *
 * Run by meson through tests/with-keyring.sh: a private session bus and HOME, with
 * gnome-keyring-daemon on the bus ("running") or nothing ("absent", --no-keyring). Each mode has
 * its own tests; CLAIMDESK_TEST_SECRET_SERVICE says which one this run is.
 */
#include <string.h>

#include <gio/gio.h>

#include "cd-secrets.h"
#include "test-util.h"

#define CENTRAL_A "https://central-a.example.vn"
#define CENTRAL_B "https://central-b.example.vn"

/* ---- helpers -------------------------------------------------------------------------------- */

/* Every message logged in this process, debug ones included, to show no secret is ever logged. */
static GString *logged;
static GMutex logged_lock;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&logged_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      g_string_append_printf (logged, "%s\n", (const char *) fields[i].value);
  g_mutex_unlock (&logged_lock);
  /* Debug lines are kept, not printed: they would land in the TAP stream. */
  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
logged_contains (const char *text)
{
  gboolean found;

  g_mutex_lock (&logged_lock);
  found = strstr (logged->str, text) != NULL;
  g_mutex_unlock (&logged_lock);
  return found;
}

static const char *
test_home (void)
{
  const char *home = g_getenv ("CLAIMDESK_TEST_HOME");

  g_assert_nonnull (home);
  g_assert_cmpstr (home, ==, g_get_home_dir ());
  return home;
}

/* A secret no file would hold by chance. */
static char *
fresh_secret (const char *tag)
{
  return g_strdup_printf ("cd-%s-%08x%08x-\xc3\xa2n", tag, g_random_int (), g_random_int ());
}

/* Adds "relative path\tSHA-256" for every regular file under `dir` to `files`. */
static void
collect_files (const char *root,
               const char *dir,
               GPtrArray  *files)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_files (root, path, files);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *contents = NULL;
          gsize length = 0;
          g_autofree char *sum = NULL;

          g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
          sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
          g_ptr_array_add (files, g_strdup_printf ("%s\t%s", path + strlen (root), sum));
        }
    }
}

/* The files under the private HOME, sorted, one "path\tsha256" line each. */
static char *
snapshot_home (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  collect_files (test_home (), test_home (), files);
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (files, NULL);
  return g_strjoinv ("\n", (char **) files->pdata);
}

static gboolean
bytes_hold (const char *bytes,
            gsize       length,
            const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (bytes + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

/* The SHA-256 of a file's bytes; of nothing when there is no such file. */
static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    length = 0;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* The first regular file under `dir` whose bytes hold `needle`, or NULL. */
static char *
find_file_holding (const char *dir,
                   const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return NULL;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          char *found = find_file_holding (path, needle);

          if (found != NULL)
            return found;
        }
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR)
               && g_file_get_contents (path, &contents, &length, NULL)
               && bytes_hold (contents, length, needle))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static void
assert_in_no_file (const char *secret)
{
  g_autofree char *holder = find_file_holding (test_home (), secret);

  if (holder != NULL)
    g_test_message ("the plain secret is in %s", holder);
  g_assert_null (holder);
}

/* Runs claimdesk-cli with `input` on stdin and `envp` (NULL: this process's environment). */
static int
run_cli (const char          *input,
         const char * const  *envp,
         char               **out,
         char               **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CLAIMDESK_CLI"));
  g_assert_nonnull (argv->pdata[0]);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (envp != NULL)
    g_subprocess_launcher_set_environ (launcher, (char **) envp);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* ---- with a keyring ------------------------------------------------------------------------- */

static void
test_round_trip (void)
{
  g_autofree char *first = fresh_secret ("first");
  g_autofree char *second = fresh_secret ("second");
  g_autoptr(GError) error = NULL;
  char *found;

  /* Nothing yet. */
  g_assert_null (cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL",
                                         NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cd_secrets_store_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL", NULL,
                                        first, NULL, &error));
  g_assert_no_error (error);
  found = cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL", NULL,
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, first);
  cd_secrets_free (found);

  /* Storing again replaces: one item, the new secret. */
  g_assert_true (cd_secrets_store_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL",
                                        "Office LOCAL", second, NULL, &error));
  found = cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL", NULL,
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, second);
  cd_secrets_free (found);

  g_assert_true (cd_secrets_clear_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL", NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_null (cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL",
                                         NULL, &error));
  g_assert_no_error (error);
  /* Clearing what is not there is no error. */
  g_assert_false (cd_secrets_clear_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL",
                                         NULL, &error));
  g_assert_no_error (error);
}

static void
test_async_round_trip (void)
{
  g_autofree char *secret = fresh_secret ("async");
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *stored = NULL, *found = NULL, *cleared = NULL, *gone = NULL, *stopped = NULL;
  char *value;

  cd_secrets_store_async (CD_SECRET_KIND_OFFICER_TOKEN, CENTRAL_A, "cb01", NULL, secret, NULL,
                          on_done, &stored);
  g_assert_true (cd_secrets_store_finish (wait_for (&stored), &error));
  g_assert_no_error (error);

  cd_secrets_lookup_async (CD_SECRET_KIND_OFFICER_TOKEN, CENTRAL_A, "cb01", NULL, on_done, &found);
  value = cd_secrets_lookup_finish (wait_for (&found), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, secret);
  cd_secrets_free (value);

  g_cancellable_cancel (cancelled);
  cd_secrets_lookup_async (CD_SECRET_KIND_OFFICER_TOKEN, CENTRAL_A, "cb01", cancelled, on_done,
                           &stopped);
  g_assert_null (cd_secrets_lookup_finish (wait_for (&stopped), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  cd_secrets_clear_async (CD_SECRET_KIND_OFFICER_TOKEN, CENTRAL_A, "cb01", NULL, on_done,
                          &cleared);
  g_assert_true (cd_secrets_clear_finish (wait_for (&cleared), &error));
  g_assert_no_error (error);

  cd_secrets_lookup_async (CD_SECRET_KIND_OFFICER_TOKEN, CENTRAL_A, "cb01", NULL, on_done, &gone);
  g_assert_null (cd_secrets_lookup_finish (wait_for (&gone), &error));
  g_assert_no_error (error);

  g_object_unref (stored);
  g_object_unref (found);
  g_object_unref (stopped);
  g_object_unref (cleared);
  g_object_unref (gone);
}

typedef struct
{
  CdSecretKind  kind;
  const char   *central;
  const char   *account;
} Key;

static void
test_kept_apart (void)
{
  /* Two centrals, two accounts, two kinds: each its own secret. */
  const Key keys[] = {
    { CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL" },
    { CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_B, "LOCAL" },
    { CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "HCM01" },
    { CD_SECRET_KIND_OFFICER_TOKEN, CENTRAL_A, "LOCAL" },
    { CD_SECRET_KIND_OFFICER_TOKEN, CENTRAL_B, "cb01" },
  };
  char *secrets[G_N_ELEMENTS (keys)];
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      secrets[i] = fresh_secret ("apart");
      g_assert_true (cd_secrets_store_sync (keys[i].kind, keys[i].central, keys[i].account, NULL,
                                            secrets[i], NULL, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      char *found = cd_secrets_lookup_sync (keys[i].kind, keys[i].central, keys[i].account, NULL,
                                            &error);

      g_assert_no_error (error);
      g_assert_cmpstr (found, ==, secrets[i]);
      cd_secrets_free (found);
    }

  /* Near misses find nothing: the central is matched as given, the account whole. */
  g_assert_null (cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A "/", "LOCAL",
                                         NULL, &error));
  g_assert_null (cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCA",
                                         NULL, &error));
  g_assert_null (cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICER_TOKEN, CENTRAL_A, "HCM01", NULL,
                                         &error));
  g_assert_no_error (error);

  /* Clearing one leaves the others. */
  g_assert_true (cd_secrets_clear_sync (keys[0].kind, keys[0].central, keys[0].account, NULL,
                                        &error));
  g_assert_null (cd_secrets_lookup_sync (keys[0].kind, keys[0].central, keys[0].account, NULL,
                                         &error));
  for (guint i = 1; i < G_N_ELEMENTS (keys); i++)
    {
      char *found = cd_secrets_lookup_sync (keys[i].kind, keys[i].central, keys[i].account, NULL,
                                            &error);

      g_assert_no_error (error);
      g_assert_cmpstr (found, ==, secrets[i]);
      cd_secrets_free (found);
      g_assert_true (cd_secrets_clear_sync (keys[i].kind, keys[i].central, keys[i].account, NULL,
                                            &error));
      g_free (secrets[i]);
    }
  g_free (secrets[0]);
}

static void
test_never_in_a_file_or_log (void)
{
  g_autofree char *secret = fresh_secret ("plain");
  g_autofree char *cli_secret = fresh_secret ("cli");
  g_autofree char *keyring = g_build_filename (g_get_user_data_dir (), "keyrings", "login.keyring",
                                               NULL);
  g_autofree char *keyring_before = file_checksum (keyring);
  g_autofree char *keyring_after = NULL;
  g_autofree char *input = g_strconcat (cli_secret, "\n", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_secrets_store_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL", NULL,
                                        secret, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_cli (input, NULL, &out, &err, "secret", "store", "--kind", "officer-token",
                            "--central", CENTRAL_B, "--account", "cb01", NULL), ==, 0);

  /* The keyring's own file changed (the secrets went there), encrypted: neither secret is in it,
   * nor in any other file of the HOME, the keyring daemon's log included. */
  g_assert_true (g_file_test (keyring, G_FILE_TEST_IS_REGULAR));
  keyring_after = file_checksum (keyring);
  g_assert_cmpstr (keyring_before, !=, keyring_after);
  assert_in_no_file (secret);
  assert_in_no_file (cli_secret);
  g_assert_null (strstr (out, cli_secret));
  g_assert_null (strstr (err, cli_secret));

  /* Nor in what this process logged, debug messages included (which were captured: the store's
   * debug line is there). */
  g_assert_true (logged_contains ("Stored the office-credential of LOCAL at " CENTRAL_A));
  g_assert_false (logged_contains (secret));

  g_assert_true (cd_secrets_clear_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL", NULL,
                                        &error));
  g_assert_true (cd_secrets_clear_sync (CD_SECRET_KIND_OFFICER_TOKEN, CENTRAL_B, "cb01", NULL,
                                        &error));
  g_assert_no_error (error);
}

static void
test_cli (void)
{
  g_autofree char *secret = fresh_secret ("cli");
  g_autofree char *input = g_strconcat (secret, "\n", NULL);
  g_autofree char *revealed = g_strconcat (secret, "\n", NULL);
  char *out = NULL, *err = NULL;
  char *found;

#define KEY "--kind", "office-credential", "--central", CENTRAL_A, "--account", "LOCAL"
  g_assert_cmpint (run_cli ("", NULL, &out, &err, "secret", "lookup", KEY, NULL), ==, 3);
  g_assert_cmpstr (out, ==, "absent\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (input, NULL, &out, &err, "secret", "store", KEY, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Stored the office-credential of LOCAL at " CENTRAL_A));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* What the CLI stored is what the C API reads: the line break is not part of the secret. */
  found = cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL", NULL, NULL);
  g_assert_cmpstr (found, ==, secret);
  cd_secrets_free (found);

  /* Present, but shown only when asked. */
  g_assert_cmpint (run_cli ("", NULL, &out, &err, "secret", "lookup", KEY, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "present\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("", NULL, &out, &err, "secret", "lookup", "--reveal", KEY, NULL), ==,
                   0);
  g_assert_cmpstr (out, ==, revealed);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ("", NULL, &out, &err, "secret", "clear", KEY, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Removed the office-credential of LOCAL"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("", NULL, &out, &err, "secret", "lookup", "--reveal", KEY, NULL), ==,
                   3);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (test_count_lines (err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("", NULL, &out, &err, "secret", "clear", KEY, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No office-credential of LOCAL"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Usage errors: an empty stdin, a wrong kind, a missing account, a wrong action. */
  g_assert_cmpint (run_cli ("", NULL, &out, &err, "secret", "store", KEY, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "standard input"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (input, NULL, &out, &err, "secret", "store", "--kind", "password",
                            "--central", CENTRAL_A, "--account", "LOCAL", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (input, NULL, &out, &err, "secret", "store", "--kind",
                            "office-credential", "--central", CENTRAL_A, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("", NULL, &out, &err, "secret", "show", KEY, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
#undef KEY
}

/* The default collection's object path, through the Secret Service's own D-Bus API. */
static char *
default_collection (GDBusConnection *bus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  char *path = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(o)", &path);
  g_assert_cmpstr (path, !=, "/");
  return path;
}

/* Last in this program: the keyring stays locked (there is no prompter on the test bus to unlock
 * it with). */
static void
test_locked_keyring (void)
{
  g_autofree char *secret = fresh_secret ("locked");
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autofree char *collection = NULL;
  const char *to_lock[2] = { NULL, NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (cd_secrets_store_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL", NULL,
                                        secret, NULL, &error));
  g_assert_no_error (error);

  collection = default_collection (bus);
  to_lock[0] = collection;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "Lock",
                                       g_variant_new ("(^ao)", to_lock), G_VARIANT_TYPE ("(aoo)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  /* The secret is there, but locked away: that is an error, not "nothing stored". */
  g_assert_null (cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL",
                                         NULL, &error));
  g_assert_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);

  g_assert_false (cd_secrets_store_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "HCM01",
                                         NULL, secret, NULL, &error));
  g_assert_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_false (cd_secrets_clear_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL",
                                         NULL, &error));
  g_assert_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_cmpint (run_cli ("", NULL, &out, &err, "secret", "lookup", "--kind",
                            "office-credential", "--central", CENTRAL_A, "--account", "LOCAL",
                            NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (test_count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, "locked"));
}

/* ---- with no keyring ------------------------------------------------------------------------ */

static void
test_no_keyring_refuses (void)
{
  g_autofree char *secret = fresh_secret ("nokeyring");
  g_autofree char *before = snapshot_home ();
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *stored = NULL;

  g_assert_false (cd_secrets_store_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL",
                                         NULL, secret, NULL, &error));
  g_assert_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_NO_KEYRING);
  /* It says what is wrong, how to fix it, and that no file took the secret instead. */
  g_assert_nonnull (strstr (error->message, "No keyring is running"));
  g_assert_nonnull (strstr (error->message, "gnome-keyring-daemon"));
  g_assert_nonnull (strstr (error->message, "not stored"));
  g_assert_nonnull (strstr (error->message, "never keeps it in a file"));
  g_clear_error (&error);

  cd_secrets_store_async (CD_SECRET_KIND_OFFICER_TOKEN, CENTRAL_A, "cb01", NULL, secret, NULL,
                          on_done, &stored);
  g_assert_false (cd_secrets_store_finish (wait_for (&stored), &error));
  g_assert_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_NO_KEYRING);
  g_clear_error (&error);
  g_object_unref (stored);

  g_assert_null (cd_secrets_lookup_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL",
                                         NULL, &error));
  g_assert_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_NO_KEYRING);
  g_clear_error (&error);
  g_assert_false (cd_secrets_clear_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL",
                                         NULL, &error));
  g_assert_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_NO_KEYRING);

  /* Nothing was written: the HOME's files are the same, and none holds the secret. */
  after = snapshot_home ();
  g_assert_cmpstr (before, ==, after);
  assert_in_no_file (secret);
  g_assert_false (logged_contains (secret));
}

static void
test_no_keyring_cli (void)
{
  g_autofree char *secret = fresh_secret ("nokeyring-cli");
  g_autofree char *input = g_strconcat (secret, "\n", NULL);
  g_autofree char *before = snapshot_home ();
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (input, NULL, &out, &err, "secret", "store", "--kind",
                            "office-credential", "--central", CENTRAL_A, "--account", "LOCAL",
                            NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (test_count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, "No keyring is running"));
  g_assert_null (strstr (err, secret));
  after = snapshot_home ();
  g_assert_cmpstr (before, ==, after);
  assert_in_no_file (secret);
}

/* No session bus at all (a console login, a service without a desktop session). */
static void
test_no_session_bus (void)
{
  g_autofree char *secret = fresh_secret ("nobus");
  g_autofree char *nowhere = g_strdup_printf ("unix:path=%s/no-bus-here", test_home ());
  g_autofree char *input = g_strconcat (secret, "\n", NULL);
  g_autofree char *before = snapshot_home ();
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) envp = NULL;

  /* The C API, in a process of its own whose bus address leads nowhere. */
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", nowhere, TRUE);
      g_assert_false (cd_secrets_store_sync (CD_SECRET_KIND_OFFICE_CREDENTIAL, CENTRAL_A, "LOCAL",
                                             NULL, secret, NULL, &error));
      g_assert_error (error, CD_SECRETS_ERROR, CD_SECRETS_ERROR_NO_KEYRING);
      g_assert_nonnull (strstr (error->message, "no D-Bus session bus"));
      g_assert_nonnull (strstr (error->message, "not stored"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  /* The CLI, with no address at all. */
  envp = g_get_environ ();
  /* Without an address, GLib looks for $XDG_RUNTIME_DIR/bus (the private one has none) and then
   * tries X11 autolaunch (no display). */
  envp = g_environ_unsetenv (envp, "DBUS_SESSION_BUS_ADDRESS");
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  g_assert_cmpint (run_cli (input, (const char * const *) envp, &out, &err, "secret", "store",
                            "--kind", "office-credential", "--central", CENTRAL_A, "--account",
                            "LOCAL", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (test_count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, "no D-Bus session bus"));
  g_assert_nonnull (strstr (err, "not stored"));

  after = snapshot_home ();
  g_assert_cmpstr (before, ==, after);
  assert_in_no_file (secret);
}

static void
test_kind_names (void)
{
  CdSecretKind kind = CD_SECRET_KIND_OFFICER_TOKEN;

  g_assert_cmpstr (cd_secret_kind_to_string (CD_SECRET_KIND_OFFICE_CREDENTIAL), ==,
                   "office-credential");
  g_assert_cmpstr (cd_secret_kind_to_string (CD_SECRET_KIND_OFFICER_TOKEN), ==, "officer-token");
  g_assert_true (cd_secret_kind_from_string ("office-credential", &kind));
  g_assert_cmpint (kind, ==, CD_SECRET_KIND_OFFICE_CREDENTIAL);
  g_assert_true (cd_secret_kind_from_string ("officer-token", &kind));
  g_assert_cmpint (kind, ==, CD_SECRET_KIND_OFFICER_TOKEN);
  g_assert_false (cd_secret_kind_from_string ("password", &kind));
  g_assert_false (cd_secret_kind_from_string (NULL, &kind));
}

int
main (int    argc,
      char **argv)
{
  const char *service = g_getenv ("CLAIMDESK_TEST_SECRET_SERVICE");

  logged = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  /* Only ever against the private bus and HOME of tests/with-keyring.sh. */
  if (service == NULL || g_getenv ("CLAIMDESK_TEST_HOME") == NULL)
    {
      g_printerr ("test-secrets: run me through tests/with-keyring.sh\n");
      return 1;
    }

  g_test_add_func ("/secrets/kind-names", test_kind_names);
  if (g_str_equal (service, "running"))
    {
      g_test_add_func ("/secrets/round-trip", test_round_trip);
      g_test_add_func ("/secrets/async-round-trip", test_async_round_trip);
      g_test_add_func ("/secrets/kept-apart", test_kept_apart);
      g_test_add_func ("/secrets/never-in-a-file-or-log", test_never_in_a_file_or_log);
      g_test_add_func ("/secrets/cli", test_cli);
      g_test_add_func ("/secrets/locked-keyring", test_locked_keyring);
    }
  else
    {
      g_test_add_func ("/secrets/no-keyring-refuses", test_no_keyring_refuses);
      g_test_add_func ("/secrets/no-keyring-cli", test_no_keyring_cli);
      g_test_add_func ("/secrets/no-session-bus", test_no_session_bus);
    }
  return g_test_run ();
}
