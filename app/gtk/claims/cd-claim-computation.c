/* cd-claim-computation.c — the claim view's section for the newest evaluation. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cd-claim-computation.h"
#include "cd-claim-rows.h"
#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-resources.h"
#include "cd-rule-texts.h"

struct _CdClaimComputation
{
  AdwBin                parent_instance;

  /* Template widgets */
  AdwPreferencesGroup  *assumptions_group;
  GtkListBox           *assumptions_list;
  AdwPreferencesGroup  *lines_group;
  GtkListBox           *lines_list;
  AdwPreferencesGroup  *reasons_group;
  GtkListBox           *reasons_list;
  AdwPreferencesGroup  *required_group;
  GtkListBox           *required_list;
  AdwPreferencesGroup  *unpaid_group;
  GtkListBox           *unpaid_list;
};

static void cd_claim_computation_section_init (CdClaimSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdClaimComputation, cd_claim_computation, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CD_TYPE_CLAIM_SECTION,
                                                      cd_claim_computation_section_init))

static char *
describe_days (const CdDetailsLine *line)
{
  g_autofree char *days = cd_format_quantity_vi (line->days);
  gulong n = line->days == 1.0 ? 1 : 2;

  if (g_strcmp0 (line->unit, "months") == 0)
    {
      g_autofree char *months = cd_format_integer_vi (line->months);

      return g_strdup_printf (_("%s months and %s days"), months, days);
    }
  if (g_strcmp0 (line->unit, "wd") == 0)
    return g_strdup_printf (ngettext ("%s working day", "%s working days", n), days);
  return g_strdup_printf (ngettext ("%s day", "%s days", n), days);
}

/* base × rate ÷ divisor: what one day pays. */
static gint64
daily_rate (const CdDetailsLine *line)
{
  g_auto(GStrv) parts = line->rate != NULL ? g_strsplit (line->rate, "/", 2) : NULL;
  double num = 1, den = 1;

  if (line->divisor <= 0)
    return -1;
  if (parts != NULL && parts[0] != NULL)
    {
      num = g_ascii_strtod (parts[0], NULL);
      if (parts[1] != NULL)
        den = g_ascii_strtod (parts[1], NULL);
    }
  if (den == 0)
    return -1;
  return (gint64) llround ((double) line->base * num / den / (double) line->divisor);
}

static GtkWidget *
line_row (const CdDetailsLine *line,
          gboolean             paid)
{
  g_autofree char *from = cd_claim_rows_format_date (line->from);
  g_autofree char *to = cd_claim_rows_format_date (line->to);
  g_autofree char *days = describe_days (line);
  g_autofree char *amount = cd_format_money_vnd (line->amount);
  gint64 rate = daily_rate (line);
  g_autofree char *rate_text = rate >= 0 && paid ? cd_format_money_vnd (rate) : NULL;
  g_autofree char *quantity = rate_text != NULL
                              ? g_strdup_printf (_("%s × %s a day"), days, rate_text)
                              : g_strdup (days);
  g_autofree char *subtitle = g_strdup_printf ("%s – %s · %s · %s", from, to, quantity,
                                               line->citation != NULL ? line->citation : "");
  GtkWidget *row = cd_claim_rows_action_row (cd_label_pick (line->message_vi, line->message_en,
                                                            line->code),
                                             subtitle);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             cd_claim_rows_suffix_label (paid ? amount : _("Not paid"),
                                                         paid ? "numeric" : "dim-label"));
  return row;
}

static void
show_messages (GtkListBox          *list,
               AdwPreferencesGroup *group,
               GPtrArray           *messages)
{
  cd_list_box_remove_all (list);
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      CdDetailsMessage *m = messages->pdata[i];
      g_autofree char *subtitle = m->citation != NULL
                                  ? g_strdup_printf ("%s · %s", m->citation, m->code)
                                  : g_strdup (m->code);

      const char *text = cd_label_pick (m->message_vi, m->message_en, m->code);
      GtkWidget *row = cd_claim_rows_action_row (text, subtitle);

      /* The pack lacked a calendar or value, or is past review: the amount may change when
       * central sends the next pack, so it stands out from the law's plain readings. */
      if (cd_rule_text_is_provisional (m->code))
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Re-evaluate when central sends the next rule pack"),
                                          -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          gtk_widget_add_css_class (row, "provisional");
        }
      gtk_list_box_append (list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (group), messages != NULL && messages->len > 0);
}

static void
cd_claim_computation_set_details (CdClaimSection       *section,
                                  const CdClaimDetails *d)
{
  CdClaimComputation *self = CD_CLAIM_COMPUTATION (section);
  CdDetailsEvaluation *e = d->evaluation;

  cd_list_box_remove_all (self->lines_list);
  cd_list_box_remove_all (self->unpaid_list);
  cd_list_box_remove_all (self->required_list);
  if (e == NULL)
    {
      adw_preferences_group_set_description (self->lines_group,
                                             _("This claim has not been evaluated yet."));
      show_messages (self->reasons_list, self->reasons_group, NULL);
      show_messages (self->assumptions_list, self->assumptions_group, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->unpaid_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->required_group), FALSE);
      return;
    }

  {
    g_autofree char *when = cd_claim_rows_format_time (e->evaluated_at);
    g_autofree char *description =
      g_strdup_printf (_("Evaluated on %s by %s with the rules %s."), when,
                       e->evaluated_by != NULL ? e->evaluated_by : _("the system"), e->rulepack);
    g_autofree char *total = cd_format_money_vnd (e->total);
    GtkWidget *total_row;

    adw_preferences_group_set_description (self->lines_group, description);
    for (guint i = 0; i < e->lines->len; i++)
      gtk_list_box_append (self->lines_list, line_row (e->lines->pdata[i], TRUE));
    if (e->lump_sum > 0)
      {
        g_autofree char *lump = cd_format_money_vnd (e->lump_sum);
        GtkWidget *row = cd_claim_rows_action_row (_("Lump sum"), NULL);

        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   cd_claim_rows_suffix_label (lump, "numeric"));
        gtk_list_box_append (self->lines_list, row);
      }
    total_row = cd_claim_rows_action_row (_("Total"),
                                          e->eligible ? _("Eligible") : _("Not eligible"));
    adw_action_row_add_suffix (ADW_ACTION_ROW (total_row),
                               cd_claim_rows_suffix_label (total, "heading"));
    gtk_widget_set_name (total_row, "total");
    gtk_list_box_append (self->lines_list, total_row);
  }

  for (guint i = 0; i < e->unpaid->len; i++)
    gtk_list_box_append (self->unpaid_list, line_row (e->unpaid->pdata[i], FALSE));
  gtk_widget_set_visible (GTK_WIDGET (self->unpaid_group), e->unpaid->len > 0);
  show_messages (self->reasons_list, self->reasons_group, e->reasons);
  show_messages (self->assumptions_list, self->assumptions_group, e->assumptions);

  for (guint i = 0; i < e->required->len; i++)
    {
      CdDetailsRequiredDocument *r = e->required->pdata[i];
      GtkWidget *row = cd_claim_rows_action_row (cd_proof_kind_label (r->kind), r->why);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 cd_claim_rows_suffix_label (r->present ? _("Present")
                                                                        : _("Missing"),
                                                             r->present ? "success" : "error"));
      gtk_list_box_append (self->required_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->required_group), e->required->len > 0);
}

static GtkListBox *
cd_claim_computation_get_list (CdClaimSection *section,
                               const char     *name)
{
  static const struct
  {
    const char *name;
    goffset     offset;
  } lists[] = {
    { "lines", G_STRUCT_OFFSET (CdClaimComputation, lines_list) },
    { "unpaid", G_STRUCT_OFFSET (CdClaimComputation, unpaid_list) },
    { "reasons", G_STRUCT_OFFSET (CdClaimComputation, reasons_list) },
    { "assumptions", G_STRUCT_OFFSET (CdClaimComputation, assumptions_list) },
    { "required", G_STRUCT_OFFSET (CdClaimComputation, required_list) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (g_str_equal (lists[i].name, name))
      return G_STRUCT_MEMBER (GtkListBox *, section, lists[i].offset);
  return NULL;
}

static void
cd_claim_computation_section_init (CdClaimSectionInterface *iface)
{
  iface->set_details = cd_claim_computation_set_details;
  iface->get_list = cd_claim_computation_get_list;
}

static void
cd_claim_computation_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_CLAIM_COMPUTATION);

  G_OBJECT_CLASS (cd_claim_computation_parent_class)->dispose (object);
}

static void
cd_claim_computation_class_init (CdClaimComputationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_claim_computation_dispose;

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/claimdesk/ClaimDesk/cd-claim-computation.ui");
  gtk_widget_class_bind_template_child (widget_class, CdClaimComputation, assumptions_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimComputation, assumptions_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimComputation, lines_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimComputation, lines_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimComputation, reasons_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimComputation, reasons_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimComputation, required_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimComputation, required_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimComputation, unpaid_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimComputation, unpaid_list);
}

static void
cd_claim_computation_init (CdClaimComputation *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cd_claim_rows_set_placeholder (self->lines_list, _("Nothing to pay."));
}
