/* cd-claim-verification.c — the claim view's section for the checks across the sources. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-claim-verification.h"
#include "cd-claim-rows.h"
#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-resources.h"

struct _CdClaimVerification
{
  AdwBin       parent_instance;

  /* Template widgets */
  GtkListBox  *verification_list;
};

static void cd_claim_verification_section_init (CdClaimSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdClaimVerification, cd_claim_verification, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CD_TYPE_CLAIM_SECTION,
                                                      cd_claim_verification_section_init))

static void
cd_claim_verification_set_details (CdClaimSection       *section,
                                   const CdClaimDetails *d)
{
  CdClaimVerification *self = CD_CLAIM_VERIFICATION (section);

  cd_list_box_remove_all (self->verification_list);
  for (guint i = 0; i < d->verifications->len; i++)
    {
      CdDetailsVerification *v = d->verifications->pdata[i];
      g_autofree char *when = cd_claim_rows_format_time (v->checked_at);
      GtkWidget *row = cd_claim_rows_expander_row (cd_label_source_system (v->source), when);
      gboolean matched = g_str_equal (v->result, "match") || g_str_equal (v->result, "alive");
      GtkWidget *result = cd_claim_rows_suffix_label (cd_label_verification_result (v->result),
                                                      matched ? "success" : "warning");

      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), result);
      if (v->discrepancies->len == 0)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  cd_claim_rows_action_row (_("No discrepancies"), NULL));
      for (guint j = 0; j < v->discrepancies->len; j++)
        {
          CdDetailsDiscrepancy *x = v->discrepancies->pdata[j];

          const char *text = cd_label_pick (x->message_vi, x->message_en, x->code);

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                    cd_claim_rows_action_row (text, x->code));
        }
      gtk_list_box_append (self->verification_list, row);
    }
}

static GtkListBox *
cd_claim_verification_get_list (CdClaimSection *section,
                                const char     *name)
{
  return g_str_equal (name, "verification") ? CD_CLAIM_VERIFICATION (section)->verification_list
                                            : NULL;
}

static void
cd_claim_verification_section_init (CdClaimSectionInterface *iface)
{
  iface->set_details = cd_claim_verification_set_details;
  iface->get_list = cd_claim_verification_get_list;
}

static void
cd_claim_verification_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_CLAIM_VERIFICATION);

  G_OBJECT_CLASS (cd_claim_verification_parent_class)->dispose (object);
}

static void
cd_claim_verification_class_init (CdClaimVerificationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_claim_verification_dispose;

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-claim-verification.ui");
  gtk_widget_class_bind_template_child (widget_class, CdClaimVerification, verification_list);
}

static void
cd_claim_verification_init (CdClaimVerification *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cd_claim_rows_set_placeholder (self->verification_list, _("No checks have been made."));
}
