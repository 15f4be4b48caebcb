/* cd-chart.c — bars or a line over a few labelled figures, in the theme's colours. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cd-chart.h"
#include "cd-format.h"

#define PAD        6.0
#define MAX_TICKS  4

struct _CdChart
{
  GtkWidget    parent_instance;

  CdChartKind  kind;
  CdChartUnit  unit;
  char        *title;
  char        *description;
  GPtrArray   *labels;       /* char * */
  GArray      *values;       /* double */
};

G_DEFINE_FINAL_TYPE (CdChart, cd_chart, GTK_TYPE_WIDGET)

char *
cd_chart_format_value (CdChartUnit unit,
                       double      value)
{
  g_autofree char *number = NULL;

  if (isnan (value))
    return g_strdup ("—");
  switch (unit)
    {
    case CD_CHART_COUNT:
      return cd_format_integer_vi ((gint64) llround (value));
    case CD_CHART_MONEY:
      return cd_format_money_vnd ((gint64) llround (value));
    case CD_CHART_SHARE:
      number = cd_format_quantity_vi (value * 100.0);
      return g_strdup_printf ("%s %%", number);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
update_accessible (CdChart *self)
{
  g_autoptr(GString) words = g_string_new (NULL);

  for (guint i = 0; i < self->values->len; i++)
    {
      double value = g_array_index (self->values, double, i);
      g_autofree char *figure = cd_chart_format_value (self->unit, value);

      if (i > 0)
        g_string_append (words, "; ");
      if (isnan (value))
        /* TRANSLATORS: a chart's point without a figure, said to a screen reader: "W36: no
         * figure". */
        g_string_append_printf (words, _("%s: no figure"), (char *) self->labels->pdata[i]);
      else
        g_string_append_printf (words, "%s: %s", (char *) self->labels->pdata[i], figure);
    }
  if (self->values->len == 0)
    g_string_append (words, _("No figures"));
  g_free (self->description);
  self->description = g_string_free (g_steal_pointer (&words), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->title != NULL ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

/* ---- drawing -------------------------------------------------------------------------------- */

/* The scale: a round step (1, 2 or 5 times a power of ten; whole for counts and money) and as
 * many steps as reach the largest figure, so every tick reads as what it is. */
static void
scale_of (CdChart *self,
          double  *top,
          guint   *n_ticks)
{
  double max = 0;
  double raw, magnitude, step = 1;
  static const double nice[] = { 1, 2, 5, 10 };

  if (self->unit == CD_CHART_SHARE)
    {
      *top = 1.0;
      *n_ticks = 4;
      return;
    }
  for (guint i = 0; i < self->values->len; i++)
    {
      double value = g_array_index (self->values, double, i);

      if (!isnan (value))
        max = MAX (max, value);
    }
  if (max <= 0)
    {
      *top = 1.0;
      *n_ticks = 1;
      return;
    }
  raw = max / MAX_TICKS;
  magnitude = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (nice); i++)
    if (nice[i] * magnitude >= raw)
      {
        step = nice[i] * magnitude;
        break;
      }
  step = MAX (step, 1.0);
  *n_ticks = (guint) MAX (1.0, ceil (max / step - 1e-9));
  *top = step * *n_ticks;
}

static PangoLayout *
small_layout (GtkWidget  *widget,
              const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.83));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);
  return layout;
}

static void
layout_size (PangoLayout *layout,
             double      *width,
             double      *height)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  *width = w;
  *height = h;
}

static void
draw (CdChart *self,
      cairo_t *cr,
      double   width,
      double   height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA fg, accent;
  guint n = self->values->len;
  double top;
  guint n_ticks;
  double axis_w = 0, text_h = 0, tw, th;
  double left, bottom, plot_w, plot_h, slot;
  guint label_every = 1;
  gboolean started = FALSE;

  scale_of (self, &top, &n_ticks);
  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_bg_color", &accent))
    accent = fg;

  /* The scale's widest figure sets the left margin; one line of text the bottom one. */
  for (guint t = 0; t <= n_ticks; t++)
    {
      g_autofree char *tick = cd_chart_format_value (self->unit, top * t / n_ticks);
      g_autoptr(PangoLayout) layout = small_layout (widget, tick);

      layout_size (layout, &tw, &th);
      axis_w = MAX (axis_w, tw);
      text_h = MAX (text_h, th);
    }
  left = axis_w + 2 * PAD;
  bottom = height - text_h - PAD;
  plot_w = width - left - PAD;
  plot_h = bottom - text_h - PAD;   /* room above for a bar's figure */
  if (plot_w <= 4 || plot_h <= 4)
    return;
  slot = n > 0 ? plot_w / n : plot_w;

  /* The scale: faint lines with their figures. */
  for (guint t = 0; t <= n_ticks; t++)
    {
      double y = bottom - plot_h * t / n_ticks;
      g_autofree char *tick = cd_chart_format_value (self->unit, top * t / n_ticks);
      g_autoptr(PangoLayout) layout = small_layout (widget, tick);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, t == 0 ? 0.5 : 0.12);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, left, floor (y) + 0.5);
      cairo_line_to (cr, left + plot_w, floor (y) + 0.5);
      cairo_stroke (cr);
      layout_size (layout, &tw, &th);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      cairo_move_to (cr, left - PAD - tw, y - th / 2);
      pango_cairo_show_layout (cr, layout);
    }

  /* Labels under the slots; every k-th when they would run into each other. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) layout = small_layout (widget, self->labels->pdata[i]);

      layout_size (layout, &tw, &th);
      while (label_every < n && tw + PAD > slot * label_every)
        label_every++;
    }
  for (guint i = 0; i < n; i += label_every)
    {
      g_autoptr(PangoLayout) layout = small_layout (widget, self->labels->pdata[i]);

      layout_size (layout, &tw, &th);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
      cairo_move_to (cr, left + slot * (i + 0.5) - tw / 2, bottom + PAD / 2);
      pango_cairo_show_layout (cr, layout);
    }

  for (guint i = 0; i < n; i++)
    {
      double value = g_array_index (self->values, double, i);
      double x = left + slot * (i + 0.5);
      double y;

      if (isnan (value))
        {
          started = FALSE;
          continue;
        }
      y = bottom - plot_h * CLAMP (value / top, 0.0, 1.0);
      if (self->kind == CD_CHART_BARS)
        {
          double bar = MAX (2.0, MIN (slot * 0.6, 64.0));
          g_autofree char *figure = cd_chart_format_value (self->unit, value);
          g_autoptr(PangoLayout) layout = small_layout (widget, figure);

          gdk_cairo_set_source_rgba (cr, &accent);
          cairo_rectangle (cr, x - bar / 2, y, bar, bottom - y);
          cairo_fill (cr);
          layout_size (layout, &tw, &th);
          if (tw <= slot)
            {
              cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
              cairo_move_to (cr, x - tw / 2, y - th);
              pango_cairo_show_layout (cr, layout);
            }
        }
      else
        {
          gdk_cairo_set_source_rgba (cr, &accent);
          cairo_set_line_width (cr, 2.5);
          if (started)
            {
              cairo_line_to (cr, x, y);
              cairo_stroke (cr);
            }
          cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
          cairo_fill (cr);
          cairo_move_to (cr, x, y);
          started = TRUE;
        }
    }
  cairo_new_path (cr);
}

static void
cd_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  CdChart *self = CD_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw (self, cr, width, height);
  cairo_destroy (cr);
}

/* The colours are the theme's: a change of style (dark mode) redraws. */
static void
cd_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (cd_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
cd_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 480;
    }
  else
    {
      *minimum = 140;
      *natural = 220;
    }
}

/* ---- public API ----------------------------------------------------------------------------- */

GtkWidget *
cd_chart_new (CdChartKind kind)
{
  CdChart *self = g_object_new (CD_TYPE_CHART, NULL);

  self->kind = kind;
  return GTK_WIDGET (self);
}

CdChartKind
cd_chart_get_kind (CdChart *self)
{
  g_return_val_if_fail (CD_IS_CHART (self), CD_CHART_BARS);
  return self->kind;
}

void
cd_chart_set_title (CdChart    *self,
                    const char *title)
{
  g_return_if_fail (CD_IS_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
  update_accessible (self);
}

const char *
cd_chart_get_title (CdChart *self)
{
  g_return_val_if_fail (CD_IS_CHART (self), NULL);
  return self->title;
}

void
cd_chart_set_values (CdChart            *self,
                     const char * const *labels,
                     const double       *values,
                     guint               n,
                     CdChartUnit         unit)
{
  g_return_if_fail (CD_IS_CHART (self));
  g_return_if_fail (n == 0 || (labels != NULL && values != NULL));

  g_ptr_array_set_size (self->labels, 0);
  g_array_set_size (self->values, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->labels, g_strdup (labels[i]));
  if (n > 0)
    g_array_append_vals (self->values, values, n);
  self->unit = unit;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
cd_chart_get_n_values (CdChart *self)
{
  g_return_val_if_fail (CD_IS_CHART (self), 0);
  return self->values->len;
}

double
cd_chart_get_value (CdChart *self,
                    guint    index)
{
  g_return_val_if_fail (CD_IS_CHART (self), NAN);
  g_return_val_if_fail (index < self->values->len, NAN);
  return g_array_index (self->values, double, index);
}

const char *
cd_chart_get_label (CdChart *self,
                    guint    index)
{
  g_return_val_if_fail (CD_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->labels->len, NULL);
  return self->labels->pdata[index];
}

const char *
cd_chart_get_description (CdChart *self)
{
  g_return_val_if_fail (CD_IS_CHART (self), NULL);
  return self->description;
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
cd_chart_finalize (GObject *object)
{
  CdChart *self = CD_CHART (object);

  g_free (self->title);
  g_free (self->description);
  g_ptr_array_unref (self->labels);
  g_array_unref (self->values);

  G_OBJECT_CLASS (cd_chart_parent_class)->finalize (object);
}

static void
cd_chart_class_init (CdChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cd_chart_finalize;
  widget_class->snapshot = cd_chart_snapshot;
  widget_class->measure = cd_chart_measure;
  widget_class->css_changed = cd_chart_css_changed;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cd_chart_init (CdChart *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  /* Reachable by Tab, so a screen reader reads the figures in words. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  update_accessible (self);
}
