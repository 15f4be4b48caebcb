/* cd-sync-indicator.c — the sync state in the header bar, and the sync log. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-bundle-store.h"
#include "cd-connection-state.h"
#include "cd-evidence-store.h"
#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-office-setup.h"
#include "cd-resources.h"
#include "cd-rule-pack-install.h"
#include "cd-sync-indicator.h"
#include "cd-sync-log-row.h"
#include "cd-sync-log.h"
#include "cd-sync-worker.h"

#define LOG_LIMIT 50

struct _CdSyncIndicator
{
  AdwBin         parent_instance;

  GtkMenuButton *button;
  GtkImage      *icon;
  GtkLabel      *label;
  GtkPopover    *popover;
  GtkLabel      *status_title;
  GtkLabel      *counts_label;
  GtkLabel      *error_label;
  GtkListBox    *log_list;
  GtkLabel      *offline_label;
  GtkLabel      *waiting_label;
  GtkBox        *contacts_box;
  GtkBox        *bundle_box;
  GtkSpinner    *bundle_spinner;
  GtkLabel      *bundle_label;

  CdContext     *context;
  CdSyncWorker  *worker;        /* the context's, while it has one */
  guint          n_log_rows;
  gboolean       heard;         /* the worker reported at least once: its counts are real */
  gboolean       bundle_busy;   /* an export or import of a bundle runs */
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (CdSyncIndicator, cd_sync_indicator, ADW_TYPE_BIN)

enum {
  SIGNAL_LOG_LOADED,
  SIGNAL_CONNECTION_LOADED,
  SIGNAL_BUNDLE_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
cd_sync_indicator_new (void)
{
  return g_object_new (CD_TYPE_SYNC_INDICATOR, NULL);
}

/* A bundle needs a store and the office credentials that sign it, not a line or a worker. */
static void
update_bundle_actions (CdSyncIndicator *self)
{
  gboolean can = !self->bundle_busy && self->context != NULL
                 && cd_context_get_db_path (self->context) != NULL
                 && cd_context_get_office_credential (self->context) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.export-bundle", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.import-receipts", can);
}

/* The one place that turns the worker's state into what is shown. */
static void
update (CdSyncIndicator *self)
{
  CdSyncCounts counts = { 0 };
  g_autofree char *last_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *details = NULL;
  const char *icon;
  const char *title;
  gboolean running;
  guint problems, waiting;

  update_bundle_actions (self);
  if (self->worker == NULL)
    {
      gtk_image_set_from_icon_name (self->icon, "network-offline-symbolic");
      gtk_label_set_text (self->label, _("Not connected"));
      gtk_label_set_text (self->status_title, _("Not connected"));
      gtk_label_set_text (self->counts_label,
                          _("No central system address is set: decisions wait in the queue. "
                            "Set the address in Preferences."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.sync-now", FALSE);
      return;
    }

  cd_sync_worker_get_counts (self->worker, &counts);
  last_error = cd_sync_worker_dup_last_error (self->worker);
  running = cd_sync_worker_is_running (self->worker);
  problems = counts.refused + counts.quarantined;
  waiting = counts.queued + counts.sending;

  if (!self->heard && !running)
    {
      icon = "emblem-synchronizing-symbolic";
      text = g_strdup (_("Checking…"));
      title = _("Reading the outbox");
    }
  else if (running)
    {
      icon = "emblem-synchronizing-symbolic";
      text = g_strdup (_("Syncing…"));
      title = _("Sending decisions to the central system");
    }
  else if (problems > 0)
    {
      icon = "dialog-warning-symbolic";
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem", "%u problems", problems),
                              problems);
      title = _("Some decisions need a person");
    }
  else if (waiting > 0 && last_error != NULL)
    {
      icon = "network-offline-symbolic";
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline · %u queued",
                                           "Offline · %u queued", waiting), waiting);
      title = _("The central system cannot be reached; decisions wait in the queue");
    }
  else if (waiting > 0)
    {
      icon = "mail-send-symbolic";
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u queued", "%u queued", waiting),
                              waiting);
      title = _("Decisions wait for the next delivery");
    }
  else
    {
      icon = "emblem-ok-symbolic";
      text = g_strdup (_("Online"));
      title = _("Every decision has reached the central system");
    }

  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_text (self->label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), title);
  gtk_label_set_text (self->status_title, title);
  {
    g_autofree char *queued = cd_format_integer_vi (waiting);
    g_autofree char *acknowledged = cd_format_integer_vi (counts.acknowledged);
    g_autofree char *refused = cd_format_integer_vi (counts.refused);
    g_autofree char *quarantined = cd_format_integer_vi (counts.quarantined);

    details = g_strdup_printf (_("Waiting: %s · delivered: %s · refused by central: %s · set "
                                 "aside: %s"), queued, acknowledged, refused, quarantined);
  }
  gtk_label_set_text (self->counts_label, details);
  gtk_label_set_text (self->error_label, last_error != NULL ? last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), last_error != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.sync-now", !running);
}

/* ---- the connection: offline since, what waits, each system's last contact ------------------ */

static void
on_connection_read (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CdSyncIndicator) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdConnectionState) state = cd_connection_state_load_finish (result, &error);
  g_autoptr(GDateTime) now = NULL;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->contacts_box))) != NULL)
    gtk_box_remove (self->contacts_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->offline_label), state != NULL
                                                            && state->offline_since != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), state != NULL);
  if (state == NULL)
    {
      /* The log below says why the store could not be read. */
      g_signal_emit (self, signals[SIGNAL_CONNECTION_LOADED], 0);
      return;
    }
  now = cd_clock_get_now (self->context != NULL ? cd_context_get_clock (self->context)
                                                : cd_clock_get_default ());
  if (state->offline_since != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (state->offline_since);
      g_autofree char *when = g_date_time_format (local, "%H:%M %d/%m/%Y");
      g_autofree char *text = g_strdup_printf (_("Offline since %s"), when);

      gtk_label_set_text (self->offline_label, text);
    }
  {
    g_autofree char *count = cd_format_integer_vi (state->waiting_decisions);
    g_autoptr(GString) text = g_string_new (NULL);

    g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "Waiting: %s decision",
                                        "Waiting: %s decisions", state->waiting_decisions),
                     count);
    if (state->waiting_bundles > 0)
      {
        g_autofree char *receipts = cd_format_integer_vi (state->waiting_receipts);
        g_autofree char *more = NULL;

        /* TRANSLATORS: appended to "Waiting: 12 decisions" */
        more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s (%s of them exported to a file, waiting for "
                                             "central’s receipts)",
                                             "%s (%s of them exported to files, waiting for "
                                             "central’s receipts)", state->waiting_bundles),
                                text->str, receipts);
        g_string_assign (text, more);
      }
    if (state->waiting_verifications > 0 || state->waiting_fetches > 0)
      {
        g_autofree char *n_paper = cd_format_integer_vi (state->waiting_verifications);
        g_autofree char *n_claims = cd_format_integer_vi (state->waiting_fetches);
        g_autofree char *paper = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%s paper document",
                                                               "%s paper documents",
                                                               state->waiting_verifications),
                                                  n_paper);
        g_autofree char *claims = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s claim",
                                                                "%s claims",
                                                                state->waiting_fetches),
                                                   n_claims);

        g_string_append_c (text, '\n');
        /* TRANSLATORS: a second line under "Waiting: 12 decisions": "…: 3 paper documents to
         * verify, evidence of 5 claims to fetch again" */
        if (state->waiting_verifications > 0 && state->waiting_fetches > 0)
          g_string_append_printf (text, _("When the link returns: %s to verify, evidence of %s "
                                          "to fetch again"), paper, claims);
        else if (state->waiting_verifications > 0)
          g_string_append_printf (text, _("When the link returns: %s to verify"), paper);
        else
          g_string_append_printf (text, _("When the link returns: evidence of %s to fetch again"),
                                  claims);
      }
    gtk_label_set_text (self->waiting_label, text->str);
  }
  for (guint i = 0; i < state->systems->len; i++)
    {
      const CdSystemContact *contact = g_ptr_array_index (state->systems, i);
      g_autofree char *age = NULL;
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (contact->last_success != NULL)
        {
          age = cd_evidence_describe_age (contact->last_success, now);
          /* TRANSLATORS: "Central: last contact 10 minutes ago" */
          text = g_strdup_printf (_("%s: last contact %s"),
                                  cd_label_source_system (contact->system), age);
        }
      else
        text = g_strdup_printf (_("%s: no contact yet"), cd_label_source_system (contact->system));
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->contacts_box, label);
    }
  g_signal_emit (self, signals[SIGNAL_CONNECTION_LOADED], 0);
}

char *
cd_sync_indicator_dup_connection_text (CdSyncIndicator *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *labels[] = { GTK_WIDGET (self->offline_label), GTK_WIDGET (self->waiting_label) };

  g_return_val_if_fail (CD_IS_SYNC_INDICATOR (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (gtk_widget_get_visible (labels[i]))
      g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (labels[i])));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->contacts_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- the log -------------------------------------------------------------------------------- */

static void
on_log_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CdSyncIndicator) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = cd_sync_log_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  cd_list_box_remove_all (self->log_list);
  self->n_log_rows = 0;
  if (items == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      gtk_list_box_append (self->log_list, row);
    }
  else if (items->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No decision has been queued yet."));
      gtk_list_box_append (self->log_list, row);
    }
  else
    for (guint i = 0; i < items->len; i++, self->n_log_rows++)
      gtk_list_box_append (self->log_list, cd_sync_log_row_new (g_ptr_array_index (items, i)));
  g_signal_emit (self, signals[SIGNAL_LOG_LOADED], 0);
}

void
cd_sync_indicator_reload_log (CdSyncIndicator *self)
{
  g_return_if_fail (CD_IS_SYNC_INDICATOR (self));

  if (self->context == NULL || cd_context_get_db_path (self->context) == NULL)
    return;
  cd_sync_log_load_async (cd_context_get_db_path (self->context), CD_SYNC_LOG_PROBLEMS_FIRST,
                          LOG_LIMIT, self->cancellable, on_log_read, g_object_ref (self));
  cd_connection_state_load_async (cd_context_get_db_path (self->context), self->cancellable,
                                  on_connection_read, g_object_ref (self));
}

/* ---- file bundles: the outbox to a USB stick, central's receipts back ---------------------- */

/* A bundle job holds the indicator weakly, like "Sync now": closing the window drops the answer,
 * not the work, which finishes or rolls back in its own transaction. */
typedef struct
{
  GWeakRef            indicator;
  GCancellable       *cancellable;
  char               *db_path;
  char               *path;
  CdOfficeCredential *credential;
  gboolean            import;
} BundleJob;

static void
bundle_job_free (BundleJob *job)
{
  g_weak_ref_clear (&job->indicator);
  g_object_unref (job->cancellable);
  g_free (job->db_path);
  g_free (job->path);
  cd_office_credential_free (job->credential);
  g_free (job);
}

static CdSyncIndicator *
bundle_job_take_indicator (BundleJob *job)
{
  CdSyncIndicator *self = NULL;

  if (!g_cancellable_is_cancelled (job->cancellable))
    self = g_weak_ref_get (&job->indicator);
  return self;
}

static void
show_bundle_state (CdSyncIndicator *self,
                   const char      *text,
                   gboolean         busy,
                   gboolean         failed)
{
  self->bundle_busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->bundle_box), TRUE);
  gtk_spinner_set_spinning (self->bundle_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->bundle_spinner), busy);
  gtk_label_set_text (self->bundle_label, text);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->bundle_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->bundle_label), "error");
  update_bundle_actions (self);
}

/* The result, in the popover and in a dialog over the window, then the log and counts again. */
static void
finish_bundle (CdSyncIndicator *self,
               const char      *heading,
               const char      *body,
               gboolean         failed)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  show_bundle_state (self, body, FALSE, failed);
  if (GTK_IS_WINDOW (root))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (root), heading, body);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  cd_sync_indicator_reload_log (self);
  g_signal_emit (self, signals[SIGNAL_BUNDLE_DONE], 0);
}

static void
on_bundle_exported (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  BundleJob *job = user_data;
  g_autoptr(CdSyncIndicator) self = bundle_job_take_indicator (job);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdBundleExport) exported = cd_bundle_store_export_finish (result, &error);
  g_autofree char *body = NULL;

  if (self == NULL)
    {
      bundle_job_free (job);
      return;
    }
  if (exported == NULL)
    finish_bundle (self, _("The Outbox Was Not Exported"), error->message, TRUE);
  else
    {
      g_autofree char *decisions = cd_format_integer_vi (exported->n_items);

      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Bundle %lld holds %s decision and %u scans, written "
                                           "to %s. Carry it to central, then import the receipts "
                                           "file central gives back.",
                                           "Bundle %lld holds %s decisions and %u scans, written "
                                           "to %s. Carry it to central, then import the receipts "
                                           "file central gives back.", exported->n_items),
                              (long long) exported->sequence, decisions, exported->n_attachments,
                              exported->path);
      finish_bundle (self, _("Outbox Exported"), body, FALSE);
    }
  bundle_job_free (job);
}

static char *
describe_import (const CdBundleImport *report)
{
  GString *text = g_string_new (NULL);
  guint shown = 0;

  g_string_append_printf (text, _("Receipts for bundle %lld: %u accepted, %u already filed, %u "
                                  "refused, %u set aside, %u unchanged."),
                          (long long) report->sequence, report->accepted, report->duplicate,
                          report->refused, report->quarantined, report->unchanged);
  for (guint i = 0; i < report->items->len && shown < 5; i++)
    {
      const CdBundleImportItem *item = g_ptr_array_index (report->items, i);

      if (!g_str_equal (item->status, "refused") && !g_str_equal (item->status, "quarantined"))
        continue;
      g_string_append_printf (text, "\n%s: %s",
                              item->claim_number != NULL ? item->claim_number : item->decision,
                              item->text != NULL ? item->text : "");
      shown++;
    }
  if (report->refused + report->quarantined > shown)
    g_string_append_printf (text, _("\n…and %u more in the sync log."),
                            report->refused + report->quarantined - shown);
  if (report->already_imported)
    g_string_append (text, _("\nThese receipts were imported before: nothing changed."));
  for (guint i = 0; i < report->payload_errors->len; i++)
    g_string_append_printf (text, _("\nNot installed: %s"),
                            (char *) g_ptr_array_index (report->payload_errors, i));
  return g_string_free (text, FALSE);
}

/* Central's signed rule packs that came back with the receipts, installed in the import's worker
 * thread as a file from a USB stick would be (docs/rules.md). */
typedef struct
{
  CdTrustStore *trust;
  char         *packs_dir;
} PackPayloads;

static void
pack_payloads_free (PackPayloads *packs)
{
  g_clear_object (&packs->trust);
  g_free (packs->packs_dir);
  g_free (packs);
}

static gboolean
install_pack_payload (const CdBundlePayload  *payload,
                      gpointer                user_data,
                      GError                **error)
{
  PackPayloads *packs = user_data;

  return cd_rule_pack_install_payload (payload->kind, payload->name, payload->bytes, packs->trust,
                                       packs->packs_dir, NULL, NULL, error);
}

static void
on_receipts_imported (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  BundleJob *job = user_data;
  g_autoptr(CdSyncIndicator) self = bundle_job_take_indicator (job);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdBundleImport) report = cd_bundle_store_import_receipts_finish (result, &error);
  g_autofree char *body = NULL;

  if (self == NULL)
    {
      bundle_job_free (job);
      return;
    }
  if (report == NULL)
    finish_bundle (self, _("The Receipts Were Not Imported"), error->message, TRUE);
  else
    {
      body = describe_import (report);
      /* A pack that came with them may be the one in force now. */
      if (report->payloads > report->payload_errors->len && self->context != NULL)
        cd_context_reload_rule_pack (self->context);
      finish_bundle (self, _("Receipts Imported"), body, FALSE);
    }
  bundle_job_free (job);
}

/* The office code is read first (NULL for a store never enrolled, like the demo's), then the
 * bundle is written or read on a connection of its own. */
static void
on_setup_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BundleJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdOfficeSetup) setup = cd_office_setup_read_finish (result, &error);
  g_autoptr(CdSyncIndicator) self = NULL;

  if (setup == NULL)
    {
      self = bundle_job_take_indicator (job);
      if (self != NULL)
        finish_bundle (self, job->import ? _("The Receipts Were Not Imported")
                                         : _("The Outbox Was Not Exported"), error->message, TRUE);
      bundle_job_free (job);
      return;
    }
  if (job->import)
    {
      PackPayloads *packs = g_new0 (PackPayloads, 1);

      self = bundle_job_take_indicator (job);
      if (self != NULL && self->context != NULL)
        {
          packs->trust = cd_context_get_trust_store (self->context, NULL);
          if (packs->trust != NULL)
            g_object_ref (packs->trust);
          packs->packs_dir = g_strdup (cd_context_get_rule_packs_dir (self->context));
        }
      cd_bundle_store_import_receipts_async (job->db_path, job->path, setup->office_code,
                                             job->credential,
                                             packs->trust != NULL ? install_pack_payload : NULL,
                                             packs, (GDestroyNotify) pack_payloads_free,
                                             job->cancellable, on_receipts_imported, job);
    }
  else
    cd_bundle_store_export_async (job->db_path, job->path, setup->office_code, job->credential,
                                  job->cancellable, on_bundle_exported, job);
}

static void
start_bundle_job (CdSyncIndicator *self,
                  GFile           *file,
                  gboolean         import)
{
  const CdOfficeCredential *credential;
  BundleJob *job;

  g_return_if_fail (CD_IS_SYNC_INDICATOR (self));
  g_return_if_fail (G_IS_FILE (file));

  credential = self->context != NULL ? cd_context_get_office_credential (self->context) : NULL;
  if (self->bundle_busy)
    return;
  if (self->context == NULL || cd_context_get_db_path (self->context) == NULL
      || credential == NULL || g_file_peek_path (file) == NULL)
    {
      show_bundle_state (self, _("A bundle is signed with the office’s credentials: enrol this "
                                 "workstation with central first."), FALSE, TRUE);
      return;
    }
  job = g_new0 (BundleJob, 1);
  g_weak_ref_init (&job->indicator, self);
  job->cancellable = g_object_ref (self->cancellable);
  job->db_path = g_strdup (cd_context_get_db_path (self->context));
  job->path = g_file_get_path (file);
  job->credential = cd_office_credential_copy (credential);
  job->import = import;
  show_bundle_state (self, import ? _("Reading the receipts…") : _("Writing the bundle…"), TRUE,
                     FALSE);
  cd_office_setup_read_async (job->db_path, job->cancellable, on_setup_read, job);
}

void
cd_sync_indicator_export_bundle (CdSyncIndicator *self,
                                 GFile           *file)
{
  start_bundle_job (self, file, FALSE);
}

void
cd_sync_indicator_import_receipts (CdSyncIndicator *self,
                                   GFile           *file)
{
  start_bundle_job (self, file, TRUE);
}

const char *
cd_sync_indicator_get_bundle_text (CdSyncIndicator *self)
{
  g_return_val_if_fail (CD_IS_SYNC_INDICATOR (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->bundle_box))
         ? gtk_label_get_text (self->bundle_label) : NULL;
}

static void
on_bundle_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            CdSyncIndicator *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    start_bundle_job (self, file, g_object_get_data (G_OBJECT (chooser), "cd-import") != NULL);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_bundle_file (CdSyncIndicator *self,
                    gboolean         import)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_popover_popdown (self->popover);
  chooser = gtk_file_chooser_native_new (import ? _("Import Central’s Receipts")
                                                : _("Export the Outbox to a File"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         import ? GTK_FILE_CHOOSER_ACTION_OPEN
                                                : GTK_FILE_CHOOSER_ACTION_SAVE,
                                         import ? _("_Import") : _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("ClaimDesk bundles (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (import)
    g_object_set_data (G_OBJECT (chooser), "cd-import", GINT_TO_POINTER (TRUE));
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M");
      g_autofree char *name = g_strdup_printf ("claimdesk-outbox-%s.json", stamp);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_bundle_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_bundle_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  choose_bundle_file (CD_SYNC_INDICATOR (widget), FALSE);
}

static void
import_receipts_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  choose_bundle_file (CD_SYNC_INDICATOR (widget), TRUE);
}

/* ---- the worker ----------------------------------------------------------------------------- */

static void
on_progress (CdSyncIndicator *self,
             CdSyncWorker    *worker)
{
  self->heard = TRUE;
  update (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    cd_sync_indicator_reload_log (self);
}

/* A "Sync now" run holds only a weak reference to the indicator and the cancellable it was
 * started with: when the indicator leaves its window, that is cancelled and the answer is not
 * for anyone. */
typedef struct
{
  GWeakRef      indicator;
  GCancellable *cancellable;
} SyncNow;

static void
sync_now_free (SyncNow *job)
{
  g_weak_ref_clear (&job->indicator);
  g_object_unref (job->cancellable);
  g_free (job);
}

static void
on_sync_now_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SyncNow *job = user_data;
  g_autoptr(CdSyncIndicator) self = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = cd_sync_worker_run_once_finish (CD_SYNC_WORKER (object), result, NULL, &error);

  if (!g_cancellable_is_cancelled (job->cancellable))
    self = g_weak_ref_get (&job->indicator);
  sync_now_free (job);
  if (self == NULL)
    return;
  update (self);
  /* A store that failed says so in the error label; a dead line is in the worker's counts. */
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  cd_sync_indicator_reload_log (self);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CdSyncIndicator *self = CD_SYNC_INDICATOR (widget);
  SyncNow *job;

  if (self->worker == NULL || cd_sync_worker_is_running (self->worker))
    return;
  job = g_new0 (SyncNow, 1);
  g_weak_ref_init (&job->indicator, self);
  job->cancellable = g_object_ref (self->cancellable);
  cd_sync_worker_run_once_async (self->worker, CD_SYNC_ALL_PENDING, self->cancellable,
                                 on_sync_now_done, job);
  update (self);
}

static void
forget_worker (CdSyncIndicator *self)
{
  if (self->worker == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->worker, on_progress, self);
  g_clear_object (&self->worker);
}

/* The context owns the worker (it follows the store, the central address and who is signed
 * in); the indicator shows whichever it has. */
static void
follow_worker (CdSyncIndicator *self)
{
  CdSyncWorker *worker = self->context != NULL ? cd_context_get_sync_worker (self->context)
                                               : NULL;

  if (worker != self->worker)
    {
      forget_worker (self);
      self->heard = FALSE;
      if (worker != NULL)
        {
          self->worker = g_object_ref (worker);
          g_signal_connect_object (worker, "progress", G_CALLBACK (on_progress), self,
                                   G_CONNECT_SWAPPED);
        }
    }
  update (self);
}

void
cd_sync_indicator_set_context (CdSyncIndicator *self,
                               CdContext       *context)
{
  g_return_if_fail (CD_IS_SYNC_INDICATOR (self));
  g_return_if_fail (context == NULL || CD_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, follow_worker, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "notify::sync-worker", G_CALLBACK (follow_worker), self,
                             G_CONNECT_SWAPPED);
  follow_worker (self);
}

const char *
cd_sync_indicator_get_label (CdSyncIndicator *self)
{
  g_return_val_if_fail (CD_IS_SYNC_INDICATOR (self), NULL);
  return gtk_label_get_text (self->label);
}

guint
cd_sync_indicator_get_n_log_rows (CdSyncIndicator *self)
{
  g_return_val_if_fail (CD_IS_SYNC_INDICATOR (self), 0);
  return self->n_log_rows;
}

/* ---- the template --------------------------------------------------------------------------- */

static void
on_popover_show (CdSyncIndicator *self)
{
  cd_sync_indicator_reload_log (self);
}

static void
cd_sync_indicator_dispose (GObject *object)
{
  CdSyncIndicator *self = CD_SYNC_INDICATOR (object);

  g_cancellable_cancel (self->cancellable);
  forget_worker (self);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, follow_worker, self);
  g_clear_object (&self->context);
  /* No gtk_widget_dispose_template: AdwBin unparents its own child (the button, with its popover).
   */

  G_OBJECT_CLASS (cd_sync_indicator_parent_class)->dispose (object);
}

/* A "Sync now" run holds the indicator until it returns, and a central system that hangs would
 * keep both going long after the window closed: they stop with it. The worker's own loop holds
 * nothing of the indicator and stops in dispose. */
static void
cd_sync_indicator_unroot (GtkWidget *widget)
{
  CdSyncIndicator *self = CD_SYNC_INDICATOR (widget);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  GTK_WIDGET_CLASS (cd_sync_indicator_parent_class)->unroot (widget);
}

static void
cd_sync_indicator_finalize (GObject *object)
{
  CdSyncIndicator *self = CD_SYNC_INDICATOR (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cd_sync_indicator_parent_class)->finalize (object);
}

static void
cd_sync_indicator_class_init (CdSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_sync_indicator_dispose;
  object_class->finalize = cd_sync_indicator_finalize;
  widget_class->unroot = cd_sync_indicator_unroot;

  signals[SIGNAL_LOG_LOADED] =
    g_signal_new ("log-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_CONNECTION_LOADED] =
    g_signal_new ("connection-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_BUNDLE_DONE] =
    g_signal_new ("bundle-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, bundle_box);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, bundle_label);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, bundle_spinner);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, contacts_box);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, counts_label);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, log_list);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, offline_label);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, status_title);
  gtk_widget_class_bind_template_child (widget_class, CdSyncIndicator, waiting_label);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);

  gtk_widget_class_install_action (widget_class, "sync.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "sync.export-bundle", NULL,
                                   export_bundle_action);
  gtk_widget_class_install_action (widget_class, "sync.import-receipts", NULL,
                                   import_receipts_action);
}

static void
cd_sync_indicator_init (CdSyncIndicator *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
