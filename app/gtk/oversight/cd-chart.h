/* cd-chart.h — a bar chart or a trend line of a handful of figures, drawn with cairo.
 *
 * The dashboard's charts: claims by benefit and by week as bars, the share decided on time week by
 * week as a line. The chart fills its allocation (it scales with the window), takes its colours
 * from the theme (the text colour and the accent, so dark mode and high contrast work), writes
 * figures the Vietnamese way (cd-format.h: 1.234, 12,5 %, 1.406.250 ₫) and says them in words to
 * assistive technologies: its accessible label is its title, its description every figure
 * ("Ốm đau: 12; Thai sản: 3"). A figure that is not known (a week where nothing was decided) is
 * NAN: no bar, a gap in the line, "no figure" in words. Each chart is shown beside a table of the
 * same figures (CdFigurePanel), for whoever would rather read.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  CD_CHART_BARS,
  CD_CHART_LINE,
} CdChartKind;

typedef enum
{
  CD_CHART_COUNT,   /* whole numbers: 1.234 */
  CD_CHART_MONEY,   /* đồng: 1.406.250 ₫ */
  CD_CHART_SHARE,   /* 0 to 1, shown as 0–100 %: 87,5 % */
} CdChartUnit;

#define CD_TYPE_CHART (cd_chart_get_type ())
G_DECLARE_FINAL_TYPE (CdChart, cd_chart, CD, CHART, GtkWidget)

GtkWidget   *cd_chart_new              (CdChartKind         kind);
CdChartKind  cd_chart_get_kind         (CdChart            *self);
/* The chart's name, its accessible label ("Claims by benefit"). */
void         cd_chart_set_title        (CdChart            *self,
                                        const char         *title);
const char  *cd_chart_get_title        (CdChart            *self);
/* `n` figures with their labels (copied), in the order drawn. */
void         cd_chart_set_values       (CdChart            *self,
                                        const char * const *labels,
                                        const double       *values,
                                        guint               n,
                                        CdChartUnit         unit);
guint        cd_chart_get_n_values     (CdChart            *self);
double       cd_chart_get_value        (CdChart            *self,
                                        guint               index);
const char  *cd_chart_get_label        (CdChart            *self,
                                        guint               index);
/* A figure as the chart writes it ("12,5 %"); NAN is "—". */
char        *cd_chart_format_value     (CdChartUnit         unit,
                                        double              value);
/* The figures in words, as given to assistive technologies. */
const char  *cd_chart_get_description  (CdChart            *self);

G_END_DECLS
