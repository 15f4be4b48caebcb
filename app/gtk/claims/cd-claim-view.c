/* cd-claim-view.c — one claim: evidence, checks, findings, computation, history and its actions. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cd-claim-view.h"
#include "cd-format.h"
#include "cd-labels.h"
#include "cd-resources.h"
#include "cd-rule-texts.h"
#include "cd-workflow.h"

struct _CdClaimView
{
  GtkWidget             parent_instance;

  CdContext            *context;
  char                 *number;
  CdClaimDetails       *details;
  GCancellable         *cancellable;       /* everything; cancelled in dispose */
  GCancellable         *load_cancellable;  /* the load under way */
  gboolean              loading;
  gboolean              acting;
  CdWorkflowAction      action;            /* the one under way while acting */
  gboolean              busy;
  char                 *error_text;
  AdwMessageDialog     *dialog;

  /* Template widgets */
  GtkWidget            *approve_button;
  GtkListBox           *assumptions_list;
  GtkListBox           *claim_list;
  GtkListBox           *claimant_list;
  AdwPreferencesGroup  *decisions_group;
  GtkListBox           *decisions_list;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkListBox           *evidence_list;
  AdwViewStackPage     *findings_page;
  GtkListBox           *findings_list;
  GtkListBox           *history_list;
  AdwPreferencesGroup  *lines_group;
  GtkListBox           *lines_list;
  AdwStatusPage        *load_error_page;
  GtkLabel             *note_label;
  GtkWidget            *print_button;
  GtkWidget            *propose_button;
  AdwPreferencesGroup  *reasons_group;
  GtkListBox           *reasons_list;
  GtkWidget            *reject_button;
  AdwPreferencesGroup  *required_group;
  GtkListBox           *required_list;
  GtkWidget            *return_button;
  GtkSpinner           *spinner;
  GtkStack             *state_stack;
  GtkWidget            *switcher_blank;
  AdwViewSwitcherBar   *switcher_bar;
  AdwSqueezer          *switcher_squeezer;
  AdwToastOverlay      *toast_overlay;
  AdwPreferencesGroup  *unpaid_group;
  GtkListBox           *unpaid_list;
  AdwPreferencesGroup  *assumptions_group;
  GtkListBox           *verification_list;
};

G_DEFINE_FINAL_TYPE (CdClaimView, cd_claim_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_LOADED,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
prefer_vietnamese (void)
{
  const char * const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "vi");
}

static const char *
pick (const char *vi,
      const char *en,
      const char *fallback)
{
  const char *text = prefer_vietnamese () ? vi : en;

  if (text == NULL)
    text = vi != NULL ? vi : en;
  return text != NULL ? text : fallback;
}

/* ---- formatting ------------------------------------------------------------------------------*/

static char *
format_date (const char *iso)
{
  char *text = iso != NULL ? cd_format_date_vi (iso) : NULL;

  return text != NULL ? text : g_strdup (iso != NULL ? iso : "");
}

/* A stored UTC timestamp as the officer reads it: local time, 20/11/2026 14:05. */
static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return g_strdup (iso);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%d/%m/%Y %H:%M");
}

/* ---- rows ------------------------------------------------------------------------------------*/

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
set_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_set_placeholder (list, label);
}

static GtkWidget *
action_row (const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static GtkWidget *
suffix_label (const char *text,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A fact of the claim: its name, its value below. */
static void
add_property (GtkListBox *list,
              const char *title,
              const char *value)
{
  GtkWidget *row;

  if (value == NULL || value[0] == '\0')
    return;
  row = action_row (title, value);
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_append (list, row);
}

static GtkWidget *
expander_row (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  return row;
}

/* ---- overview --------------------------------------------------------------------------------*/

static void
show_overview (CdClaimView          *self,
               const CdClaimDetails *d)
{
  g_autofree char *from = format_date (d->period_from);
  g_autofree char *to = format_date (d->period_to);
  g_autofree char *period = g_strdup_printf ("%s – %s", from, to);
  g_autofree char *event = d->event_date != NULL ? format_date (d->event_date) : NULL;
  g_autofree char *amount = cd_format_money_vnd (d->amount);
  g_autofree char *received = format_date (d->received_on);
  g_autofree char *created = format_time (d->created_at);
  g_autofree char *updated = format_time (d->updated_at);
  g_autofree char *born = format_date (d->birth_date);
  g_autofree char *threshold = cd_format_money_vnd (d->approval_threshold);
  g_autofree char *threshold_note = NULL;

  clear_list (self->claim_list);
  add_property (self->claim_list, _("Claim number"), d->number);
  add_property (self->claim_list, _("Benefit"), cd_benefit_get_label (d->benefit));
  add_property (self->claim_list, _("Status"), cd_claim_status_get_label (d->status));
  add_property (self->claim_list, _("Status note"), d->status_note);
  add_property (self->claim_list, _("Period"), period);
  add_property (self->claim_list, _("Event date"), event);
  add_property (self->claim_list, _("Amount"), amount);
  add_property (self->claim_list, _("Received on"), received);
  add_property (self->claim_list, _("Officer"), d->officer_name);
  add_property (self->claim_list, _("Employer"), d->employer_name);
  add_property (self->claim_list, _("Created"), created);
  add_property (self->claim_list, _("Last changed"), updated);

  clear_list (self->claimant_list);
  add_property (self->claimant_list, _("Name"), d->claimant_name);
  add_property (self->claimant_list, _("Personal ID"), d->personal_id);
  add_property (self->claimant_list, _("Social insurance code"), d->si_code);
  add_property (self->claimant_list, _("Date of birth"), born);

  clear_list (self->decisions_list);
  for (guint i = 0; i < d->decisions->len; i++)
    {
      CdDetailsDecision *decision = d->decisions->pdata[i];
      g_autofree char *money = cd_format_money_vnd (decision->amount);
      g_autofree char *when = format_time (decision->proposed_at);
      g_autofree char *title = g_strdup_printf ("%s · %s",
                                                cd_label_decision_state (decision->state), money);
      g_autofree char *subtitle =
        g_strdup_printf (_("Proposed by %s on %s"),
                         decision->proposed_by_name != NULL ? decision->proposed_by_name : "?",
                         when);
      GtkWidget *row = expander_row (title, subtitle);

      if (decision->comment != NULL && decision->comment[0] != '\0')
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), action_row (_("Comment"),
                                                                      decision->comment));
      for (guint j = 0; j < decision->approvals->len; j++)
        {
          CdDetailsApproval *approval = decision->approvals->pdata[j];
          g_autofree char *at = format_time (approval->approved_at);
          g_autofree char *by = g_strdup_printf (_("Approved by %s"),
                                                 approval->approver_name != NULL
                                                 ? approval->approver_name : "?");

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), action_row (by, at));
        }
      if (decision->frozen_at != NULL)
        {
          g_autofree char *at = format_time (decision->frozen_at);
          g_autofree char *text = g_strdup_printf ("%s · %s", at, decision->uuid);

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), action_row (_("Frozen"), text));
        }
      gtk_list_box_append (self->decisions_list, row);
    }
  if (d->status == CD_CLAIM_STATUS_PROPOSED && d->amount > d->approval_threshold)
    threshold_note = g_strdup_printf (_("Above %s two different supervisors must approve."),
                                      threshold);
  adw_preferences_group_set_description (self->decisions_group, threshold_note);
}

/* ---- evidence --------------------------------------------------------------------------------*/

/* `user_data` is the text view, held until the read ends. */
static void
on_raw_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkTextView) text_view = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = cd_claim_details_read_raw_finish (result, &error);
  GtkTextBuffer *buffer;

  /* The view is gone: nothing to show the text in. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  buffer = gtk_text_view_get_buffer (text_view);
  if (bytes != NULL)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (bytes, &length);
      /* The bytes as they came; anything that is not UTF-8 is shown replaced. */
      g_autofree char *text = g_utf8_make_valid (data != NULL ? data : "", (gssize) length);

      gtk_text_buffer_set_text (buffer, text, -1);
    }
  else
    gtk_text_buffer_set_text (buffer, error->message, -1);
  g_object_set_data (G_OBJECT (text_view), "cd-raw-loaded", GINT_TO_POINTER (TRUE));
}

/* The raw text is read the first time its expander opens: documents can be large. */
static void
on_raw_expanded (GtkExpander *expander,
                 GParamSpec  *pspec,
                 CdClaimView *self)
{
  GtkTextView *text_view = g_object_get_data (G_OBJECT (expander), "cd-raw-view");
  gint64 *document_id = g_object_get_data (G_OBJECT (expander), "cd-document-id");
  const char *db_path = cd_context_get_db_path (self->context);

  if (!gtk_expander_get_expanded (expander) || db_path == NULL
      || g_object_get_data (G_OBJECT (text_view), "cd-raw-requested") != NULL)
    return;
  g_object_set_data (G_OBJECT (text_view), "cd-raw-requested", GINT_TO_POINTER (TRUE));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), _("Reading…"), -1);
  cd_claim_details_read_raw_async (db_path, *document_id, self->cancellable, on_raw_read,
                                   g_object_ref (text_view));
}

static char *
fields_text (const char *json)
{
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (json != NULL ? json : "");
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_autofree char *shown = NULL;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        shown = g_strdup (json_node_get_string (value));
      else
        shown = json_to_string (value, FALSE);
      g_string_append_printf (text, "%s%s: %s", text->len > 0 ? "\n" : "", name, shown);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
expander_list_row (const char *title,
                   GtkWidget  *child,
                   GtkWidget **out_expander)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *expander = gtk_expander_new (title);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (expander, 8);
  gtk_widget_set_margin_bottom (expander, 8);
  gtk_widget_set_margin_start (expander, 12);
  gtk_widget_set_margin_end (expander, 12);
  gtk_expander_set_child (GTK_EXPANDER (expander), child);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), expander);
  if (out_expander != NULL)
    *out_expander = expander;
  return row;
}

static void
signature_badge (const char  *status,
                 const char **text,
                 const char **css_class)
{
  if (g_strcmp0 (status, "valid") == 0)
    *text = _("Signature valid"), *css_class = "success";
  else if (g_strcmp0 (status, "invalid") == 0)
    *text = _("Signature invalid"), *css_class = "error";
  else if (g_strcmp0 (status, "untrusted") == 0)
    *text = _("Untrusted signer"), *css_class = "warning";
  else if (g_strcmp0 (status, "unsigned") == 0)
    *text = _("Unsigned"), *css_class = "dim-label";
  else
    *text = _("No signature expected"), *css_class = "dim-label";
}

static GtkWidget *
document_row (CdClaimView             *self,
              const CdDetailsDocument *doc)
{
  g_autofree char *when = format_time (doc->fetched_at);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                               cd_label_source_system (doc->source_system), when);
  g_autofree char *size = cd_format_integer_vi (doc->raw_length);
  g_autofree char *size_text = g_strdup_printf (_("%s bytes · SHA-256 %s"), size, doc->sha256);
  GtkWidget *row = expander_row (cd_label_document_kind (doc->kind), subtitle);
  const char *badge_text, *badge_class;
  GtkWidget *badge, *fields, *raw_view, *scroller, *raw_expander = NULL;
  gint64 *id;

  signature_badge (doc->signature_status, &badge_text, &badge_class);
  badge = suffix_label (badge_text, badge_class);
  gtk_widget_add_css_class (badge, "caption-heading");
  if (doc->signer != NULL)
    {
      gtk_widget_set_tooltip_text (badge, doc->signer);
      gtk_accessible_update_property (GTK_ACCESSIBLE (badge),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, doc->signer, -1);
    }
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), badge);
  g_object_set_data (G_OBJECT (row), "cd-badge", badge);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            action_row (_("Signature"),
                                        doc->signer != NULL
                                        ? doc->signer : badge_text));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            action_row (doc->linked_to_claim ? _("Linked to this claim")
                                                             : _("Stored for the person"),
                                        doc->url));
  if (doc->parse_error != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              action_row (_("Could not be read"), doc->parse_error));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), action_row (_("Size"), size_text));

  if (doc->fields_json != NULL)
    {
      g_autofree char *text = fields_text (doc->fields_json);

      fields = gtk_label_new (text);
      gtk_label_set_selectable (GTK_LABEL (fields), TRUE);
      gtk_label_set_wrap (GTK_LABEL (fields), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (fields), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (fields), 0);
      gtk_widget_set_margin_top (fields, 6);
      gtk_widget_add_css_class (fields, "monospace");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                expander_list_row (_("Parsed fields"), fields, NULL));
    }

  raw_view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (raw_view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (raw_view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (raw_view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (raw_view), GTK_WRAP_CHAR);
  gtk_accessible_update_property (GTK_ACCESSIBLE (raw_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Raw document"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), raw_view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_widget_set_margin_top (scroller, 6);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            expander_list_row (_("Raw document"), scroller, &raw_expander));
  id = g_new (gint64, 1);
  *id = doc->id;
  g_object_set_data_full (G_OBJECT (raw_expander), "cd-document-id", id, g_free);
  g_object_set_data (G_OBJECT (raw_expander), "cd-raw-view", raw_view);
  g_object_set_data (G_OBJECT (row), "cd-raw-expander", raw_expander);
  g_signal_connect_object (raw_expander, "notify::expanded", G_CALLBACK (on_raw_expanded), self,
                           0);
  return row;
}

static void
show_evidence (CdClaimView          *self,
               const CdClaimDetails *d)
{
  clear_list (self->evidence_list);
  for (guint i = 0; i < d->documents->len; i++)
    gtk_list_box_append (self->evidence_list, document_row (self, d->documents->pdata[i]));
}

/* ---- verification and findings ---------------------------------------------------------------*/

static void
show_verifications (CdClaimView          *self,
                    const CdClaimDetails *d)
{
  clear_list (self->verification_list);
  for (guint i = 0; i < d->verifications->len; i++)
    {
      CdDetailsVerification *v = d->verifications->pdata[i];
      g_autofree char *when = format_time (v->checked_at);
      GtkWidget *row = expander_row (cd_label_source_system (v->source), when);
      gboolean matched = g_str_equal (v->result, "match") || g_str_equal (v->result, "alive");

      adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                   suffix_label (cd_label_verification_result (v->result),
                                                 matched ? "success" : "warning"));
      if (v->discrepancies->len == 0)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  action_row (_("No discrepancies"), NULL));
      for (guint j = 0; j < v->discrepancies->len; j++)
        {
          CdDetailsDiscrepancy *x = v->discrepancies->pdata[j];

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                    action_row (pick (x->message_vi, x->message_en, x->code),
                                                x->code));
        }
      gtk_list_box_append (self->verification_list, row);
    }
}

static void
show_findings (CdClaimView          *self,
               const CdClaimDetails *d)
{
  clear_list (self->findings_list);
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
      row = action_row (pick (finding->message_vi, finding->message_en, finding->code), subtitle);
      image = gtk_image_new_from_icon_name (icon);
      if (css_class != NULL)
        gtk_widget_add_css_class (image, css_class);
      gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      severity, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
      gtk_list_box_append (self->findings_list, row);
    }
  adw_view_stack_page_set_badge_number (self->findings_page, d->findings->len);
  adw_view_stack_page_set_needs_attention (self->findings_page, d->findings->len > 0);
}

/* ---- computation -----------------------------------------------------------------------------*/

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
  g_autofree char *from = format_date (line->from);
  g_autofree char *to = format_date (line->to);
  g_autofree char *days = describe_days (line);
  g_autofree char *amount = cd_format_money_vnd (line->amount);
  gint64 rate = daily_rate (line);
  g_autofree char *rate_text = rate >= 0 && paid ? cd_format_money_vnd (rate) : NULL;
  g_autofree char *quantity = rate_text != NULL
                              ? g_strdup_printf (_("%s × %s a day"), days, rate_text)
                              : g_strdup (days);
  g_autofree char *subtitle = g_strdup_printf ("%s – %s · %s · %s", from, to, quantity,
                                               line->citation != NULL ? line->citation : "");
  GtkWidget *row = action_row (pick (line->message_vi, line->message_en, line->code), subtitle);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             suffix_label (paid ? amount : _("Not paid"),
                                           paid ? "numeric" : "dim-label"));
  return row;
}

static void
show_messages (GtkListBox          *list,
               AdwPreferencesGroup *group,
               GPtrArray           *messages)
{
  clear_list (list);
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      CdDetailsMessage *m = messages->pdata[i];
      g_autofree char *subtitle = m->citation != NULL
                                  ? g_strdup_printf ("%s · %s", m->citation, m->code)
                                  : g_strdup (m->code);

      gtk_list_box_append (list, action_row (pick (m->message_vi, m->message_en, m->code),
                                             subtitle));
    }
  gtk_widget_set_visible (GTK_WIDGET (group), messages != NULL && messages->len > 0);
}

static void
show_computation (CdClaimView          *self,
                  const CdClaimDetails *d)
{
  CdDetailsEvaluation *e = d->evaluation;

  clear_list (self->lines_list);
  clear_list (self->unpaid_list);
  clear_list (self->required_list);
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
    g_autofree char *when = format_time (e->evaluated_at);
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
        GtkWidget *row = action_row (_("Lump sum"), NULL);

        adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix_label (lump, "numeric"));
        gtk_list_box_append (self->lines_list, row);
      }
    total_row = action_row (_("Total"), e->eligible ? _("Eligible") : _("Not eligible"));
    adw_action_row_add_suffix (ADW_ACTION_ROW (total_row), suffix_label (total, "heading"));
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
      GtkWidget *row = action_row (cd_proof_kind_label (r->kind), r->why);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 suffix_label (r->present ? _("Present") : _("Missing"),
                                               r->present ? "success" : "error"));
      gtk_list_box_append (self->required_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->required_group), e->required->len > 0);
}

/* ---- history ---------------------------------------------------------------------------------*/

static const char *
status_label (JsonObject *object)
{
  const char *name = object != NULL
                     ? json_object_get_string_member_with_default (object, "status", NULL) : NULL;
  CdClaimStatus status;

  if (name != NULL && cd_claim_status_from_string (name, &status))
    return cd_claim_status_get_label (status);
  return name;
}

/* "Evaluated → Proposed", then what else the entry carries (a comment, a reason…). */
static char *
describe_change (const CdDetailsAuditEntry *entry)
{
  g_autoptr(JsonNode) before = entry->before_json != NULL
                               ? json_from_string (entry->before_json, NULL) : NULL;
  g_autoptr(JsonNode) after = entry->after_json != NULL
                              ? json_from_string (entry->after_json, NULL) : NULL;
  JsonObject *b = before != NULL && JSON_NODE_HOLDS_OBJECT (before)
                  ? json_node_get_object (before) : NULL;
  JsonObject *a = after != NULL && JSON_NODE_HOLDS_OBJECT (after)
                  ? json_node_get_object (after) : NULL;
  const char *from = status_label (b), *to = status_label (a);
  g_autoptr(GString) text = g_string_new (NULL);

  if (from != NULL && to != NULL)
    g_string_append_printf (text, "%s → %s", from, to);
  else if (to != NULL)
    g_string_append (text, to);
  if (a != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, a);
      while (json_object_iter_next (&iter, &name, &value))
        if (!g_str_equal (name, "status") && JSON_NODE_HOLDS_VALUE (value)
            && json_node_get_value_type (value) == G_TYPE_STRING)
          g_string_append_printf (text, "%s%s: %s", text->len > 0 ? " · " : "", name,
                                  json_node_get_string (value));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_history (CdClaimView          *self,
              const CdClaimDetails *d)
{
  clear_list (self->history_list);
  for (guint i = 0; i < d->audit->len; i++)
    {
      CdDetailsAuditEntry *entry = d->audit->pdata[i];
      g_autofree char *when = format_time (entry->at);
      g_autofree char *who = entry->user_name != NULL
                             ? g_strdup_printf ("%s (%s)", entry->user_name, entry->user_login)
                             : g_strdup (_("The system"));
      g_autofree char *change = describe_change (entry);
      g_autofree char *subtitle = change[0] != '\0'
                                  ? g_strdup_printf ("%s · %s\n%s", who, when, change)
                                  : g_strdup_printf ("%s · %s", who, when);

      gtk_list_box_append (self->history_list,
                           action_row (cd_label_audit_action (entry->action), subtitle));
    }
}

/* ---- state -----------------------------------------------------------------------------------*/

static void
update_busy (CdClaimView *self)
{
  gboolean busy = self->loading || self->acting;

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The one place that decides what can be done now. */
static void
update_actions (CdClaimView *self)
{
  CdSession *session = cd_context_get_session (self->context);
  CdClaimActions allowed = CD_CLAIM_ACTION_NONE;
  CdClaimActions shown;
  GtkWidget *widget = GTK_WIDGET (self);
  const char *note = NULL;

  if (self->details != NULL && session != NULL && !self->busy)
    allowed = self->details->actions;
  /* The workflow's steps write: they wait for the context's writer. */
  if (cd_context_get_database (self->context) == NULL)
    allowed &= CD_CLAIM_ACTION_PRINT_LETTER;

  gtk_widget_action_set_enabled (widget, "claim.propose", allowed & CD_CLAIM_ACTION_PROPOSE);
  gtk_widget_action_set_enabled (widget, "claim.approve", allowed & CD_CLAIM_ACTION_APPROVE);
  gtk_widget_action_set_enabled (widget, "claim.return", allowed & CD_CLAIM_ACTION_RETURN);
  gtk_widget_action_set_enabled (widget, "claim.reject", allowed & CD_CLAIM_ACTION_REJECT);
  gtk_widget_action_set_enabled (widget, "claim.print-letter",
                                 allowed & CD_CLAIM_ACTION_PRINT_LETTER);
  gtk_widget_action_set_enabled (widget, "claim.primary",
                                 allowed & (CD_CLAIM_ACTION_PROPOSE | CD_CLAIM_ACTION_APPROVE));
  gtk_widget_action_set_enabled (widget, "claim.reload",
                                 self->number != NULL
                                 && cd_context_get_db_path (self->context) != NULL && !self->busy);
  gtk_widget_action_set_enabled (widget, "claim.dismiss-error", self->error_text != NULL);

  /* Only the steps open to this user on this claim are offered; while busy they stay in place,
   * disabled. */
  shown = self->details != NULL && session != NULL ? self->details->actions
                                                    : CD_CLAIM_ACTION_NONE;
  gtk_widget_set_visible (self->propose_button, shown & CD_CLAIM_ACTION_PROPOSE);
  gtk_widget_set_visible (self->approve_button, shown & CD_CLAIM_ACTION_APPROVE);
  gtk_widget_set_visible (self->return_button, shown & CD_CLAIM_ACTION_RETURN);
  gtk_widget_set_visible (self->reject_button, shown & CD_CLAIM_ACTION_REJECT);
  gtk_widget_set_visible (self->print_button, shown & CD_CLAIM_ACTION_PRINT_LETTER);

  if (session == NULL)
    note = _("Sign in to act on this claim");
  else if (self->details != NULL && self->details->actions == CD_CLAIM_ACTION_NONE)
    note = _("Nothing on this claim is yours to do in its present state.");
  gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
}

static void
show_error (CdClaimView *self,
            const char  *message)
{
  g_free (self->error_text);
  self->error_text = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  update_actions (self);
}

static void
show_details (CdClaimView *self)
{
  const CdClaimDetails *d = self->details;

  show_overview (self, d);
  show_evidence (self, d);
  show_verifications (self, d);
  show_findings (self, d);
  show_computation (self, d);
  show_history (self, d);
  gtk_stack_set_visible_child_name (self->state_stack, "claim");
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CdClaimView *self = user_data;
  g_autoptr(GError) error = NULL;
  CdClaimDetails *details = cd_claim_details_load_finish (result, &error);

  /* A newer load, or the view gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (details != NULL)
    {
      g_clear_pointer (&self->details, cd_claim_details_free);
      self->details = details;
      show_details (self);
    }
  else if (self->details != NULL && g_strcmp0 (self->details->number, self->number) == 0)
    /* A reload failed: keep what is shown and say why. */
    show_error (self, error->message);
  else
    {
      g_clear_pointer (&self->details, cd_claim_details_free);
      adw_status_page_set_description (self->load_error_page, error->message);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
    }
  update_busy (self);
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
start_load (CdClaimView *self)
{
  const char *db_path = cd_context_get_db_path (self->context);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->number == NULL || db_path == NULL)
    {
      self->loading = FALSE;
      update_busy (self);
      update_actions (self);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  if (self->details == NULL || g_strcmp0 (self->details->number, self->number) != 0)
    {
      gtk_stack_set_visible_child_name (self->state_stack, "loading");
      gtk_spinner_set_spinning (self->spinner, TRUE);
    }
  update_busy (self);
  update_actions (self);
  cd_claim_details_load_async (db_path, self->number, cd_context_get_session (self->context),
                               self->load_cancellable, on_loaded, self);
}

/* ---- actions ---------------------------------------------------------------------------------*/

static void
on_acted (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CdClaimView *self = user_data;
  g_autoptr(GError) error = NULL;
  CdWorkflowApproval outcome;
  const char *message = NULL;

  if (!cd_workflow_act_finish (result, &outcome, &error))
    {
      /* The view is gone. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->acting = FALSE;
      update_busy (self);
      /* Segregation of duties, a second supervisor, an illegal step, a locked session: core's
       * words, kept on screen until dismissed. */
      show_error (self, error->message);
      return;
    }
  /* Straight into the reload: busy all along. */
  self->acting = FALSE;

  switch (self->action)
    {
    case CD_WORKFLOW_ACTION_PROPOSE:
      message = _("Decision proposed; a supervisor will approve it");
      break;

    case CD_WORKFLOW_ACTION_APPROVE:
      message = outcome == CD_WORKFLOW_APPROVAL_NEEDS_SECOND
                ? _("Approval recorded; a second supervisor must approve as well")
                : _("Approved and queued for the central system");
      break;

    case CD_WORKFLOW_ACTION_RETURN:
      message = _("Claim returned to the officer");
      break;

    case CD_WORKFLOW_ACTION_REJECT:
      message = _("Claim rejected");
      break;

    case CD_WORKFLOW_ACTION_COMPLETE_EVIDENCE:
    case CD_WORKFLOW_ACTION_EVALUATE:
    case CD_WORKFLOW_ACTION_QUEUE:
    case CD_WORKFLOW_ACTION_MARK_SYNCED:
    case CD_WORKFLOW_ACTION_REFUSE_BY_CENTRAL:
    case CD_WORKFLOW_ACTION_REOPEN:
    case CD_WORKFLOW_ACTION_OPEN:
    case CD_N_WORKFLOW_ACTIONS:
    default:
      g_assert_not_reached ();
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  start_load (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* The step runs in core, on the context's one writer; the view waits for its answer. */
static void
run_action (CdClaimView      *self,
            CdWorkflowAction  action,
            const char       *text)
{
  CdSession *session = cd_context_get_session (self->context);
  CdDatabase *db = cd_context_get_database (self->context);

  if (session == NULL || db == NULL || self->number == NULL || self->busy)
    return;

  show_error (self, NULL);
  self->action = action;
  self->acting = TRUE;
  update_busy (self);
  update_actions (self);
  cd_workflow_act_async (db, session, self->number, action, text, self->cancellable, on_acted,
                         self);
}

static void
propose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  run_action (CD_CLAIM_VIEW (widget), CD_WORKFLOW_ACTION_PROPOSE, NULL);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  run_action (CD_CLAIM_VIEW (widget), CD_WORKFLOW_ACTION_APPROVE, NULL);
}

/* Ctrl+Enter: the step forward the claim is waiting for. */
static void
primary_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdClaimView *self = CD_CLAIM_VIEW (widget);
  CdClaimActions allowed = self->details != NULL ? self->details->actions : CD_CLAIM_ACTION_NONE;

  if (allowed & CD_CLAIM_ACTION_PROPOSE)
    run_action (self, CD_WORKFLOW_ACTION_PROPOSE, NULL);
  else if (allowed & CD_CLAIM_ACTION_APPROVE)
    run_action (self, CD_WORKFLOW_ACTION_APPROVE, NULL);
}

static void
on_text_changed (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *response = g_object_get_data (G_OBJECT (dialog), "cd-response");

  adw_message_dialog_set_response_enabled (dialog, response, text[0] != '\0');
}

static void
on_text_response (AdwMessageDialog *dialog,
                  const char       *response,
                  CdClaimView      *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  CdWorkflowAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cd-action"));

  /* Answered (or closed, which answers "cancel"): no longer this view's dialog. */
  if (self->dialog == dialog)
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
    }
  if (g_str_equal (response, g_object_get_data (G_OBJECT (dialog), "cd-response"))
      && text[0] != '\0')
    run_action (self, action, text);
}

/* Return needs a comment, reject a reason: asked for in a dialog whose OK stays off while empty. */
static void
ask_text (CdClaimView      *self,
          CdWorkflowAction  action)
{
  gboolean returning = action == CD_WORKFLOW_ACTION_RETURN;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading =
    g_strdup_printf (returning ? _("Return Claim %s?") : _("Reject Claim %s?"), self->number);
  const char *response = returning ? "return" : "reject";
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       heading,
                                                       returning
                                                       ? _("Tell the officer what to correct. "
                                                           "The comment is kept in the claim's "
                                                           "history.")
                                                       : _("The reason is kept in the claim's "
                                                           "history and the claim is closed.")));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), returning ? _("Comment") : _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  returning ? _("Comment for the officer")
                                            : _("Reason for the rejection"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response,
                                    returning ? _("_Return") : _("_Reject"), NULL);
  adw_message_dialog_set_response_appearance (dialog, response,
                                              returning ? ADW_RESPONSE_SUGGESTED
                                                        : ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, response, FALSE);
  adw_message_dialog_set_default_response (dialog, response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cd-response", g_strdup (response), g_free);
  g_object_set_data (G_OBJECT (dialog), "cd-action", GINT_TO_POINTER (action));
  g_signal_connect (entry, "changed", G_CALLBACK (on_text_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_text_response), self, 0);

  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_text (CD_CLAIM_VIEW (widget), CD_WORKFLOW_ACTION_RETURN);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_text (CD_CLAIM_VIEW (widget), CD_WORKFLOW_ACTION_REJECT);
}

/* The letter is the window's business: the view only asks for it. */
static void
print_letter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdClaimView *self = CD_CLAIM_VIEW (widget);

  if (self->number != NULL
      && !gtk_widget_activate_action (widget, "win.print-letter", "s", self->number))
    show_error (self, _("Letters cannot be printed from this window yet."));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start_load (CD_CLAIM_VIEW (widget));
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  show_error (CD_CLAIM_VIEW (widget), NULL);
}

/* Too narrow for either switcher at the top: the bar at the bottom takes over. */
static void
on_squeezed (CdClaimView *self)
{
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    adw_squeezer_get_visible_child (self->switcher_squeezer)
                                    == self->switcher_blank);
}

/* ---- public API ------------------------------------------------------------------------------*/

GtkWidget *
cd_claim_view_new (CdContext *context)
{
  g_return_val_if_fail (context == NULL || CD_IS_CONTEXT (context), NULL);

  return g_object_new (CD_TYPE_CLAIM_VIEW, "context", context, NULL);
}

/* Another store, another user or nobody: the claim is read again, as what may be done on it
 * depends on who is signed in. */
static void
on_backend_changed (CdClaimView *self)
{
  update_actions (self);
  if (self->number != NULL)
    start_load (self);
}

void
cd_claim_view_load (CdClaimView *self,
                    const char  *claim_number)
{
  g_return_if_fail (CD_IS_CLAIM_VIEW (self));
  g_return_if_fail (claim_number != NULL);

  if (g_strcmp0 (self->number, claim_number) != 0)
    {
      g_free (self->number);
      self->number = g_strdup (claim_number);
      show_error (self, NULL);
      gtk_stack_set_visible_child_name (GTK_STACK (self->state_stack), "loading");
    }
  start_load (self);
}

const char *
cd_claim_view_get_claim_number (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  return self->number;
}

const CdClaimDetails *
cd_claim_view_get_details (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  return self->details;
}

gboolean
cd_claim_view_get_busy (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), FALSE);
  return self->busy;
}

const char *
cd_claim_view_get_error (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  return self->error_text;
}

const char *
cd_claim_view_get_note (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->note_label))
         ? gtk_label_get_text (self->note_label) : NULL;
}

static GtkListBox *
list_by_name (CdClaimView *self,
              const char  *name)
{
  const struct
  {
    const char *name;
    GtkListBox *list;
  } lists[] = {
    { "claim", self->claim_list },
    { "claimant", self->claimant_list },
    { "decisions", self->decisions_list },
    { "evidence", self->evidence_list },
    { "verification", self->verification_list },
    { "findings", self->findings_list },
    { "lines", self->lines_list },
    { "unpaid", self->unpaid_list },
    { "reasons", self->reasons_list },
    { "assumptions", self->assumptions_list },
    { "required", self->required_list },
    { "history", self->history_list },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (g_str_equal (lists[i].name, name))
      return lists[i].list;
  g_return_val_if_reached (NULL);
}

guint
cd_claim_view_count_rows (CdClaimView *self,
                          const char  *list)
{
  GtkListBox *box;
  guint n = 0;

  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), 0);
  box = list_by_name (self, list);
  while (box != NULL && gtk_list_box_get_row_at_index (box, (int) n) != NULL)
    n++;
  return n;
}

GtkWidget *
cd_claim_view_get_row (CdClaimView *self,
                       const char  *list,
                       guint        index)
{
  GtkListBox *box;

  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  box = list_by_name (self, list);
  return box != NULL ? GTK_WIDGET (gtk_list_box_get_row_at_index (box, (int) index)) : NULL;
}

char *
cd_claim_view_get_raw_text (CdClaimView *self,
                            guint        index)
{
  GtkWidget *row;
  GtkExpander *expander;
  GtkTextView *text_view;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  row = cd_claim_view_get_row (self, "evidence", index);
  g_return_val_if_fail (row != NULL, NULL);
  expander = g_object_get_data (G_OBJECT (row), "cd-raw-expander");
  text_view = g_object_get_data (G_OBJECT (expander), "cd-raw-view");
  gtk_expander_set_expanded (expander, TRUE);
  if (g_object_get_data (G_OBJECT (text_view), "cd-raw-loaded") == NULL)
    return NULL;
  buffer = gtk_text_view_get_buffer (text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

AdwMessageDialog *
cd_claim_view_get_dialog (CdClaimView *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_VIEW (self), NULL);
  return self->dialog;
}

/* ---- GObject ---------------------------------------------------------------------------------*/

static void
cd_claim_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CdClaimView *self = CD_CLAIM_VIEW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_claim_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CdClaimView *self = CD_CLAIM_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_claim_view_constructed (GObject *object)
{
  CdClaimView *self = CD_CLAIM_VIEW (object);

  G_OBJECT_CLASS (cd_claim_view_parent_class)->constructed (object);

  /* Made without one (a template test's), the view has a context of its own: no store, nobody. */
  if (self->context == NULL)
    self->context = cd_context_new ();
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::db-path", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::database", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
cd_claim_view_dispose (GObject *object)
{
  CdClaimView *self = CD_CLAIM_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  if (self->dialog != NULL)
    {
      AdwMessageDialog *dialog = self->dialog;

      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_CLAIM_VIEW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_claim_view_parent_class)->dispose (object);
}

static void
cd_claim_view_finalize (GObject *object)
{
  CdClaimView *self = CD_CLAIM_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->details, cd_claim_details_free);
  g_free (self->number);
  g_free (self->error_text);

  G_OBJECT_CLASS (cd_claim_view_parent_class)->finalize (object);
}

static void
cd_claim_view_class_init (CdClaimViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_claim_view_get_property;
  object_class->set_property = cd_claim_view_set_property;
  object_class->constructed = cd_claim_view_constructed;
  object_class->dispose = cd_claim_view_dispose;
  object_class->finalize = cd_claim_view_finalize;

  /* Reading the claim or running an action. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Where the claim is read and written, and who acts on it: the view follows the context's
   * store and session. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdClaimView::loaded:
   *
   * A load finished, with the claim shown or the reason it could not be.
   */
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * CdClaimView::changed:
   *
   * An action changed the claim (its status, its decision): lists and counts are stale.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-claim-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "claimview");
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, approve_button);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, assumptions_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, assumptions_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, claim_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, claimant_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, decisions_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, decisions_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, evidence_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, findings_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, findings_page);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, history_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, lines_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, lines_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, load_error_page);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, note_label);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, print_button);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, propose_button);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, reasons_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, reasons_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, reject_button);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, required_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, required_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, return_button);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, state_stack);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, switcher_blank);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, switcher_squeezer);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, unpaid_group);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, unpaid_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimView, verification_list);
  gtk_widget_class_bind_template_callback (widget_class, on_squeezed);

  gtk_widget_class_install_action (widget_class, "claim.propose", NULL, propose_action);
  gtk_widget_class_install_action (widget_class, "claim.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "claim.return", NULL, return_action);
  gtk_widget_class_install_action (widget_class, "claim.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "claim.print-letter", NULL,
                                   print_letter_action);
  gtk_widget_class_install_action (widget_class, "claim.primary", NULL, primary_action);
  gtk_widget_class_install_action (widget_class, "claim.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "claim.dismiss-error", NULL,
                                   dismiss_error_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "claim.primary", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "claim.primary", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "claim.reload", NULL);
}

static void
cd_claim_view_init (CdClaimView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  set_placeholder (self->decisions_list, _("No decision has been proposed yet."));
  set_placeholder (self->evidence_list, _("No documents are stored for this claim or its people."));
  set_placeholder (self->verification_list, _("No checks have been made."));
  set_placeholder (self->findings_list, _("The newest cross-check found nothing to look at."));
  set_placeholder (self->lines_list, _("Nothing to pay."));
  set_placeholder (self->history_list, _("No changes are recorded for this claim."));
}
