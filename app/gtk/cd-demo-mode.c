/* cd-demo-mode.c — `claimdesk --demo`: a private gateway and a sample store, with no set-up.
 *
 * The demo session (app/demo) seeds a store (or migrates the --db file) and starts the gateway on
 * a loopback port; its writer becomes the context's and the gateway plays every external system,
 * central included. An existing --db file is read at once, before the first frame; the writer's
 * integrity check and the gateway wait until the list has been drawn. Demo accounts can be signed
 * in without typing, for the screenshot tour and the start-up probe.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-application-private.h"
#include "cd-data-dir.h"
#include "cd-demo-accounts.h"
#include "cd-demo-evidence.h"

/* ---- demo sign-in --------------------------------------------------------------------------- */

typedef struct
{
  CdApplication  *application;
  char           *login;
  CdSignedInNext  next;
} DemoSignIn;

static void
demo_sign_in_free (DemoSignIn *job)
{
  g_object_unref (job->application);
  g_free (job->login);
  g_free (job);
}

static void
on_demo_user_signed_in (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  DemoSignIn *job = user_data;
  CdApplication *self = job->application;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = cd_demo_accounts_sign_in_finish (result, &error);

  if (session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_printerr ("claimdesk: %s\n", error->message);
          cd_application_quit_with_status (self, 1);
        }
    }
  else
    {
      g_debug ("Demo user %s signed in after %.0f ms", job->login, cd_startup_ms_since_start ());
      cd_context_set_session (self->context, session);
      if (self->main_window != NULL)
        job->next (self);
    }
  demo_sign_in_free (job);
}

void
cd_application_sign_in_demo_user (CdApplication  *self,
                                  const char     *login,
                                  CdSignedInNext  next)
{
  DemoSignIn *job;

  if (cd_context_get_db_path (self->context) == NULL)
    {
      g_printerr ("claimdesk: %s\n", _("There is no claims store to sign in to"));
      cd_application_quit_with_status (self, 1);
      return;
    }
  job = g_new0 (DemoSignIn, 1);
  job->application = g_object_ref (self);
  job->login = g_strdup (login);
  job->next = next;
  cd_demo_accounts_sign_in_async (cd_context_get_db_path (self->context), login,
                                  self->cancellable, on_demo_user_signed_in, job);
}

/* ---- the demo session ----------------------------------------------------------------------- */

/* The private gateway signs its documents with the TEST-ONLY facility keys; the demo trusts their
 * CA, from the demo's own folder. The workstation's trust anchors are neither read nor changed. */
void
cd_application_prepare_demo (CdApplication *self)
{
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *trust = g_build_filename (pki, "trust", NULL);

  cd_context_set_trust_dir (self->context, trust);
}

/* ---- the open claims' evidence -------------------------------------------------------------- */

static void
on_demo_evidence_gathered (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(CdApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDemoEvidenceReport) report = cd_demo_evidence_gather_finish (result, &error);
  CdWindow *window = cd_application_get_main_window (self);
  g_autofree char *message = NULL;

  if (report == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (report == NULL)
    message = g_strdup_printf (_("Demo: the open claims' evidence could not be fetched: %s"),
                               error->message);
  else if (report->failed > 0)
    message = g_strdup_printf (_("Demo: evidence of %u open claims fetched, %u failed (%s); "
                                 "%u anomaly alerts to look at"),
                               report->fetched, report->failed, report->problem, report->alerts);
  else
    message = g_strdup_printf (_("Demo: evidence of %u open claims fetched; %u anomaly alerts "
                                 "to look at"),
                               report->fetched, report->alerts);
  if (window != NULL)
    cd_window_add_toast (window, message);
  /* Last: a handler may quit, and the window go with it. */
  cd_application_notify_demo_evidence_done (self);
}

static void
on_demo_trust_loaded (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CdApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  CdTrustStore *trust = cd_context_load_trust_store_finish (self->context, result, &error);

  if (trust == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Signed out meanwhile: nobody to fetch for. */
  if (cd_context_get_evidence_fetcher (self->context) == NULL)
    return;
  /* Without anchors the evidence is stored all the same, its signatures "untrusted". */
  cd_demo_evidence_gather_async (cd_context_get_database (self->context),
                                 cd_context_get_evidence_fetcher (self->context), trust,
                                 CD_DEMO_EVIDENCE_CLAIMS, self->cancellable,
                                 on_demo_evidence_gathered, g_object_ref (self));
}

static void
start_gathering (CdApplication *self)
{
  cd_context_load_trust_store_async (self->context, self->cancellable, on_demo_trust_loaded,
                                     g_object_ref (self));
}

/* The requests are made for whoever is signed in: the first sign-in starts the gathering. */
static void
on_demo_session_changed (CdContext     *context,
                         GParamSpec    *pspec,
                         CdApplication *self)
{
  if (cd_context_get_evidence_fetcher (context) == NULL)
    return;
  g_signal_handlers_disconnect_by_func (context, on_demo_session_changed, self);
  start_gathering (self);
}

/* The sample office's open claims get their evidence, as an office's have: in the background,
 * once the gateway answers and someone is signed in. Not for the unattended runs, whose pictures
 * and timings must not depend on it. */
static void
gather_demo_evidence (CdApplication *self)
{
  if (self->screenshot_dir != NULL || self->profile_startup)
    return;
  if (cd_context_get_evidence_fetcher (self->context) != NULL)
    start_gathering (self);
  else
    g_signal_connect_object (self->context, "notify::session",
                             G_CALLBACK (on_demo_session_changed), self, G_CONNECT_DEFAULT);
}

static void
on_demo_started (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CdApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  CdWindow *window;

  if (!cd_demo_session_start_finish (CD_DEMO_SESSION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_printerr ("claimdesk: %s\n", error->message);
      /* The unattended runs (the screenshot tour, the start-up probe) fail with it. */
      if (self->screenshot_dir != NULL || self->profile_startup)
        {
          cd_application_quit_with_status (self, 1);
          return;
        }
      cd_window_set_status (cd_application_get_main_window (self), _("Demo: not started"));
      cd_application_show_error (self, _("The Demo Could Not Start"), error->message);
      return;
    }

  cd_application_notify_demo_ready (self);

  window = cd_application_get_main_window (self);
  cd_window_set_status (window, _("Demo: sample data, private gateway"));
  /* The private gateway plays every system, central too: evidence comes from it and approved
   * decisions sync to it, over HTTPS under the test CA, with the office credentials the session
   * enrolled for. */
  cd_http_client_set_ca_file (cd_context_get_http_client (self->context),
                              cd_demo_session_get_ca_file (CD_DEMO_SESSION (object)));
  cd_context_set_office_credential (self->context,
                                    cd_demo_session_get_office_credential (CD_DEMO_SESSION (object)));
  cd_context_set_addresses (self->context,
                            cd_demo_session_get_gateway_url (CD_DEMO_SESSION (object)),
                            cd_demo_session_get_gateway_url (CD_DEMO_SESSION (object)));
  cd_window_accounts_changed (window);
  gather_demo_evidence (self);
  {
    g_autofree char *message =
      g_strdup_printf (_("Demo ready: gateway at %s"),
                       cd_demo_session_get_gateway_url (CD_DEMO_SESSION (object)));
    cd_window_add_toast (window, message);
  }
}

static void
on_demo_progress (CdDemoSession *session,
                  double         fraction,
                  CdApplication *self)
{
  if (self->main_window != NULL)
    cd_window_show_progress (self->main_window, _("Preparing the Sample Data…"), fraction);
}

static void
on_demo_database_ready (CdDemoSession *session,
                        CdApplication *self)
{
  CdWindow *window = self->main_window;
  const char *path = cd_demo_session_get_db_path (session);
  gboolean same_file = g_strcmp0 (cd_context_get_db_path (self->context), path) == 0;
  CdClaimListModel *model;

  /* The demo's writer is the workstation's. */
  cd_context_set_database (self->context, cd_demo_session_get_database (session));
  if (window == NULL || !same_file)
    return;
  /* The list was already reading an existing file; it was empty (and is now seeded) or not a
   * current database (and is now migrated): read it again. */
  model = cd_claim_list_get_model (cd_window_get_claim_list (window));
  if (model == NULL || g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    {
      cd_claim_list_reload (cd_window_get_claim_list (window));
      cd_window_refresh_counts (window);
    }
}

static void
start_demo_session (CdApplication *self)
{
  if (self->demo_session != NULL)
    return;
  self->demo_session = cd_demo_session_new (self->db_path);
  cd_demo_session_set_world (self->demo_session, self->demo_world_seed, self->demo_world_day);
  g_signal_connect_object (self->demo_session, "progress", G_CALLBACK (on_demo_progress), self, 0);
  g_signal_connect_object (self->demo_session, "database-ready",
                           G_CALLBACK (on_demo_database_ready), self, 0);
  cd_demo_session_start_async (self->demo_session, self->cancellable, on_demo_started,
                               g_object_ref (self));
}

static void
on_first_list_loaded (CdClaimList   *list,
                      CdApplication *self)
{
  g_signal_handlers_disconnect_by_func (list, on_first_list_loaded, self);
  cd_application_after_first_frame (self, start_demo_session);
}

void
cd_application_start_demo (CdApplication *self,
                           CdWindow      *window)
{
  if (self->demo_session != NULL)
    return;
  /* An existing file is read at once through a reader connection, in a worker thread, before the
   * window is shown: the first page is usually in before the first frame. The writer's integrity
   * check (seconds at a million claims) and the gateway wait until the list has been drawn. */
  if (self->db_path != NULL && g_file_test (self->db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_signal_connect_object (cd_window_get_claim_list (window), "loaded",
                               G_CALLBACK (on_first_list_loaded), self, 0);
      cd_context_set_db_path (self->context, self->db_path);
    }
  else
    start_demo_session (self);
}

/* Stops the private gateway and removes the temporary sample store. */
void
cd_application_stop_demo (CdApplication *self)
{
  g_clear_object (&self->demo_session);
}
