/* cd-source-row.c — one evidence source of a fetch. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-resources.h"
#include "cd-source-row.h"

struct _CdSourceRow
{
  AdwActionRow      parent_instance;

  /* Template widgets */
  GtkLabel         *badge;
  GtkWidget        *retry;
  GtkSpinner       *spinner;
  GtkLabel         *status;

  CdEvidenceSource  source;
  gboolean          done;
  gboolean          failed;
};

G_DEFINE_FINAL_TYPE (CdSourceRow, cd_source_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
cd_source_row_new (CdEvidenceSource source)
{
  g_return_val_if_fail (source < CD_N_EVIDENCE_SOURCES, NULL);

  return g_object_new (CD_TYPE_SOURCE_ROW, "source", (guint) source, NULL);
}

CdEvidenceSource
cd_source_row_get_source (CdSourceRow *self)
{
  g_return_val_if_fail (CD_IS_SOURCE_ROW (self), CD_N_EVIDENCE_SOURCES);
  return self->source;
}

static void
set_status_error (CdSourceRow *self,
                  gboolean     error)
{
  if (error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
    }
}

void
cd_source_row_set_working (CdSourceRow *self)
{
  g_return_if_fail (CD_IS_SOURCE_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_label_set_text (self->status, _("Working…"));
  set_status_error (self, FALSE);
  gtk_widget_set_visible (self->retry, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), FALSE);
  self->done = FALSE;
  self->failed = FALSE;
}

void
cd_source_row_set_response (CdSourceRow              *self,
                            const CdEvidenceResponse *response)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CD_IS_SOURCE_ROW (self));
  g_return_if_fail (response != NULL);

  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  self->done = TRUE;
  self->failed = response->error != NULL;
  set_status_error (self, self->failed);
  gtk_widget_set_visible (self->retry, self->failed);
  if (self->failed)
    {
      gtk_label_set_text (self->status, response->error->message);
      return;
    }
  /* TRANSLATORS: a source answered: the time it took */
  text = g_strdup_printf (_("Done in %u ms"), (guint) (response->elapsed_us / 1000));
  gtk_label_set_text (self->status, text);
}

void
cd_source_row_set_signature (CdSourceRow *self,
                             const char  *status,
                             const char  *signer)
{
  GtkWidget *badge;
  const char *text;
  const char *style;

  g_return_if_fail (CD_IS_SOURCE_ROW (self));

  badge = GTK_WIDGET (self->badge);
  gtk_widget_remove_css_class (badge, "success");
  gtk_widget_remove_css_class (badge, "dim-label");
  gtk_widget_remove_css_class (badge, "error");
  if (status == NULL || g_str_equal (status, "not_applicable"))
    {
      gtk_widget_set_visible (badge, FALSE);
      return;
    }
  if (g_str_equal (status, "valid"))
    {
      text = _("Signed");
      style = "success";
    }
  else if (g_str_equal (status, "unsigned"))
    {
      text = _("Unsigned");
      style = "dim-label";
    }
  else
    {
      text = g_str_equal (status, "invalid") ? _("Signature invalid") : _("Signer not trusted");
      style = "error";
    }
  gtk_label_set_text (self->badge, text);
  gtk_widget_add_css_class (badge, style);
  gtk_widget_set_tooltip_text (badge, signer);
  gtk_widget_set_visible (badge, TRUE);
}

gboolean
cd_source_row_get_done (CdSourceRow *self)
{
  g_return_val_if_fail (CD_IS_SOURCE_ROW (self), FALSE);
  return self->done;
}

gboolean
cd_source_row_get_failed (CdSourceRow *self)
{
  g_return_val_if_fail (CD_IS_SOURCE_ROW (self), FALSE);
  return self->failed;
}

static void
cd_source_row_constructed (GObject *object)
{
  CdSourceRow *self = CD_SOURCE_ROW (object);

  G_OBJECT_CLASS (cd_source_row_parent_class)->constructed (object);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 cd_evidence_source_get_system (self->source));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), cd_evidence_source_to_string (self->source));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry), "i", (int) self->source);
}

static void
cd_source_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CdSourceRow *self = CD_SOURCE_ROW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_uint (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_source_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CdSourceRow *self = CD_SOURCE_ROW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_source_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_SOURCE_ROW);

  G_OBJECT_CLASS (cd_source_row_parent_class)->dispose (object);
}

static void
cd_source_row_class_init (CdSourceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cd_source_row_constructed;
  object_class->dispose = cd_source_row_dispose;
  object_class->get_property = cd_source_row_get_property;
  object_class->set_property = cd_source_row_set_property;

  /* Which source the row shows (a CdEvidenceSource). */
  properties[PROP_SOURCE] =
    g_param_spec_uint ("source", NULL, NULL, 0, CD_N_EVIDENCE_SOURCES - 1, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-source-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CdSourceRow, badge);
  gtk_widget_class_bind_template_child (widget_class, CdSourceRow, retry);
  gtk_widget_class_bind_template_child (widget_class, CdSourceRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdSourceRow, status);
}

static void
cd_source_row_init (CdSourceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
