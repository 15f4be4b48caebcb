/* cd-gateway-process.c — runs a private claimdesk-gateway as a child process. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#ifdef __linux__
# include <sys/prctl.h>
#endif

#include "cd-data-dir.h"
#include "cd-gateway-process.h"

#define READY_POLL_MS   20
#define READY_TIMEOUT_S 20

struct _CdGatewayProcess
{
  GObject      parent_instance;
  GStrv        extra_args;
  char        *tmpdir;
  char        *port_file;
  char        *base_url;
  char        *enrolment_code;
  CdOfficeCredential *credential;  /* once enrolled by get_office_credential */
  GSubprocess *subprocess;
};

G_DEFINE_FINAL_TYPE (CdGatewayProcess, cd_gateway_process, G_TYPE_OBJECT)
G_DEFINE_QUARK (cd-gateway-process-error-quark, cd_gateway_process_error)

/* Where the gateway lives: $CLAIMDESK_GATEWAY (set by `meson devenv` and the tests), else beside
 * the running executable (an installed copy), else the configured bindir. */
char *
cd_gateway_find_executable (void)
{
  const char *from_env = g_getenv ("CLAIMDESK_GATEWAY");
  g_autofree char *self_exe = NULL;
  g_autofree char *beside = NULL;
  g_autofree char *in_bindir = NULL;

  if (from_env != NULL && *from_env != '\0')
    return g_strdup (from_env);

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      beside = g_build_filename (dir, "claimdesk-gateway", NULL);
      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  in_bindir = g_build_filename (BINDIR, "claimdesk-gateway", NULL);
  if (g_file_test (in_bindir, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&in_bindir);

  return g_find_program_in_path ("claimdesk-gateway");
}

CdGatewayProcess *
cd_gateway_process_new (const char * const *extra_args)
{
  CdGatewayProcess *self = g_object_new (CD_TYPE_GATEWAY_PROCESS, NULL);

  self->extra_args = g_strdupv ((char **) extra_args);
  return self;
}

#ifdef __linux__
static void
die_with_parent (gpointer user_data)
{
  /* A crashed or killed workstation must not leave a gateway listening behind it. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}
#endif

typedef struct
{
  guint         poll_id;
  gint64        deadline;
  /* Cancelled once the child is ready, so that the pending wait stops holding the task (and through
   * it this object) alive: from then on the child lives until stop() or dispose. */
  GCancellable *wait_cancellable;
} StartData;

static void
remove_poll (StartData    *data,
             GMainContext *context)
{
  if (data->poll_id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (context, data->poll_id);
      if (source != NULL)
        g_source_destroy (source);
      data->poll_id = 0;
    }
}

static void
start_data_free (StartData *data)
{
  g_assert (data->poll_id == 0);
  g_clear_object (&data->wait_cancellable);
  g_free (data);
}

static gboolean
poll_port_file (gpointer user_data)
{
  GTask *task = user_data;
  CdGatewayProcess *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autofree char *contents = NULL;

  if (g_file_get_contents (self->port_file, &contents, NULL, NULL)
      && (g_str_has_prefix (contents, "http://") || g_str_has_prefix (contents, "https://")))
    {
      self->base_url = g_strstrip (g_steal_pointer (&contents));
      data->poll_id = 0;
      g_cancellable_cancel (data->wait_cancellable);
      g_task_return_boolean (task, TRUE);
      return G_SOURCE_REMOVE;
    }

  if (g_get_monotonic_time () > data->deadline)
    {
      data->poll_id = 0;
      g_cancellable_cancel (data->wait_cancellable);
      cd_gateway_process_stop (self);
      g_task_return_new_error (task, CD_GATEWAY_PROCESS_ERROR, CD_GATEWAY_PROCESS_ERROR_TIMEOUT,
                               _("The gateway did not start listening within %d seconds"),
                               READY_TIMEOUT_S);
      return G_SOURCE_REMOVE;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      data->poll_id = 0;
      g_cancellable_cancel (data->wait_cancellable);
      cd_gateway_process_stop (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
on_child_exited (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);

  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL))
    return; /* ready, or stopped: nothing to report */

  if (data->poll_id != 0)
    {
      remove_poll (data, g_task_get_context (task));
      g_task_return_new_error (task, CD_GATEWAY_PROCESS_ERROR, CD_GATEWAY_PROCESS_ERROR_EXITED,
                               _("The gateway exited before it was ready (status %d)"),
                               g_subprocess_get_status (G_SUBPROCESS (object)));
    }
}

void
cd_gateway_process_start_async (CdGatewayProcess    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *executable = NULL;
  GError *error = NULL;
  StartData *data;

  g_return_if_fail (CD_IS_GATEWAY_PROCESS (self));
  g_return_if_fail (self->subprocess == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_gateway_process_start_async);

  executable = cd_gateway_find_executable ();
  if (executable == NULL)
    {
      g_task_return_new_error (task, CD_GATEWAY_PROCESS_ERROR, CD_GATEWAY_PROCESS_ERROR_NOT_FOUND,
                               _("The claimdesk-gateway program was not found; set CLAIMDESK_GATEWAY to its path"));
      return;
    }

  self->tmpdir = g_dir_make_tmp ("claimdesk-gateway-XXXXXX", &error);
  if (self->tmpdir == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  self->port_file = g_build_filename (self->tmpdir, "port", NULL);

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, executable);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  g_ptr_array_add (argv, (char *) "--port-file");
  g_ptr_array_add (argv, self->port_file);
  g_ptr_array_add (argv, (char *) "--enrolment-code");
  g_ptr_array_add (argv, self->enrolment_code);
  for (guint i = 0; self->extra_args != NULL && self->extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, self->extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
#ifdef __linux__
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
#endif
  self->subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                   &error);
  if (self->subprocess == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (StartData, 1);
  data->deadline = g_get_monotonic_time () + READY_TIMEOUT_S * G_USEC_PER_SEC;
  data->wait_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  {
    /* Attached to the task's context, so start_sync works from a private main context. */
    g_autoptr(GSource) poll = g_timeout_source_new (READY_POLL_MS);
    g_source_set_callback (poll, poll_port_file, g_object_ref (task), g_object_unref);
    data->poll_id = g_source_attach (poll, g_task_get_context (task));
  }
  g_subprocess_wait_async (self->subprocess, data->wait_cancellable, on_child_exited, g_object_ref (task));
}

gboolean
cd_gateway_process_start_finish (CdGatewayProcess  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_start_sync_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

/* For the command line and tests, which have no main loop of their own. */
gboolean
cd_gateway_process_start_sync (CdGatewayProcess  *self,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  g_main_context_push_thread_default (context);
  cd_gateway_process_start_async (self, cancellable, on_start_sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  ok = cd_gateway_process_start_finish (self, result, error);
  g_main_context_pop_thread_default (context);
  return ok;
}

const char *
cd_gateway_process_get_base_url (CdGatewayProcess *self)
{
  g_return_val_if_fail (CD_IS_GATEWAY_PROCESS (self), NULL);
  return self->base_url;
}

const char *
cd_gateway_process_get_enrolment_code (CdGatewayProcess *self)
{
  g_return_val_if_fail (CD_IS_GATEWAY_PROCESS (self), NULL);
  return self->enrolment_code;
}

CdEnrolment *
cd_gateway_process_enrol (CdGatewayProcess  *self,
                          CdHttpClient      *http,
                          GError           **error)
{
  g_return_val_if_fail (CD_IS_GATEWAY_PROCESS (self), NULL);
  g_return_val_if_fail (self->base_url != NULL, NULL);

  return cd_enrolment_exchange (http, self->base_url, self->enrolment_code, NULL, error);
}

const CdOfficeCredential *
cd_gateway_process_get_office_credential (CdGatewayProcess  *self,
                                          CdHttpClient      *http,
                                          GError           **error)
{
  g_return_val_if_fail (CD_IS_GATEWAY_PROCESS (self), NULL);

  if (self->credential == NULL)
    {
      g_autoptr(CdEnrolment) enrolment = cd_gateway_process_enrol (self, http, error);

      if (enrolment == NULL)
        return NULL;
      self->credential = g_steal_pointer (&enrolment->credential);
    }
  return self->credential;
}

char *
cd_gateway_tls_certificate_file (void)
{
  g_autofree char *pki = cd_data_dir_demo_pki ();

  return g_build_filename (pki, "tls", "gateway.cert.pem", NULL);
}

char *
cd_gateway_tls_key_file (void)
{
  g_autofree char *pki = cd_data_dir_demo_pki ();

  return g_build_filename (pki, "tls", "gateway.key.pem", NULL);
}

char *
cd_gateway_tls_ca_file (void)
{
  g_autofree char *pki = cd_data_dir_demo_pki ();

  return g_build_filename (pki, "trust", "claimdesk-test-ca.pem", NULL);
}

void
cd_gateway_process_stop (CdGatewayProcess *self)
{
  g_return_if_fail (CD_IS_GATEWAY_PROCESS (self));

  if (self->subprocess != NULL)
    {
      g_subprocess_send_signal (self->subprocess, SIGTERM);
      g_clear_object (&self->subprocess);
    }
  if (self->port_file != NULL)
    g_unlink (self->port_file);
  if (self->tmpdir != NULL)
    g_rmdir (self->tmpdir);
  g_clear_pointer (&self->port_file, g_free);
  g_clear_pointer (&self->tmpdir, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->credential, cd_office_credential_free);
}

static void
cd_gateway_process_dispose (GObject *object)
{
  cd_gateway_process_stop (CD_GATEWAY_PROCESS (object));
  G_OBJECT_CLASS (cd_gateway_process_parent_class)->dispose (object);
}

static void
cd_gateway_process_finalize (GObject *object)
{
  CdGatewayProcess *self = CD_GATEWAY_PROCESS (object);

  g_clear_pointer (&self->extra_args, g_strfreev);
  g_free (self->enrolment_code);
  G_OBJECT_CLASS (cd_gateway_process_parent_class)->finalize (object);
}

static void
cd_gateway_process_class_init (CdGatewayProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_gateway_process_dispose;
  object_class->finalize = cd_gateway_process_finalize;
}

static void
cd_gateway_process_init (CdGatewayProcess *self)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  GString *code = g_string_new (NULL);

  /* A code of this child's own: a one-time code can enrol one workstation, once. */
  for (guint i = 0; i < 12; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);
    }
  self->enrolment_code = g_string_free (code, FALSE);
}
