/* cd-password-rules-view.c — the password rules, ticked as the user types. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-password-rules.h"
#include "cd-password-rules-view.h"

struct _CdPasswordRulesView
{
  GtkBox     parent_instance;

  GtkWidget *icons[CD_PASSWORD_N_RULES];
  GtkWidget *labels[CD_PASSWORD_N_RULES];
  guint      met;
};

G_DEFINE_FINAL_TYPE (CdPasswordRulesView, cd_password_rules_view, GTK_TYPE_BOX)

GtkWidget *
cd_password_rules_view_new (void)
{
  return g_object_new (CD_TYPE_PASSWORD_RULES_VIEW, NULL);
}

static void
show_rule (CdPasswordRulesView *self,
           CdPasswordRule       rule,
           gboolean             met)
{
  g_autofree char *spoken = g_strdup_printf (met ? _("Met: %s") : _("Not met yet: %s"),
                                             cd_password_rule_describe (rule));

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icons[rule]),
                                met ? "object-select-symbolic" : "list-remove-symbolic");
  /* The tick is not the only sign: the met rules are also no longer dimmed, and a screen reader
   * hears which is which. */
  if (met)
    {
      gtk_widget_remove_css_class (self->labels[rule], "dim-label");
      gtk_widget_add_css_class (self->icons[rule], "success");
    }
  else
    {
      gtk_widget_add_css_class (self->labels[rule], "dim-label");
      gtk_widget_remove_css_class (self->icons[rule], "success");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->labels[rule]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

void
cd_password_rules_view_update (CdPasswordRulesView *self,
                               const char          *password,
                               const char          *login,
                               const char          *full_name)
{
  g_return_if_fail (CD_IS_PASSWORD_RULES_VIEW (self));

  self->met = cd_password_rules_met (password != NULL ? password : "", login, full_name);
  for (CdPasswordRule rule = 0; rule < CD_PASSWORD_N_RULES; rule++)
    show_rule (self, rule, (self->met & CD_PASSWORD_RULE_BIT (rule)) != 0);
}

guint
cd_password_rules_view_get_met (CdPasswordRulesView *self)
{
  g_return_val_if_fail (CD_IS_PASSWORD_RULES_VIEW (self), 0);
  return self->met;
}

static void
cd_password_rules_view_class_init (CdPasswordRulesViewClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "passwordrules");
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_LIST);
}

static void
cd_password_rules_view_init (CdPasswordRulesView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 4);
  for (CdPasswordRule rule = 0; rule < CD_PASSWORD_N_RULES; rule++)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

      self->icons[rule] = gtk_image_new ();
      self->labels[rule] = gtk_label_new (cd_password_rule_describe (rule));
      gtk_label_set_xalign (GTK_LABEL (self->labels[rule]), 0);
      gtk_label_set_wrap (GTK_LABEL (self->labels[rule]), TRUE);
      gtk_box_append (GTK_BOX (line), self->icons[rule]);
      gtk_box_append (GTK_BOX (line), self->labels[rule]);
      gtk_box_append (GTK_BOX (self), line);
    }
  cd_password_rules_view_update (self, "", NULL, NULL);
}
