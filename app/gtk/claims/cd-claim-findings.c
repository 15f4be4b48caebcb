/* cd-claim-findings.c — the claim view's section for the newest cross-check's findings. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-claim-findings.h"
#include "cd-claim-rows.h"
#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-resources.h"

struct _CdClaimFindings
{
  AdwBin       parent_instance;

  /* Template widgets */
  GtkListBox  *findings_list;
};

static void cd_claim_findings_section_init (CdClaimSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdClaimFindings, cd_claim_findings, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CD_TYPE_CLAIM_SECTION,
                                                      cd_claim_findings_section_init))

static GtkWidget *paper_row (const CdDetailsPaper *p);

static void
cd_claim_findings_set_details (CdClaimSection       *section,
                               const CdClaimDetails *d)
{
  CdClaimFindings *self = CD_CLAIM_FINDINGS (section);

  cd_list_box_remove_all (self->findings_list);
  for (guint i = 0; i < d->findings->len; i++)
    {
      CdFinding *finding = d->findings->pdata[i];
      const char *icon, *severity, *css_class;
      GtkWidget *row, *image;
      g_autofree char *subtitle = NULL;

      switch (finding->severity)
        {
        case CD_FINDING_ERROR:
          icon = "dialog-error-symbolic", severity = _("Error"), css_class = "error";
          break;

        case CD_FINDING_WARNING:
          icon = "dialog-warning-symbolic", severity = _("Warning"), css_class = "warning";
          break;

        case CD_FINDING_INFO:
        default:
          icon = "dialog-information-symbolic", severity = _("Information"), css_class = NULL;
          break;
        }
      subtitle = g_strdup_printf ("%s · %s", severity, finding->code);
      row = cd_claim_rows_action_row (cd_label_pick (finding->message_vi, finding->message_en,
                                                     finding->code),
                                      subtitle);
      image = gtk_image_new_from_icon_name (icon);
      if (css_class != NULL)
        gtk_widget_add_css_class (image, css_class);
      gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      severity, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
      gtk_list_box_append (self->findings_list, row);
    }
  for (guint i = 0; d->paper != NULL && i < d->paper->len; i++)
    gtk_list_box_append (self->findings_list, paper_row (d->paper->pdata[i]));
  if (d->n_alerts > 0)
    {
      g_autofree char *title = g_strdup_printf (ngettext ("This claim is named in %lld anomaly "
                                                          "alert",
                                                          "This claim is named in %lld anomaly "
                                                          "alerts", d->n_alerts),
                                                (long long) d->n_alerts);
      GtkWidget *row = cd_claim_rows_action_row (title, _("Supervisors look at them under Anomaly "
                                                          "Alerts; an alert never blocks a "
                                                          "claim by itself."));

      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("security-medium-symbolic"));
      gtk_widget_set_name (row, "alerts");
      gtk_list_box_append (self->findings_list, row);
    }
}

/* A paper document deferred verification has not confirmed: what it found, and for a mismatch
 * each field as the paper and the electronic record have it, side by side. */
static GtkWidget *
paper_row (const CdDetailsPaper *p)
{
  const char *kind = cd_label_document_kind (p->kind);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *day = p->entered_at != NULL ? g_strndup (p->entered_at, 10) : NULL;
  g_autofree char *entered = day != NULL ? cd_format_date_vi (day) : NULL;
  GtkWidget *row, *image;
  const char *icon, *css_class;

  if (g_strcmp0 (p->paper_state, "mismatch") == 0)
    {
      title = g_strdup_printf (_("Paper %s does not match the electronic record"), kind);
      icon = "dialog-error-symbolic", css_class = "error";
    }
  else if (g_strcmp0 (p->paper_state, "not_found") == 0)
    {
      title = g_strdup_printf (_("Paper %s not found in the electronic records"), kind);
      icon = "dialog-warning-symbolic", css_class = "warning";
    }
  else
    {
      title = g_strdup_printf (_("Paper %s, not yet verified"), kind);
      icon = "dialog-information-symbolic", css_class = NULL;
    }
  subtitle = g_strdup_printf (_("Entered by %s on %s · document %lld"),
                              p->entered_by != NULL ? p->entered_by : "?",
                              entered != NULL ? entered : "?", (long long) p->document_id);
  if (p->fields->len == 0)
    row = cd_claim_rows_action_row (title, subtitle);
  else
    {
      row = cd_claim_rows_expander_row (title, subtitle);
      for (guint i = 0; i < p->fields->len; i++)
        {
          CdDetailsPaperField *f = p->fields->pdata[i];
          g_autofree char *values = g_strdup_printf (_("Paper: %s · Electronic: %s"), f->paper,
                                                     f->electronic);

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                    cd_claim_rows_action_row (f->field, values));
        }
    }
  image = gtk_image_new_from_icon_name (icon);
  if (css_class != NULL)
    gtk_widget_add_css_class (image, css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), image);
  else
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  return row;
}

static GtkListBox *
cd_claim_findings_get_list (CdClaimSection *section,
                            const char     *name)
{
  return g_str_equal (name, "findings") ? CD_CLAIM_FINDINGS (section)->findings_list : NULL;
}

static void
cd_claim_findings_section_init (CdClaimSectionInterface *iface)
{
  iface->set_details = cd_claim_findings_set_details;
  iface->get_list = cd_claim_findings_get_list;
}

static void
cd_claim_findings_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_CLAIM_FINDINGS);

  G_OBJECT_CLASS (cd_claim_findings_parent_class)->dispose (object);
}

static void
cd_claim_findings_class_init (CdClaimFindingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_claim_findings_dispose;

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-claim-findings.ui");
  gtk_widget_class_bind_template_child (widget_class, CdClaimFindings, findings_list);
}

static void
cd_claim_findings_init (CdClaimFindings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cd_claim_rows_set_placeholder (self->findings_list,
                                 _("The newest cross-check found nothing to look at."));
}
