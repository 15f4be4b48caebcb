/* cd-preferences-window.c — the workstation's settings: office, connections, claim defaults. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-accounts-page.h"
#include "cd-backups-group.h"
#include "cd-office-connection-page.h"
#include "cd-office-settings.h"
#include "cd-preferences-window.h"
#include "cd-resources.h"
#include "cd-review-rule-group.h"
#include "cd-url-policy.h"

struct _CdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* The office rules live in the context's store; only an administrator changes them. */
  CdContext            *context;
  CdSession            *session;         /* the context's; followed for notify::locked */
  gboolean              office_loaded;   /* values shown are the store's: edits may be saved */
  guint                 save_timeout;
  gboolean              paper_loaded;    /* likewise, the rules on paper evidence */
  guint                 paper_save_timeout;
  GCancellable         *cancellable;

  /* Template widgets */
  CdBackupsGroup       *backups_group;
  CdRulePacksGroup     *rule_packs_group;
  AdwComboRow          *calendar_profile_row;
  AdwEntryRow          *central_url_row;
  AdwEntryRow          *gateway_url_row;
  GtkSpinButton        *idle_lock_spin;
  AdwEntryRow          *office_code_row;
  AdwPreferencesGroup  *office_group;
  GtkSpinButton        *threshold_spin;
  GtkSpinButton        *alive_days_spin;
  GtkSwitch            *paper_allow_switch;
  AdwPreferencesGroup  *paper_group;
  GtkSpinButton        *paper_threshold_spin;
  GtkSpinButton        *stale_days_spin;
  CdReviewRuleGroup    *review_group;
};

G_DEFINE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  SIGNAL_OFFICE_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  {
    gboolean paper = self->paper_loaded && is_admin (self);

    gtk_widget_set_sensitive (GTK_WIDGET (self->paper_allow_switch), paper);
    gtk_widget_set_sensitive (GTK_WIDGET (self->paper_threshold_spin), paper);
    gtk_widget_set_sensitive (GTK_WIDGET (self->alive_days_spin), paper);
    gtk_widget_set_sensitive (GTK_WIDGET (self->stale_days_spin), paper);
  }
  /* Where decisions (personal data) are sent is the administrator's to say too. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->gateway_url_row), is_admin (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->central_url_row), is_admin (self));
  if (self->context == NULL || cd_context_get_db_path (self->context) == NULL)
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
  g_autoptr(CdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  CdOfficeSettings *settings = cd_office_settings_read_finish (result, &error);

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

/* A save carries what it needs (the context, who saves, the values shown) and only a weak
 * reference to the window: one made as the window closes still completes, and says how it went
 * to the window if it is still there. */
typedef struct
{
  CdContext        *context;
  CdSession        *admin;
  CdOfficeSettings  settings;
  GCancellable     *cancellable;
  GWeakRef          window;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_object_unref (job->context);
  g_object_unref (job->admin);
  cd_office_settings_clear (&job->settings);
  g_clear_object (&job->cancellable);
  g_weak_ref_clear (&job->window);
  g_free (job);
}

static void
save_job_done (SaveJob      *job,
               const GError *error)
{
  g_autoptr(CdPreferencesWindow) self = g_weak_ref_get (&job->window);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The administrator's own session follows the new idle time at once; others at next sign-in. */
  if (error == NULL)
    cd_session_set_idle_lock_minutes (job->admin, job->settings.idle_lock_minutes);
  if (self == NULL)
    {
      /* Closed meanwhile: nobody to show it to, so it is logged. */
      if (error != NULL)
        g_warning ("%s", error->message);
      return;
    }
  if (error != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (error->message));
  g_signal_emit (self, signals[SIGNAL_OFFICE_SAVED], 0, error == NULL);
}

static void
on_office_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SaveJob *job = user_data;
  g_autoptr(GError) error = NULL;

  cd_office_settings_write_finish (CD_DATABASE (object), result, &error);
  save_job_done (job, error);
  save_job_free (job);
}

static void
save_job_write (SaveJob *job)
{
  cd_office_settings_write_async (cd_context_get_database (job->context), job->admin,
                                  &job->settings, job->cancellable, on_office_saved, job);
}

/* A workstation whose writer is not open yet opens it for the first save. */
static void
on_writer_opened (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SaveJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_context_open_database_finish (CD_CONTEXT (object), result, &error))
    {
      save_job_done (job, error);
      save_job_free (job);
      return;
    }
  save_job_write (job);
}

static void
save_office (CdPreferencesWindow *self,
             GCancellable        *cancellable)
{
  SaveJob *job;

  g_clear_handle_id (&self->save_timeout, g_source_remove);
  if (!can_edit_office (self))
    return;
  job = g_new0 (SaveJob, 1);
  job->context = g_object_ref (self->context);
  job->admin = g_object_ref (self->session);
  job->settings.office_code = g_strstrip (g_strdup (gtk_editable_get_text (
      GTK_EDITABLE (self->office_code_row))));
  job->settings.idle_lock_minutes = (guint) gtk_spin_button_get_value_as_int (self->idle_lock_spin);
  job->settings.approval_threshold = (gint64) gtk_spin_button_get_value (self->threshold_spin);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_weak_ref_init (&job->window, self);
  if (cd_context_get_database (job->context) != NULL)
    save_job_write (job);
  else
    cd_context_open_database_async (job->context, job->cancellable, on_writer_opened, job);
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

/* ---- the rules on paper evidence (cd_office_settings_read_paper_rules) ---------------------- */

static void
on_paper_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree CdPaperRules *rules = cd_office_settings_read_paper_rules_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (rules == NULL)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
      return;
    }
  gtk_switch_set_active (self->paper_allow_switch, rules->allow_unverified);
  gtk_spin_button_set_value (self->paper_threshold_spin, (double) rules->second_threshold);
  gtk_spin_button_set_value (self->alive_days_spin, rules->payout_alive_days);
  gtk_spin_button_set_value (self->stale_days_spin, rules->stale_days);
  self->paper_loaded = TRUE;
  update_office_rows (self);
}

/* A save keeps what it needs and only a weak reference to the window, as the office rules' does. */
typedef struct
{
  CdContext    *context;
  CdSession    *admin;
  CdPaperRules  rules;
  GCancellable *cancellable;
  GWeakRef      window;
} PaperSave;

static void
paper_save_free (PaperSave *save)
{
  g_object_unref (save->context);
  g_object_unref (save->admin);
  g_clear_object (&save->cancellable);
  g_weak_ref_clear (&save->window);
  g_free (save);
}

static void
paper_save_done (PaperSave    *save,
                 const GError *error)
{
  g_autoptr(CdPreferencesWindow) self = g_weak_ref_get (&save->window);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self == NULL)
    {
      if (error != NULL)
        g_warning ("%s", error->message);
      return;
    }
  if (error != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (error->message));
  g_signal_emit (self, signals[SIGNAL_OFFICE_SAVED], 0, error == NULL);
}

static void
on_paper_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PaperSave *save = user_data;
  g_autoptr(GError) error = NULL;

  cd_office_settings_write_paper_rules_finish (result, &error);
  paper_save_done (save, error);
  paper_save_free (save);
}

static void
paper_save_write (PaperSave *save)
{
  cd_office_settings_write_paper_rules_async (cd_context_get_database (save->context),
                                              save->admin, &save->rules, save->cancellable,
                                              on_paper_saved, save);
}

static void
on_paper_writer_opened (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  PaperSave *save = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_context_open_database_finish (CD_CONTEXT (object), result, &error))
    {
      paper_save_done (save, error);
      paper_save_free (save);
      return;
    }
  paper_save_write (save);
}

static void
save_paper (CdPreferencesWindow *self,
            GCancellable        *cancellable)
{
  PaperSave *save;

  g_clear_handle_id (&self->paper_save_timeout, g_source_remove);
  if (!self->paper_loaded || !is_admin (self))
    return;
  save = g_new0 (PaperSave, 1);
  save->context = g_object_ref (self->context);
  save->admin = g_object_ref (self->session);
  save->rules.allow_unverified = gtk_switch_get_active (self->paper_allow_switch);
  save->rules.second_threshold = (gint64) gtk_spin_button_get_value (self->paper_threshold_spin);
  save->rules.payout_alive_days = (guint) gtk_spin_button_get_value_as_int (self->alive_days_spin);
  save->rules.stale_days = (guint) gtk_spin_button_get_value_as_int (self->stale_days_spin);
  save->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_weak_ref_init (&save->window, self);
  if (cd_context_get_database (save->context) != NULL)
    paper_save_write (save);
  else
    cd_context_open_database_async (save->context, save->cancellable, on_paper_writer_opened,
                                    save);
}

static gboolean
on_paper_save_timeout (gpointer user_data)
{
  CdPreferencesWindow *self = user_data;

  self->paper_save_timeout = 0;
  save_paper (self, self->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_paper_value_changed (CdPreferencesWindow *self)
{
  if (!self->paper_loaded || !is_admin (self))
    return;
  g_clear_handle_id (&self->paper_save_timeout, g_source_remove);
  self->paper_save_timeout = g_timeout_add (SAVE_DELAY_MS, on_paper_save_timeout, self);
}

void
cd_preferences_window_save_paper_rules (CdPreferencesWindow *self)
{
  g_return_if_fail (CD_IS_PREFERENCES_WINDOW (self));
  save_paper (self, self->cancellable);
}

gboolean
cd_preferences_window_get_paper_loaded (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->paper_loaded;
}

/* The store or who is signed in changed: read the office rules again. */
static void
follow_context (CdPreferencesWindow *self)
{
  const char *db_path = cd_context_get_db_path (self->context);

  g_clear_handle_id (&self->save_timeout, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, update_office_rows, self);
  g_set_object (&self->session, cd_context_get_session (self->context));
  if (self->session != NULL)
    g_signal_connect_object (self->session, "notify::locked", G_CALLBACK (update_office_rows),
                             self, G_CONNECT_SWAPPED);
  g_clear_handle_id (&self->paper_save_timeout, g_source_remove);
  self->office_loaded = FALSE;
  self->paper_loaded = FALSE;
  update_office_rows (self);
  if (db_path != NULL)
    {
      cd_office_settings_read_async (db_path, self->cancellable, on_office_read,
                                     g_object_ref (self));
      cd_office_settings_read_paper_rules_async (db_path, self->cancellable, on_paper_read,
                                                 g_object_ref (self));
    }
}

static void on_backups_toast (CdPreferencesWindow *self,
                              const char          *message);

static void
set_context (CdPreferencesWindow *self,
             CdContext           *context)
{
  g_assert (self->context == NULL);

  self->context = context != NULL ? g_object_ref (context) : cd_context_new ();
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (cd_office_connection_page_new (self->context)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (cd_accounts_page_new (self->context)));
  cd_backups_group_set_context (self->backups_group, self->context);
  cd_review_rule_group_set_context (self->review_group, self->context);
  cd_rule_packs_group_set_context (self->rule_packs_group, self->context);
  g_signal_connect_object (self->rule_packs_group, "toast", G_CALLBACK (on_backups_toast), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::db-path", G_CALLBACK (follow_context), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (follow_context), self,
                           G_CONNECT_SWAPPED);
  follow_context (self);
}

/* Saves what is shown now instead of waiting for the delay (tests, and closing the window). */
void
cd_preferences_window_save_office (CdPreferencesWindow *self)
{
  g_return_if_fail (CD_IS_PREFERENCES_WINDOW (self));
  save_office_now (self);
}

CdRulePacksGroup *
cd_preferences_window_get_rule_packs_group (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), NULL);
  return self->rule_packs_group;
}

CdReviewRuleGroup *
cd_preferences_window_get_review_rule_group (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), NULL);
  return self->review_group;
}

CdBackupsGroup *
cd_preferences_window_get_backups_group (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), NULL);
  return self->backups_group;
}

static void
on_backups_toast (CdPreferencesWindow *self,
                  const char          *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
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
cd_preferences_window_new (CdContext *context)
{
  return g_object_new (CD_TYPE_PREFERENCES_WINDOW, "context", context, NULL);
}

static void
cd_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CdPreferencesWindow *self = CD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CdPreferencesWindow *self = CD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_preferences_window_dispose (GObject *object)
{
  CdPreferencesWindow *self = CD_PREFERENCES_WINDOW (object);

  /* An edit still waiting for its delay is saved, not lost (with no cancellable: closing the
   * window must not cancel it). */
  if (self->save_timeout != 0)
    save_office (self, NULL);
  if (self->paper_save_timeout != 0)
    save_paper (self, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  /* Its notifications must not reach a widget being taken apart. */
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cd_preferences_window_parent_class)->dispose (object);
}

static void
cd_preferences_window_class_init (CdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_preferences_window_get_property;
  object_class->set_property = cd_preferences_window_set_property;
  object_class->dispose = cd_preferences_window_dispose;

  /* Whose office rules the window shows, and who is signed in to change them. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::office-saved (gboolean ok) after each write of the office rules. */
  signals[SIGNAL_OFFICE_SAVED] =
    g_signal_new ("office-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (CD_TYPE_BACKUPS_GROUP);
  g_type_ensure (CD_TYPE_RULE_PACKS_GROUP);
  g_type_ensure (CD_TYPE_REVIEW_RULE_GROUP);
  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, backups_group);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, calendar_profile_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, central_url_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, gateway_url_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, idle_lock_spin);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, office_code_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, office_group);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, review_group);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, rule_packs_group);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, alive_days_spin);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, paper_allow_switch);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, paper_group);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, paper_threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, stale_days_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_backups_toast);
  gtk_widget_class_bind_template_callback (widget_class, on_office_code_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_office_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_paper_value_changed);
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
