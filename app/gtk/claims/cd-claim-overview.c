/* cd-claim-overview.c — the claim view's section for the claim, its claimant and its decisions. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-claim-overview.h"
#include "cd-claim-rows.h"
#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-resources.h"

struct _CdClaimOverview
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkListBox           *claim_list;
  GtkListBox           *claimant_list;
  AdwPreferencesGroup  *decisions_group;
  GtkListBox           *decisions_list;
};

static void cd_claim_overview_section_init (CdClaimSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdClaimOverview, cd_claim_overview, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CD_TYPE_CLAIM_SECTION,
                                                      cd_claim_overview_section_init))

static void
cd_claim_overview_set_details (CdClaimSection       *section,
                               const CdClaimDetails *d)
{
  CdClaimOverview *self = CD_CLAIM_OVERVIEW (section);
  g_autofree char *from = cd_claim_rows_format_date (d->period_from);
  g_autofree char *to = cd_claim_rows_format_date (d->period_to);
  g_autofree char *period = g_strdup_printf ("%s – %s", from, to);
  g_autofree char *event = d->event_date != NULL ? cd_claim_rows_format_date (d->event_date)
                                                 : NULL;
  g_autofree char *amount = cd_format_money_vnd (d->amount);
  g_autofree char *received = cd_claim_rows_format_date (d->received_on);
  g_autofree char *created = cd_claim_rows_format_time (d->created_at);
  g_autofree char *updated = cd_claim_rows_format_time (d->updated_at);
  g_autofree char *born = cd_claim_rows_format_date (d->birth_date);
  g_autofree char *threshold = cd_format_money_vnd (d->approval_threshold);
  g_autofree char *threshold_note = NULL;

  cd_list_box_remove_all (self->claim_list);
  cd_claim_rows_add_property (self->claim_list, _("Claim number"), d->number);
  cd_claim_rows_add_property (self->claim_list, _("Benefit"), cd_benefit_get_label (d->benefit));
  cd_claim_rows_add_property (self->claim_list, _("Status"),
                              cd_claim_status_get_label (d->status));
  cd_claim_rows_add_property (self->claim_list, _("Status note"), d->status_note);
  cd_claim_rows_add_property (self->claim_list, _("Period"), period);
  cd_claim_rows_add_property (self->claim_list, _("Event date"), event);
  cd_claim_rows_add_property (self->claim_list, _("Amount"), amount);
  cd_claim_rows_add_property (self->claim_list, _("Received on"), received);
  cd_claim_rows_add_property (self->claim_list, _("Officer"), d->officer_name);
  cd_claim_rows_add_property (self->claim_list, _("Employer"), d->employer_name);
  cd_claim_rows_add_property (self->claim_list, _("Created"), created);
  cd_claim_rows_add_property (self->claim_list, _("Last changed"), updated);

  cd_list_box_remove_all (self->claimant_list);
  cd_claim_rows_add_property (self->claimant_list, _("Name"), d->claimant_name);
  cd_claim_rows_add_property (self->claimant_list, _("Personal ID"), d->personal_id);
  cd_claim_rows_add_property (self->claimant_list, _("Social insurance code"), d->si_code);
  cd_claim_rows_add_property (self->claimant_list, _("Date of birth"), born);

  cd_list_box_remove_all (self->decisions_list);
  for (guint i = 0; i < d->decisions->len; i++)
    {
      CdDetailsDecision *decision = d->decisions->pdata[i];
      g_autofree char *money = cd_format_money_vnd (decision->amount);
      g_autofree char *when = cd_claim_rows_format_time (decision->proposed_at);
      g_autofree char *title = g_strdup_printf ("%s · %s",
                                                cd_label_decision_state (decision->state), money);
      g_autofree char *subtitle =
        g_strdup_printf (_("Proposed by %s on %s"),
                         decision->proposed_by_name != NULL ? decision->proposed_by_name : "?",
                         when);
      GtkWidget *row = cd_claim_rows_expander_row (title, subtitle);

      if (decision->comment != NULL && decision->comment[0] != '\0')
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  cd_claim_rows_action_row (_("Comment"), decision->comment));
      for (guint j = 0; j < decision->approvals->len; j++)
        {
          CdDetailsApproval *approval = decision->approvals->pdata[j];
          g_autofree char *at = cd_claim_rows_format_time (approval->approved_at);
          g_autofree char *by = g_strdup_printf (_("Approved by %s"),
                                                 approval->approver_name != NULL
                                                 ? approval->approver_name : "?");

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), cd_claim_rows_action_row (by, at));
        }
      if (decision->frozen_at != NULL)
        {
          g_autofree char *at = cd_claim_rows_format_time (decision->frozen_at);
          g_autofree char *text = g_strdup_printf ("%s · %s", at, decision->uuid);

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                    cd_claim_rows_action_row (_("Frozen"), text));
        }
      gtk_list_box_append (self->decisions_list, row);
    }
  if (d->status == CD_CLAIM_STATUS_PROPOSED && d->amount > d->approval_threshold)
    threshold_note = g_strdup_printf (_("Above %s two different supervisors must approve."),
                                      threshold);
  adw_preferences_group_set_description (self->decisions_group, threshold_note);
}

static GtkListBox *
cd_claim_overview_get_list (CdClaimSection *section,
                            const char     *name)
{
  static const struct
  {
    const char *name;
    goffset     offset;
  } lists[] = {
    { "claim", G_STRUCT_OFFSET (CdClaimOverview, claim_list) },
    { "claimant", G_STRUCT_OFFSET (CdClaimOverview, claimant_list) },
    { "decisions", G_STRUCT_OFFSET (CdClaimOverview, decisions_list) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (g_str_equal (lists[i].name, name))
      return G_STRUCT_MEMBER (GtkListBox *, section, lists[i].offset);
  return NULL;
}

static void
cd_claim_overview_section_init (CdClaimSectionInterface *iface)
{
  iface->set_details = cd_claim_overview_set_details;
  iface->get_list = cd_claim_overview_get_list;
}

static void
cd_claim_overview_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_CLAIM_OVERVIEW);

  G_OBJECT_CLASS (cd_claim_overview_parent_class)->dispose (object);
}

static void
cd_claim_overview_class_init (CdClaimOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_claim_overview_dispose;

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-claim-overview.ui");
  gtk_widget_class_bind_template_child (widget_class, CdClaimOverview, claim_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimOverview, claimant_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimOverview, decisions_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimOverview, decisions_list);
}

static void
cd_claim_overview_init (CdClaimOverview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cd_claim_rows_set_placeholder (self->decisions_list, _("No decision has been proposed yet."));
}
