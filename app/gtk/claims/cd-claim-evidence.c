/* cd-claim-evidence.c — the claim view's section for the stored documents. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cd-claim-evidence.h"
#include "cd-claim-rows.h"
#include "cd-clock.h"
#include "cd-evidence-store.h"
#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-paper-document.h"
#include "cd-resources.h"

struct _CdClaimEvidence
{
  AdwBin        parent_instance;

  char         *db_path;
  CdClock      *clock;        /* "now" for the evidence's age; NULL: the system clock */
  GCancellable *cancellable;  /* the raw reads; cancelled in dispose */

  /* Template widgets */
  GtkListBox   *evidence_list;
  GtkLabel     *freshness_label;
};

static void cd_claim_evidence_section_init (CdClaimSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdClaimEvidence, cd_claim_evidence, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CD_TYPE_CLAIM_SECTION,
                                                      cd_claim_evidence_section_init))

enum {
  PROP_0,
  PROP_DB_PATH,
  PROP_CLOCK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

  /* The section is gone: nothing to show the text in. */
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
on_raw_expanded (GtkExpander     *expander,
                 GParamSpec      *pspec,
                 CdClaimEvidence *self)
{
  GtkTextView *text_view = g_object_get_data (G_OBJECT (expander), "cd-raw-view");
  gint64 *document_id = g_object_get_data (G_OBJECT (expander), "cd-document-id");

  if (!gtk_expander_get_expanded (expander) || self->db_path == NULL
      || g_object_get_data (G_OBJECT (text_view), "cd-raw-requested") != NULL)
    return;
  g_object_set_data (G_OBJECT (text_view), "cd-raw-requested", GINT_TO_POINTER (TRUE));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), _("Reading…"), -1);
  cd_claim_details_read_raw_async (self->db_path, *document_id, self->cancellable, on_raw_read,
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

/* A paper document's badge: whether deferred verification found its electronic record. */
static void
paper_badge (const char  *state,
             const char **css_class)
{
  if (g_strcmp0 (state, "verified") == 0)
    *css_class = "success";
  else if (g_strcmp0 (state, "mismatch") == 0)
    *css_class = "error";
  else
    *css_class = "warning";
}

static GtkWidget *
document_row (CdClaimEvidence         *self,
              const CdDetailsDocument *doc)
{
  g_autofree char *when = cd_claim_rows_format_time (doc->fetched_at);
  g_autofree char *provenance = doc->paper ? cd_paper_describe_provenance (doc->entered_by,
                                                                          doc->entered_at)
                                           : NULL;
  /* A paper says at a glance that it is one, who typed it and whether it was checked since;
   * a fetched document says where it came from. */
  g_autofree char *subtitle = doc->paper
                              ? g_strdup_printf ("%s · %s", provenance,
                                                 cd_paper_state_describe (doc->paper_state))
                              : g_strdup_printf ("%s · %s",
                                                 cd_label_source_system (doc->source_system),
                                                 when);
  g_autofree char *size = cd_format_integer_vi (doc->raw_length);
  g_autofree char *size_text = g_strdup_printf (_("%s bytes · SHA-256 %s"), size, doc->sha256);
  GtkWidget *row = cd_claim_rows_expander_row (cd_label_document_kind (doc->kind), subtitle);
  const char *badge_text, *badge_class;
  GtkWidget *badge, *fields, *raw_view, *scroller, *raw_expander = NULL;
  gint64 *id;

  if (doc->paper)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("document-edit-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Paper document"), -1);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
      badge_text = _("Paper");
      paper_badge (doc->paper_state, &badge_class);
    }
  else if (g_strcmp0 (doc->parse_status, "rejected") == 0)
    {
      /* Refused, whatever its signature: nothing of it is used (an envelope's table refused alone
       * keeps the envelope's valid signature). */
      badge_text = _("Refused");
      badge_class = "error";
    }
  else
    signature_badge (doc->signature_status, &badge_text, &badge_class);
  badge = cd_claim_rows_suffix_label (badge_text, badge_class);
  gtk_widget_add_css_class (badge, "caption-heading");
  if (doc->paper)
    {
      gtk_widget_set_tooltip_text (badge, cd_paper_state_describe (doc->paper_state));
      gtk_accessible_update_property (GTK_ACCESSIBLE (badge),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      cd_paper_state_describe (doc->paper_state), -1);
    }
  else if (doc->signer != NULL)
    {
      gtk_widget_set_tooltip_text (badge, doc->signer);
      gtk_accessible_update_property (GTK_ACCESSIBLE (badge),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, doc->signer, -1);
    }
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), badge);
  g_object_set_data (G_OBJECT (row), "cd-badge", badge);

  if (doc->paper)
    {
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                cd_claim_rows_action_row (_("Provenance"), provenance));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                cd_claim_rows_action_row (_("Verification"),
                                                          cd_paper_state_describe (
                                                            doc->paper_state)));
      if (doc->scan_sha256 != NULL)
        {
          g_autofree char *scan = g_strdup_printf (_("%s · SHA-256 %s"), doc->scan_media_type,
                                                   doc->scan_sha256);

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                    cd_claim_rows_action_row (_("Scan"), scan));
        }
    }
  else
    {
      const char *signature_text, *signature_class;

      /* The signature's own state, even when the badge says the table was refused. */
      signature_badge (doc->signature_status, &signature_text, &signature_class);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                cd_claim_rows_action_row (_("Signature"),
                                                          doc->signer != NULL ? doc->signer
                                                                              : signature_text));
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            cd_claim_rows_action_row (doc->linked_to_claim
                                                      ? _("Linked to this claim")
                                                      : _("Stored for the person"),
                                                      doc->url));
  /* The same document brought again by later fetches is shown once (cd-claim-details.c). */
  if (!doc->paper && doc->n_fetches > 1)
    {
      g_autofree char *first = cd_claim_rows_format_time (doc->first_fetched_at);
      /* TRANSLATORS: how often the same document was fetched; %s is the first time,
       * "3 times, first on 05/12/2026 08:30" */
      g_autofree char *fetches = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u time, first on %s",
                                                               "%u times, first on %s",
                                                               doc->n_fetches),
                                                  doc->n_fetches, first);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                cd_claim_rows_action_row (_("Fetched"), fetches));
    }
  /* A parsed envelope carries the messages of the tables refused in it; a refused table, its
   * own. */
  if (doc->parse_error != NULL)
    {
      gboolean parsed = g_strcmp0 (doc->parse_status, "parsed") == 0;

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                cd_claim_rows_action_row (parsed ? _("Tables refused")
                                                                 : _("Could not be read"),
                                                          doc->parse_error));
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            cd_claim_rows_action_row (_("Size"), size_text));

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

/* How old the newest evidence is, and what of it is paper still waiting for the electronic
 * record: "Fetched 3 days ago · 1 paper document not yet verified". */
static void
cd_claim_evidence_show_freshness (CdClaimEvidence *self,
                                  const char      *newest,
                                  guint            n_paper_waiting)
{
  CdClock *clock = self->clock != NULL ? self->clock : cd_clock_get_default ();
  g_autoptr(GDateTime) fetched = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (newest != NULL)
    fetched = g_date_time_new_from_iso8601 (newest, NULL);
  if (fetched == NULL)
    g_string_append (text, _("No evidence has been fetched yet"));
  else
    {
      g_autoptr(GDateTime) now = cd_clock_get_now (clock);
      g_autofree char *age = cd_evidence_describe_age (fetched, now);

      /* TRANSLATORS: "Fetched 3 days ago", the newest document of the claim */
      g_string_printf (text, _("Fetched %s"), age);
    }
  if (n_paper_waiting > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u paper document not yet verified",
                                                 "%u paper documents not yet verified",
                                                 n_paper_waiting), n_paper_waiting);
    }
  gtk_label_set_text (self->freshness_label, text->str);
}

const char *
cd_claim_evidence_get_freshness (CdClaimEvidence *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_EVIDENCE (self), NULL);
  return gtk_label_get_text (self->freshness_label);
}

static void
cd_claim_evidence_set_details (CdClaimSection       *section,
                               const CdClaimDetails *d)
{
  CdClaimEvidence *self = CD_CLAIM_EVIDENCE (section);

  const char *newest = NULL;
  guint n_paper_waiting = 0;

  cd_list_box_remove_all (self->evidence_list);
  for (guint i = 0; i < d->documents->len; i++)
    {
      const CdDetailsDocument *doc = d->documents->pdata[i];

      gtk_list_box_append (self->evidence_list, document_row (self, d->documents->pdata[i]));
      /* ISO 8601 UTC text: the greatest is the newest. A paper typed in was not fetched: it
       * says nothing of how fresh the sources' evidence is. */
      if (!doc->paper && doc->fetched_at != NULL && g_strcmp0 (doc->fetched_at, newest) > 0)
        newest = doc->fetched_at;
      if (doc->paper && g_strcmp0 (doc->paper_state, "verified") != 0)
        n_paper_waiting++;
    }
  cd_claim_evidence_show_freshness (self, newest, n_paper_waiting);
}

static GtkListBox *
cd_claim_evidence_get_list (CdClaimSection *section,
                            const char     *name)
{
  return g_str_equal (name, "evidence") ? CD_CLAIM_EVIDENCE (section)->evidence_list : NULL;
}

static void
cd_claim_evidence_section_init (CdClaimSectionInterface *iface)
{
  iface->set_details = cd_claim_evidence_set_details;
  iface->get_list = cd_claim_evidence_get_list;
}

char *
cd_claim_evidence_get_raw_text (CdClaimEvidence *self,
                                guint            index)
{
  GtkListBoxRow *row;
  GtkExpander *expander;
  GtkTextView *text_view;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (CD_IS_CLAIM_EVIDENCE (self), NULL);
  row = gtk_list_box_get_row_at_index (self->evidence_list, (int) index);
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

static void
cd_claim_evidence_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CdClaimEvidence *self = CD_CLAIM_EVIDENCE (object);

  switch (prop_id)
    {
    case PROP_DB_PATH:
      g_value_set_string (value, self->db_path);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_claim_evidence_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CdClaimEvidence *self = CD_CLAIM_EVIDENCE (object);

  switch (prop_id)
    {
    case PROP_DB_PATH:
      if (g_strcmp0 (self->db_path, g_value_get_string (value)) != 0)
        {
          g_free (self->db_path);
          self->db_path = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_CLOCK:
      if (g_set_object (&self->clock, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_claim_evidence_dispose (GObject *object)
{
  CdClaimEvidence *self = CD_CLAIM_EVIDENCE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->clock);
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_CLAIM_EVIDENCE);

  G_OBJECT_CLASS (cd_claim_evidence_parent_class)->dispose (object);
}

static void
cd_claim_evidence_finalize (GObject *object)
{
  CdClaimEvidence *self = CD_CLAIM_EVIDENCE (object);

  g_clear_object (&self->cancellable);
  g_free (self->db_path);

  G_OBJECT_CLASS (cd_claim_evidence_parent_class)->finalize (object);
}

static void
cd_claim_evidence_class_init (CdClaimEvidenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_claim_evidence_get_property;
  object_class->set_property = cd_claim_evidence_set_property;
  object_class->dispose = cd_claim_evidence_dispose;
  object_class->finalize = cd_claim_evidence_finalize;

  /* Where a document's raw bytes are read from when its expander opens. */
  properties[PROP_DB_PATH] =
    g_param_spec_string ("db-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "Now", for how old the evidence is. */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, CD_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-claim-evidence.ui");
  gtk_widget_class_bind_template_child (widget_class, CdClaimEvidence, evidence_list);
  gtk_widget_class_bind_template_child (widget_class, CdClaimEvidence, freshness_label);
}

static void
cd_claim_evidence_init (CdClaimEvidence *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  cd_claim_rows_set_placeholder (self->evidence_list,
                                 _("No documents are stored for this claim or its people."));
}
