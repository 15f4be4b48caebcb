/* cd-preferences-window.c — the workstation's settings: office, connections, claim defaults. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-database.h"
#include "cd-office-settings.h"
#include "cd-preferences-window.h"
#include "cd-resources.h"
#include "cd-url-policy.h"

struct _CdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* The office rules live in the store; only an administrator changes them. */
  char                 *db_path;
  CdSession            *session;
  gboolean              office_loaded;   /* values shown are the store's: edits may be saved */
  guint                 save_timeout;
  GCancellable         *cancellable;

  /* Template widgets */
  AdwComboRow          *calendar_profile_row;
  AdwEntryRow          *central_url_row;
  AdwEntryRow          *gateway_url_row;
  GtkSpinButton        *idle_lock_spin;
  AdwEntryRow          *office_code_row;
  AdwPreferencesGroup  *office_group;
  GtkSpinButton        *threshold_spin;
};

G_DEFINE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  SIGNAL_OFFICE_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
settings_key_for_row (CdPreferencesWindow *self,
                      AdwEntryRow         *row)
{
  if (row == self->gateway_url_row)
    return "gateway-url";
  if (row == self->central_url_row)
    return "central-url";
  g_assert_not_reached ();
}

/* An empty address means "not configured"; anything else must pass the URL policy. */
static gboolean
validate_url_row (AdwEntryRow  *row,
                  GError      **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  gboolean valid = *text == '\0' || cd_url_policy_check (text, error);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  return valid;
}

static void
on_url_row_changed (CdPreferencesWindow *self,
                    AdwEntryRow         *row)
{
  validate_url_row (row, NULL);
}

static void
on_url_row_apply (CdPreferencesWindow *self,
                  AdwEntryRow         *row)
{
  g_autoptr(GError) error = NULL;

  if (!validate_url_row (row, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
      return;
    }
  g_settings_set_string (self->settings, settings_key_for_row (self, row),
                         gtk_editable_get_text (GTK_EDITABLE (row)));
}

/* ---- the office rules, in the store ---------------------------------------------------------- */

#define SAVE_DELAY_MS 700

static gboolean
is_admin (CdPreferencesWindow *self)
{
  return self->session != NULL && !cd_session_get_locked (self->session)
         && cd_session_get_role (self->session) == CD_ROLE_ADMIN;
}

static gboolean
can_edit_office (CdPreferencesWindow *self)
{
  return self->office_loaded && is_admin (self);
}

static void
update_office_rows (CdPreferencesWindow *self)
{
  gboolean editable = can_edit_office (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->office_code_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->idle_lock_spin), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->threshold_spin), editable);
  /* Where decisions (personal data) are sent is the administrator's to say too. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->gateway_url_row), is_admin (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->central_url_row), is_admin (self));
  if (self->db_path == NULL)
    adw_preferences_group_set_description (self->office_group,
                                           _("Open a claims store to see its office rules."));
  else if (!editable)
    adw_preferences_group_set_description (self->office_group,
                                           _("The office rules (code, idle lock, two-supervisor "
                                             "threshold) are kept in the claims store; only an "
                                             "administrator can change them."));
  else
    adw_preferences_group_set_description (self->office_group,
                                           _("Kept in the claims store for every workstation; "
                                             "each change is recorded in the audit log."));
}

static void
on_office_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CdPreferencesWindow *self = CD_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;
  CdOfficeSettings *settings = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (settings == NULL)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->office_code_row), settings->office_code);
  gtk_spin_button_set_value (self->idle_lock_spin, settings->idle_lock_minutes);
  gtk_spin_button_set_value (self->threshold_spin, (double) settings->approval_threshold);
  cd_office_settings_clear (settings);
  g_free (settings);
  self->office_loaded = TRUE;
  update_office_rows (self);
}

static void
read_office_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open_reader (task_data, &error);
  CdOfficeSettings *settings = g_new0 (CdOfficeSettings, 1);

  if (db == NULL || !cd_office_settings_read (db, settings, &error))
    {
      g_free (settings);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, settings, NULL);
}

typedef struct
{
  char             *db_path;
  CdSession        *session;
  CdOfficeSettings  settings;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_free (job->db_path);
  g_clear_object (&job->session);
  cd_office_settings_clear (&job->settings);
  g_free (job);
}

static void
save_office_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) db = cd_database_open (job->db_path, &error);

  if (db == NULL || !cd_office_settings_write (db, job->session, &job->settings, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_office_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CdPreferencesWindow *self = CD_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The window may be closed by now (a save made on the way out): say it somewhere. */
      if (gtk_widget_in_destruction (GTK_WIDGET (self)))
        g_warning ("%s", error->message);
      else
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                          adw_toast_new (error->message));
    }
  /* The administrator's own session follows the new idle time at once; others at next sign-in. */
  if (error == NULL && self->session != NULL)
    cd_session_set_idle_lock_minutes (self->session,
                                      (guint) gtk_spin_button_get_value_as_int (self->idle_lock_spin));
  g_signal_emit (self, signals[SIGNAL_OFFICE_SAVED], 0, error == NULL);
}

static void
save_office (CdPreferencesWindow *self,
             GCancellable        *cancellable)
{
  g_autoptr(GTask) task = NULL;
  SaveJob *job;

  g_clear_handle_id (&self->save_timeout, g_source_remove);
  if (!can_edit_office (self))
    return;
  job = g_new0 (SaveJob, 1);
  job->db_path = g_strdup (self->db_path);
  job->session = g_object_ref (self->session);
  job->settings.office_code = g_strstrip (g_strdup (gtk_editable_get_text (
      GTK_EDITABLE (self->office_code_row))));
  job->settings.idle_lock_minutes = (guint) gtk_spin_button_get_value_as_int (self->idle_lock_spin);
  job->settings.approval_threshold = (gint64) gtk_spin_button_get_value (self->threshold_spin);
  task = g_task_new (self, cancellable, on_office_saved, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_office_in_thread);
}

static void
save_office_now (CdPreferencesWindow *self)
{
  save_office (self, self->cancellable);
}

static gboolean
on_save_timeout (gpointer user_data)
{
  CdPreferencesWindow *self = user_data;

  self->save_timeout = 0;
  save_office_now (self);
  return G_SOURCE_REMOVE;
}

/* A spin button changes at every arrow press: the store is written once the value settles. */
static void
on_office_value_changed (CdPreferencesWindow *self)
{
  if (!can_edit_office (self))
    return;
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  self->save_timeout = g_timeout_add (SAVE_DELAY_MS, on_save_timeout, self);
}

static void
on_office_code_apply (CdPreferencesWindow *self,
                      AdwEntryRow         *row)
{
  save_office_now (self);
}

void
cd_preferences_window_set_store (CdPreferencesWindow *self,
                                 const char          *db_path,
                                 CdSession           *session)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_PREFERENCES_WINDOW (self));

  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  g_set_object (&self->session, session);
  self->office_loaded = FALSE;
  update_office_rows (self);
  if (db_path == NULL)
    return;
  task = g_task_new (self, self->cancellable, on_office_read, NULL);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, read_office_in_thread);
}

/* Saves what is shown now instead of waiting for the delay (tests, and closing the window). */
void
cd_preferences_window_save_office (CdPreferencesWindow *self)
{
  g_return_if_fail (CD_IS_PREFERENCES_WINDOW (self));
  save_office_now (self);
}

gboolean
cd_preferences_window_get_office_loaded (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->office_loaded;
}

static gboolean
profile_to_index (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "enterprise") ? 1 : 0);
  return TRUE;
}

static GVariant *
index_to_profile (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "enterprise" : "public-sector");
}

CdPreferencesWindow *
cd_preferences_window_new (void)
{
  return g_object_new (CD_TYPE_PREFERENCES_WINDOW, NULL);
}

static void
cd_preferences_window_dispose (GObject *object)
{
  CdPreferencesWindow *self = CD_PREFERENCES_WINDOW (object);

  /* An edit still waiting for its delay is saved, not lost (with no cancellable: closing the
   * window must not cancel it). */
  if (self->save_timeout != 0)
    save_office (self, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cd_preferences_window_parent_class)->dispose (object);
}

static void
cd_preferences_window_class_init (CdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_preferences_window_dispose;

  /* ::office-saved (gboolean ok) after each write of the office rules. */
  signals[SIGNAL_OFFICE_SAVED] =
    g_signal_new ("office-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, calendar_profile_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, central_url_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, gateway_url_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, idle_lock_spin);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, office_code_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, office_group);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, threshold_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_office_code_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_office_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_url_row_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_url_row_changed);
}

static void
cd_preferences_window_init (CdPreferencesWindow *self)
{
  g_autofree char *gateway_url = NULL;
  g_autofree char *central_url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (BASE_APP_ID);
  self->cancellable = g_cancellable_new ();

  /* Text rows are written on "apply" only, so a half-typed address never reaches the settings. */
  gateway_url = g_settings_get_string (self->settings, "gateway-url");
  central_url = g_settings_get_string (self->settings, "central-url");
  gtk_editable_set_text (GTK_EDITABLE (self->gateway_url_row), gateway_url);
  gtk_editable_set_text (GTK_EDITABLE (self->central_url_row), central_url);

  g_settings_bind_with_mapping (self->settings, "calendar-profile",
                                self->calendar_profile_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                profile_to_index, index_to_profile, NULL, NULL);
  update_office_rows (self);
}
