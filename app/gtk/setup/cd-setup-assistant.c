/* cd-setup-assistant.c — enrolment, central's configuration and the connection check. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-config-document.h"
#include "cd-list-box.h"
#include "cd-connection-check.h"
#include "cd-enrolment.h"
#include "cd-office-connection.h"
#include "cd-office-setup.h"
#include "cd-secrets.h"
#include "cd-setup-assistant.h"
#include "cd-setup-rows.h"
#include "cd-url-policy.h"

struct _CdSetupAssistant
{
  AdwWindow          parent_instance;

  CdContext         *context;
  GCancellable      *cancellable;
  CdSetupStep        step;
  gboolean           busy;
  gboolean           built;          /* every widget made: update() may run */
  char              *error_message;

  CdEnrolment       *enrolment;      /* once the code was exchanged */
  CdConfigDocument  *document;       /* once fetched and verified */
  GPtrArray         *imported;       /* CdTrustAnchor from files, not saved yet */

  AdwWindowTitle    *title;
  GtkStack          *steps;
  GtkButton         *back_button;
  GtkButton         *main_button;
  GtkSpinner        *spinner;
  GtkLabel          *error_label;

  AdwEntryRow       *central_row;
  AdwEntryRow       *code_row;
  AdwPreferencesGroup *office_group;
  AdwActionRow      *office_row;

  AdwPreferencesGroup *document_group;
  GtkListBox        *endpoint_list;
  GtkListBox        *anchor_list;

  GtkListBox        *result_list;
};

G_DEFINE_FINAL_TYPE (CdSetupAssistant, cd_setup_assistant, ADW_TYPE_WINDOW)

static void fetch_document (CdSetupAssistant *self);
static void run_check      (CdSetupAssistant *self);

/* ---- state ----------------------------------------------------------------------------------- */

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
blank (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return *copy == '\0';
}

static gboolean
can_go_on (CdSetupAssistant *self)
{
  if (self->busy)
    return FALSE;
  switch (self->step)
    {
    case CD_SETUP_STEP_ENROL:
      return cd_url_policy_check (text_of (self->central_row), NULL)
             && !blank (text_of (self->code_row));
    case CD_SETUP_STEP_CONFIGURATION:
      /* Accept a verified document, or fetch it again. */
      return self->enrolment != NULL;
    case CD_SETUP_STEP_CHECK:
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static void
update (CdSetupAssistant *self)
{
  static const char * const step_names[] = { "enrol", "configuration", "check" };
  g_autofree char *subtitle = NULL;

  /* The rows' "changed" fires while they are being made. */
  if (!self->built)
    return;
  subtitle = g_strdup_printf (_("Step %u of %u"), self->step + 1,
                              (guint) G_N_ELEMENTS (step_names));
  gtk_stack_set_visible_child_name (self->steps, step_names[self->step]);
  adw_window_title_set_subtitle (self->title, subtitle);
  switch (self->step)
    {
    case CD_SETUP_STEP_ENROL:
      gtk_button_set_label (self->main_button, _("_Enrol"));
      break;
    case CD_SETUP_STEP_CONFIGURATION:
      gtk_button_set_label (self->main_button, self->document != NULL ? _("_Accept and Save")
                                                                       : _("_Fetch Again"));
      break;
    case CD_SETUP_STEP_CHECK:
      gtk_button_set_label (self->main_button, _("_Finish"));
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error_message != NULL);
  gtk_label_set_text (self->error_label, self->error_message != NULL ? self->error_message : "");
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.back",
                                 !self->busy && self->step != CD_SETUP_STEP_ENROL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.next", can_go_on (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.import", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.check-again",
                                 !self->busy && self->step == CD_SETUP_STEP_CHECK);
}

static void
set_busy (CdSetupAssistant *self,
          gboolean          busy)
{
  self->busy = busy;
  if (busy)
    g_clear_pointer (&self->error_message, g_free);
  update (self);
}

static void
fail (CdSetupAssistant *self,
      const char       *message)
{
  self->busy = FALSE;
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  update (self);
}

static void
go_to (CdSetupAssistant *self,
       CdSetupStep       step)
{
  self->step = step;
  g_clear_pointer (&self->error_message, g_free);
  update (self);
}

static CdSession *
admin_session (CdSetupAssistant *self)
{
  CdSession *session = cd_context_get_session (self->context);

  return session != NULL && cd_session_get_role (session) == CD_ROLE_ADMIN ? session : NULL;
}

/* ---- step 1: enrolment ------------------------------------------------------------------------ */

static void
show_office (CdSetupAssistant *self)
{
  g_autofree char *subtitle = NULL;

  subtitle = g_strdup_printf (_("Code %s · province %s · %s"), self->enrolment->office_code,
                              self->enrolment->province, self->enrolment->central_url);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->office_row),
                                 self->enrolment->office_name);
  adw_action_row_set_subtitle (self->office_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->office_group), TRUE);
}

static void
on_credential_stored (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CdSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_secrets_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  show_office (self);
  /* Until the document is saved the credentials are the context's only for this assistant's
   * requests; they are what central gives for this office, so the clients may use them now. */
  cd_context_set_office_credential (self->context, self->enrolment->credential);
  go_to (self, CD_SETUP_STEP_CONFIGURATION);
  fetch_document (self);
}

static void
on_exchanged (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CdSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  CdEnrolment *enrolment = cd_enrolment_exchange_finish (result, &error);
  g_autofree char *secret = NULL;
  g_autofree char *label = NULL;

  if (enrolment == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  g_clear_pointer (&self->enrolment, cd_enrolment_free);
  self->enrolment = enrolment;
  secret = cd_office_credential_to_string (enrolment->credential);
  label = g_strdup_printf (_("ClaimDesk: credentials of the office %s"), enrolment->office_code);
  cd_secrets_store_async (CD_SECRET_KIND_OFFICE_CREDENTIAL, enrolment->central_url,
                          enrolment->office_code, label, secret, self->cancellable,
                          on_credential_stored, g_object_ref (self));
  memset (secret, 0, strlen (secret));
}

/* The keyring is asked first: a code exchanged with nowhere to keep the credentials it gives is a
 * code wasted (central issues each one once). */
static void
on_keyring_probed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CdSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = cd_secrets_lookup_finish (result, &error);
  g_autofree char *code = NULL;

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  if (found != NULL)
    memset (found, 0, strlen (found));
  code = g_strstrip (g_strdup (text_of (self->code_row)));
  cd_enrolment_exchange_async (cd_context_get_http_client (self->context),
                               text_of (self->central_row), code, self->cancellable, on_exchanged,
                               g_object_ref (self));
}

static void
enrol (CdSetupAssistant *self)
{
  g_autoptr(GError) error = NULL;
  const char *central = text_of (self->central_row);

  if (!cd_url_policy_check (central, &error))
    {
      fail (self, error->message);
      return;
    }
  set_busy (self, TRUE);
  /* An account no office has: the answer is "nothing stored", or why there is no keyring. */
  cd_secrets_lookup_async (CD_SECRET_KIND_OFFICE_CREDENTIAL, central, "keyring-probe",
                           self->cancellable, on_keyring_probed, g_object_ref (self));
}

/* ---- step 2: the configuration document --------------------------------------------------------- */

static void
show_anchors (CdSetupAssistant *self)
{
  g_autoptr(GDateTime) now = cd_clock_get_now (cd_context_get_clock (self->context));

  cd_list_box_remove_all (self->anchor_list);
  for (guint i = 0; self->document != NULL && i < self->document->anchors->len; i++)
    gtk_list_box_append (self->anchor_list,
                         cd_trust_anchor_row_new (g_ptr_array_index (self->document->anchors, i),
                                                  now));
  for (guint i = 0; i < self->imported->len; i++)
    gtk_list_box_append (self->anchor_list,
                         cd_trust_anchor_row_new (g_ptr_array_index (self->imported, i), now));
}

static void
show_document (CdSetupAssistant *self)
{
  g_autofree char *description = NULL;

  cd_list_box_remove_all (self->endpoint_list);
  if (self->document != NULL)
    {
      g_autofree char *serial = g_strdup_printf ("%" G_GINT64_FORMAT, self->document->serial);

      for (CdSystem system = 0; system < CD_N_SYSTEMS; system++)
        gtk_list_box_append (self->endpoint_list,
                             cd_endpoint_row_new (system, cd_endpoints_get (
                                                    self->document->endpoints, system)));
      description = g_strdup_printf (_("Configuration no. %s, issued %s, signed by %s."),
                                     serial, self->document->issued_at,
                                     self->document->signer);
    }
  adw_preferences_group_set_description (self->document_group,
                                         description != NULL
                                           ? description
                                           : _("Central's configuration is not here yet."));
  show_anchors (self);
}

/* What the document's signer must chain to: the anchors the workstation has, or, once the
 * administrator imported some here (central's certificate, sent with the enrolment code), those. */
static CdTrustStore *
verification_trust (CdSetupAssistant *self)
{
  g_autoptr(GError) error = NULL;
  CdTrustStore *have;

  if (self->imported->len > 0)
    return cd_trust_anchors_to_store (self->imported, NULL);
  have = cd_context_get_trust_store (self->context, &error);
  return have != NULL ? g_object_ref (have) : cd_trust_store_new ();
}

static void
on_document_fetched (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CdSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  CdConfigDocument *document = cd_config_document_fetch_finish (result, &error);

  if (document == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, CD_CONFIG_DOCUMENT_ERROR,
                           CD_CONFIG_DOCUMENT_ERROR_UNTRUSTED_SIGNER))
        message = g_strdup_printf (_("%s Import central's certificate (the file sent with the "
                                     "enrolment code), compare its fingerprint with the one "
                                     "central gave you, and fetch again."), error->message);
      fail (self, message != NULL ? message : error->message);
      return;
    }
  g_clear_pointer (&self->document, cd_config_document_free);
  self->document = document;
  set_busy (self, FALSE);
  show_document (self);
}

static void
fetch_document (CdSetupAssistant *self)
{
  g_autoptr(CdTrustStore) trust = NULL;

  g_return_if_fail (self->enrolment != NULL);

  set_busy (self, TRUE);
  trust = verification_trust (self);
  cd_config_document_fetch_async (cd_context_get_http_client (self->context),
                                  self->enrolment->central_url, self->enrolment->credential,
                                  trust, self->cancellable, on_document_fetched,
                                  g_object_ref (self));
}

/* From now on the workstation talks to what the document says and trusts what it delivered. */
static void
use_setup (CdSetupAssistant *self)
{
  g_autoptr(GPtrArray) anchors = g_ptr_array_new ();
  g_autoptr(CdTrustStore) trust = NULL;

  for (guint i = 0; i < self->document->anchors->len; i++)
    g_ptr_array_add (anchors, g_ptr_array_index (self->document->anchors, i));
  for (guint i = 0; i < self->imported->len; i++)
    g_ptr_array_add (anchors, g_ptr_array_index (self->imported, i));
  trust = cd_office_connection_trust_store (anchors, NULL);
  if (trust != NULL)
    cd_context_set_trust_store (self->context, trust);
  cd_context_set_endpoints (self->context, self->document->endpoints);
  cd_context_set_office_credential (self->context, self->enrolment->credential);
  go_to (self, CD_SETUP_STEP_CHECK);
  run_check (self);
}

static void
on_anchors_saved (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CdSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_office_setup_apply_finish (CD_DATABASE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  use_setup (self);
}

static void
on_setup_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  CdSession *admin = admin_session (self);

  if (!cd_office_setup_apply_finish (CD_DATABASE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  /* The certificates imported from files are kept too, each audited. */
  if (self->imported->len > 0 && admin != NULL)
    cd_office_setup_change_anchors_async (CD_DATABASE (object), admin, self->imported, NULL,
                                          self->cancellable, on_anchors_saved,
                                          g_object_ref (self));
  else
    use_setup (self);
}

static void
save_setup (CdSetupAssistant *self)
{
  CdDatabase *writer = cd_context_get_database (self->context);
  CdSession *admin = admin_session (self);

  if (writer == NULL || admin == NULL)
    {
      fail (self, _("Only an administrator signed in to an open office store can set it up."));
      return;
    }
  set_busy (self, TRUE);
  cd_office_setup_apply_async (writer, admin, self->enrolment, self->document,
                               self->cancellable, on_setup_saved, g_object_ref (self));
}

gboolean
cd_setup_assistant_import_file (CdSetupAssistant  *self,
                                const char        *path,
                                GError           **error)
{
  g_autoptr(GPtrArray) anchors = NULL;

  g_return_val_if_fail (CD_IS_SETUP_ASSISTANT (self), FALSE);

  anchors = cd_trust_anchors_from_file (path, error);
  if (anchors == NULL)
    return FALSE;
  for (guint i = 0; i < anchors->len; i++)
    g_ptr_array_add (self->imported, cd_trust_anchor_copy (g_ptr_array_index (anchors, i)));
  show_anchors (self);
  update (self);
  return TRUE;
}

static void
on_import_chosen (GtkNativeDialog  *chooser,
                  int               response,
                  CdSetupAssistant *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (!cd_setup_assistant_import_file (self, path, &error))
    fail (self, error->message);
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdSetupAssistant *self = CD_SETUP_ASSISTANT (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import a Certificate"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- step 3: the connection check -------------------------------------------------------------- */

static void
on_checked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CdSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = cd_connection_check_run_finish (result, &error);

  if (results == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }
  cd_connection_results_show (self->result_list, results);
  set_busy (self, FALSE);
}

static void
run_check (CdSetupAssistant *self)
{
  CdSession *session = cd_context_get_session (self->context);

  set_busy (self, TRUE);
  cd_connection_check_run_async (cd_context_get_http_client (self->context),
                                 self->document->endpoints, self->enrolment->credential,
                                 session != NULL ? cd_session_get_login (session) : NULL,
                                 self->cancellable, on_checked, g_object_ref (self));
}

static void
check_again_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  run_check (CD_SETUP_ASSISTANT (widget));
}

/* ---- navigation ------------------------------------------------------------------------------ */

static void
next_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdSetupAssistant *self = CD_SETUP_ASSISTANT (widget);

  switch (self->step)
    {
    case CD_SETUP_STEP_ENROL:
      enrol (self);
      break;
    case CD_SETUP_STEP_CONFIGURATION:
      if (self->document != NULL)
        save_setup (self);
      else
        fetch_document (self);
      break;
    case CD_SETUP_STEP_CHECK:
      gtk_window_close (GTK_WINDOW (self));
      break;
    }
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdSetupAssistant *self = CD_SETUP_ASSISTANT (widget);

  if (self->step > CD_SETUP_STEP_ENROL)
    go_to (self, self->step - 1);
}

/* ---- building -------------------------------------------------------------------------------- */

static GtkWidget *
step_page (const char *heading,
           const char *description)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *text = gtk_label_new (description);

  gtk_widget_add_css_class (title, "title-2");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), text);
  return box;
}

static GtkWidget *
scrolled_clamp (GtkWidget *child)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_widget_set_margin_top (child, 24);
  gtk_widget_set_margin_bottom (child, 24);
  gtk_widget_set_margin_start (child, 12);
  gtk_widget_set_margin_end (child, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), child);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  return scrolled;
}

static AdwEntryRow *
entry_row (GtkWidget        *list,
           const char       *title,
           CdSetupAssistant *self)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_activates_default (row, TRUE);
  g_signal_connect_object (row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (row));
  return row;
}

static GtkWidget *
build_enrol_step (CdSetupAssistant *self)
{
  GtkWidget *page = step_page (_("Enrol This Workstation"),
                               _("Central gives each office the address of the central system "
                                 "and a one-time enrolment code. The workstation exchanges the "
                                 "code for the office's credentials, which are kept in this "
                                 "computer's keyring, never in a file."));
  GtkWidget *list = cd_boxed_list_new ();
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  g_autofree char *central = g_settings_get_string (settings, "central-url");

  self->central_row = entry_row (list, _("Central System Address"), self);
  gtk_editable_set_text (GTK_EDITABLE (self->central_row), *central != '\0' ? central : "https://");
  g_object_set (self->central_row, "input-purpose", GTK_INPUT_PURPOSE_URL, NULL);
  self->code_row = entry_row (list, _("Enrolment Code"), self);
  gtk_box_append (GTK_BOX (page), list);
  self->office_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->office_group, _("Office"));
  self->office_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_group_add (self->office_group, GTK_WIDGET (self->office_row));
  gtk_widget_set_visible (GTK_WIDGET (self->office_group), FALSE);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->office_group));
  return page;
}

static GtkWidget *
build_configuration_step (CdSetupAssistant *self)
{
  GtkWidget *page = step_page (_("Central's Configuration"),
                               _("Central's signed configuration says where the evidence "
                                 "sources are and which certificates vouch for signed "
                                 "documents. Compare each fingerprint with the list central "
                                 "sent before you accept."));
  GtkWidget *anchors_group = adw_preferences_group_new ();
  GtkWidget *import_button = gtk_button_new_with_mnemonic (_("_Import Certificate…"));

  self->document_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->document_group, _("Addresses"));
  self->endpoint_list = GTK_LIST_BOX (cd_boxed_list_new ());
  adw_preferences_group_add (self->document_group, GTK_WIDGET (self->endpoint_list));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->document_group));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (anchors_group),
                                   _("Trust Anchors for Document Signatures"));
  gtk_widget_add_css_class (import_button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (import_button), "setup.import");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (anchors_group), import_button);
  self->anchor_list = GTK_LIST_BOX (cd_boxed_list_new ());
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (anchors_group),
                             GTK_WIDGET (self->anchor_list));
  gtk_box_append (GTK_BOX (page), anchors_group);
  return page;
}

static GtkWidget *
build_check_step (CdSetupAssistant *self)
{
  GtkWidget *page = step_page (_("Connection Check"),
                               _("Each system is asked once, with the office's credentials "
                                 "where it needs them. What fails says why: the name, the "
                                 "connection, the certificate, the answer or the "
                                 "credentials."));
  GtkWidget *again = gtk_button_new_with_mnemonic (_("_Check Again"));

  self->result_list = GTK_LIST_BOX (cd_boxed_list_new ());
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->result_list));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (again), "setup.check-again");
  gtk_widget_set_halign (again, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (again, "pill");
  gtk_box_append (GTK_BOX (page), again);
  return page;
}

static GtkWidget *
build_bottom_bar (CdSetupAssistant *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *later = gtk_button_new_with_mnemonic (_("Set Up _Later"));
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 12);
  self->back_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Back")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->back_button), "setup.back");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (later), "window.close");
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_hexpand (spacer, TRUE);
  self->main_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (self->main_button, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->main_button), "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->main_button), "setup.next");
  gtk_box_append (GTK_BOX (bar), later);
  gtk_box_append (GTK_BOX (bar), spacer);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->back_button));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->main_button));
  return bar;
}

CdSetupAssistant *
cd_setup_assistant_new (GtkWindow *parent,
                        CdContext *context)
{
  CdSetupAssistant *self;

  g_return_val_if_fail (CD_IS_CONTEXT (context), NULL);

  self = g_object_new (CD_TYPE_SETUP_ASSISTANT, "transient-for", parent, "modal", parent != NULL,
                       NULL);
  self->context = g_object_ref (context);
  update (self);
  return self;
}

CdSetupStep
cd_setup_assistant_get_step (CdSetupAssistant *self)
{
  g_return_val_if_fail (CD_IS_SETUP_ASSISTANT (self), CD_SETUP_STEP_ENROL);
  return self->step;
}

gboolean
cd_setup_assistant_is_busy (CdSetupAssistant *self)
{
  g_return_val_if_fail (CD_IS_SETUP_ASSISTANT (self), FALSE);
  return self->busy;
}

const char *
cd_setup_assistant_get_error (CdSetupAssistant *self)
{
  g_return_val_if_fail (CD_IS_SETUP_ASSISTANT (self), NULL);
  return self->error_message;
}

GtkListBox *
cd_setup_assistant_get_results (CdSetupAssistant *self)
{
  g_return_val_if_fail (CD_IS_SETUP_ASSISTANT (self), NULL);
  return self->result_list;
}

static void
cd_setup_assistant_dispose (GObject *object)
{
  CdSetupAssistant *self = CD_SETUP_ASSISTANT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->enrolment, cd_enrolment_free);
  g_clear_pointer (&self->document, cd_config_document_free);
  g_clear_pointer (&self->imported, g_ptr_array_unref);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (cd_setup_assistant_parent_class)->dispose (object);
}

static void
cd_setup_assistant_class_init (CdSetupAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_setup_assistant_dispose;

  gtk_widget_class_install_action (widget_class, "setup.next", NULL, next_activated);
  gtk_widget_class_install_action (widget_class, "setup.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "setup.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "setup.check-again", NULL,
                                   check_again_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "setup.back",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_setup_assistant_init (CdSetupAssistant *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->cancellable = g_cancellable_new ();
  self->imported = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_trust_anchor_free);
  gtk_window_set_title (GTK_WINDOW (self), _("Set Up This Office"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 680);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Set Up This Office"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (content), header);

  self->steps = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->steps, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  gtk_stack_add_named (self->steps, scrolled_clamp (build_enrol_step (self)), "enrol");
  gtk_stack_add_named (self->steps, scrolled_clamp (build_configuration_step (self)),
                       "configuration");
  gtk_stack_add_named (self->steps, scrolled_clamp (build_check_step (self)), "check");
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->steps));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 24);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"), -1);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->error_label));
  gtk_box_append (GTK_BOX (body), build_bottom_bar (self));
  gtk_widget_set_vexpand (body, TRUE);
  gtk_box_append (GTK_BOX (content), body);
  adw_window_set_content (ADW_WINDOW (self), content);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->main_button));
  self->built = TRUE;
}
