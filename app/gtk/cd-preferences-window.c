/* cd-preferences-window.c — the workstation's settings: office, connections, claim defaults. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-preferences-window.h"
#include "cd-resources.h"
#include "cd-url-policy.h"

struct _CdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwComboRow          *calendar_profile_row;
  AdwEntryRow          *central_url_row;
  AdwEntryRow          *gateway_url_row;
  GtkSpinButton        *idle_lock_spin;
  AdwEntryRow          *office_code_row;
  GtkSpinButton        *threshold_spin;
};

G_DEFINE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

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

static void
on_office_code_apply (CdPreferencesWindow *self,
                      AdwEntryRow         *row)
{
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  g_settings_set_string (self->settings, "office-code", code);
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

static gboolean
threshold_to_double (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_double (value, (double) g_variant_get_uint64 (variant));
  return TRUE;
}

static GVariant *
double_to_threshold (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  return g_variant_new_uint64 ((guint64) g_value_get_double (value));
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

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, calendar_profile_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, central_url_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, gateway_url_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, idle_lock_spin);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, office_code_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, threshold_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_office_code_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_url_row_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_url_row_changed);
}

static void
cd_preferences_window_init (CdPreferencesWindow *self)
{
  g_autofree char *office_code = NULL;
  g_autofree char *gateway_url = NULL;
  g_autofree char *central_url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (BASE_APP_ID);

  /* Text rows are written on "apply" only, so a half-typed address never reaches the settings. */
  office_code = g_settings_get_string (self->settings, "office-code");
  gateway_url = g_settings_get_string (self->settings, "gateway-url");
  central_url = g_settings_get_string (self->settings, "central-url");
  gtk_editable_set_text (GTK_EDITABLE (self->office_code_row), office_code);
  gtk_editable_set_text (GTK_EDITABLE (self->gateway_url_row), gateway_url);
  gtk_editable_set_text (GTK_EDITABLE (self->central_url_row), central_url);

  g_settings_bind_with_mapping (self->settings, "calendar-profile",
                                self->calendar_profile_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                profile_to_index, index_to_profile, NULL, NULL);
  g_settings_bind (self->settings, "idle-lock-minutes",
                   gtk_spin_button_get_adjustment (self->idle_lock_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "approval-threshold",
                                gtk_spin_button_get_adjustment (self->threshold_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                threshold_to_double, double_to_threshold, NULL, NULL);
}
