/* cd-dashboard-page.c — the office's figures for a period: totals, charts, tables, the overdue. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cd-claim-types.h"
#include "cd-dashboard-page.h"
#include "cd-hsb-export-dialog.h"
#include "cd-format.h"
#include "cd-access.h"
#include "cd-resources.h"
#include "cd-table-export.h"

struct _CdDashboardPage
{
  AdwBin             parent_instance;

  CdContext         *context;
  CdDashboardPeriod  period;
  CdOfficeStats     *stats;
  GCancellable      *cancellable;   /* the load under way */
  gboolean           loading;
  gboolean           office_view;
  GtkWidget         *panels[CD_DASHBOARD_N_PANELS];
  GtkWidget         *total_values[CD_DASHBOARD_N_TOTALS];
  GtkWidget         *total_cards[CD_DASHBOARD_N_TOTALS];

  /* Template widgets */
  AdwStatusPage     *error_page;
  GtkBox            *figures_box;
  GtkWidget         *forms_button;    /* the statistics forms, for those with the right */
  GtkDropDown       *period_dropdown;
  GtkLabel          *scope_label;
  GtkSpinner        *spinner;
  GtkStack          *stack;
  GtkFlowBox        *totals_box;
};

G_DEFINE_FINAL_TYPE (CdDashboardPage, cd_dashboard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_LOADED,
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const total_captions[CD_DASHBOARD_N_TOTALS] = {
  [CD_DASHBOARD_TOTAL_RECEIVED] = N_("Received"),
  [CD_DASHBOARD_TOTAL_AMOUNT] = N_("Amount claimed"),
  [CD_DASHBOARD_TOTAL_DECIDED] = N_("Decided"),
  [CD_DASHBOARD_TOTAL_ON_TIME_SHARE] = N_("Decided on time"),
  [CD_DASHBOARD_TOTAL_LATE] = N_("Decided late"),
  [CD_DASHBOARD_TOTAL_OPEN_OVERDUE] = N_("Open past the deadline"),
  [CD_DASHBOARD_TOTAL_OUTBOX_WAITING] = N_("Waiting to go to central"),
  [CD_DASHBOARD_TOTAL_OUTBOX_PROBLEMS] = N_("Refused or held by central"),
  [CD_DASHBOARD_TOTAL_VERIFICATION] = N_("Paper documents to verify"),
};

/* ---- the period ----------------------------------------------------------------------------- */

void
cd_dashboard_period_range (CdDashboardPeriod  period,
                           CdDay              today,
                           CdDay             *from,
                           CdDay             *to)
{
  CdDay monday = today - (cd_date_weekday (today) - 1);
  int year, month, mday;

  g_return_if_fail (from != NULL && to != NULL);

  *to = today;
  switch (period)
    {
    case CD_DASHBOARD_THIS_WEEK:
      *from = monday;
      break;
    case CD_DASHBOARD_4_WEEKS:
      *from = monday - 7 * 3;
      break;
    case CD_DASHBOARD_12_WEEKS:
      *from = monday - 7 * 11;
      break;
    case CD_DASHBOARD_QUARTER:
      cd_date_to_ymd (today, &year, &month, &mday);
      *from = cd_date_from_ymd (year, 1 + 3 * ((month - 1) / 3), 1);
      break;
    default:
      g_return_if_reached ();
    }
}

/* ---- words for the figures ------------------------------------------------------------------ */

static const char *
benefit_label (const char *name)
{
  CdBenefit benefit;

  return cd_benefit_from_string (name, &benefit) ? cd_benefit_get_label (benefit) : name;
}

static char *
day_text (CdDay day)
{
  char text[11];

  if (day == CD_DAY_NONE)
    return g_strdup ("");
  cd_date_format_display (day, text);
  return g_strdup (text);
}

/* "24/08": a week on a chart, by its Monday. */
static char *
week_short (const CdOfficeStatsGroup *week)
{
  int year, month, mday;

  cd_date_to_ymd (week->first_day, &year, &month, &mday);
  return g_strdup_printf ("%02d/%02d", mday, month);
}

/* "Week of 24/08/2026 (2026-W35)": a week in a table, its Monday in the Vietnamese form. */
static char *
week_long (const CdOfficeStatsGroup *week)
{
  g_autofree char *monday = day_text (week->first_day);

  /* TRANSLATORS: a row of the dashboard's weekly tables: the week's Monday and its ISO name. */
  return g_strdup_printf (_("Week of %s (%s)"), monday, week->key);
}

/* A group's name in a table. */
static char *
group_name (const CdOfficeStatsGroup *group)
{
  return group->first_day != CD_DAY_NONE ? week_long (group) : g_strdup (group->label);
}

static char *
count_text (guint count)
{
  return cd_format_integer_vi (count);
}

/* ---- filling the panels --------------------------------------------------------------------- */

/* Which counts a breakdown's table shows after its name: the running counts keep the days of
 * decision by week and by officer only (cd-office-stats.h). */
typedef enum
{
  COUNTS_AMOUNT   = 1 << 0,
  COUNTS_DEADLINE = 1 << 1,
} Counts;

/* What a breakdown's chart draws. */
typedef enum
{
  DRAW_RECEIVED,
  DRAW_AMOUNT,
  DRAW_SHARE_ON_TIME,
} Draw;

static CdCsvTable *
group_table (const char *title,
             const char *first_column,
             Counts      counts,
             gboolean   *numeric)
{
  const char *columns[8] = { first_column, _("Received"), NULL };
  guint n = 2;

  if (counts & COUNTS_AMOUNT)
    columns[n++] = _("Amount");
  if (counts & COUNTS_DEADLINE)
    {
      columns[n++] = _("Decided");
      columns[n++] = _("On time");
      columns[n++] = _("Late");
      columns[n++] = _("Open past the deadline");
    }
  columns[n] = NULL;
  for (guint c = 0; c < n; c++)
    numeric[c] = c > 0;
  return cd_csv_table_new (title, columns);
}

static void
add_group_row (CdCsvTable               *table,
               const char               *name,
               const CdOfficeStatsGroup *group,
               Counts                    counts)
{
  GStrv cells = g_new0 (char *, 8);
  guint n = 0;

  cells[n++] = g_strdup (name);
  cells[n++] = count_text (group->n);
  if (counts & COUNTS_AMOUNT)
    cells[n++] = cd_format_money_vnd (group->amount);
  if (counts & COUNTS_DEADLINE)
    {
      cells[n++] = count_text (group->decided);
      cells[n++] = count_text (group->on_time);
      cells[n++] = count_text (group->late);
      cells[n++] = count_text (group->open_overdue);
    }
  cd_csv_table_take_row (table, cells);
}

static double
drawn_value (const CdOfficeStatsGroup *group,
             Draw                      draw)
{
  switch (draw)
    {
    case DRAW_RECEIVED:
      return group->n;
    case DRAW_AMOUNT:
      return (double) group->amount;
    case DRAW_SHARE_ON_TIME:
      /* A week where nothing was decided has no share: a gap, not 0 %. */
      return group->decided > 0 ? (double) group->on_time / group->decided : NAN;
    default:
      g_return_val_if_reached (NAN);
    }
}

/* A breakdown: its chart and its table, from the same groups. */
static void
fill_groups (CdDashboardPage  *self,
             CdDashboardPanel  which,
             GPtrArray        *groups,
             const char       *first_column,
             Counts            counts,
             Draw              draw)
{
  CdFigurePanel *panel = CD_FIGURE_PANEL (self->panels[which]);
  gboolean numeric[8] = { FALSE };
  CdCsvTable *table = group_table (cd_figure_panel_get_title (panel), first_column, counts,
                                   numeric);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *values = g_new0 (double, MAX (groups->len, 1));
  static const CdChartUnit units[] = { CD_CHART_COUNT, CD_CHART_MONEY, CD_CHART_SHARE };

  for (guint i = 0; i < groups->len; i++)
    {
      const CdOfficeStatsGroup *group = g_ptr_array_index (groups, i);
      g_autofree char *name = group_name (group);

      g_ptr_array_add (labels, group->first_day != CD_DAY_NONE ? week_short (group)
                                                               : g_strdup (group->label));
      values[i] = drawn_value (group, draw);
      add_group_row (table, name, group, counts);
    }
  cd_chart_set_values (cd_figure_panel_get_chart (panel), (const char * const *) labels->pdata,
                       values, groups->len, units[draw]);
  cd_figure_panel_set_table (panel, table, numeric);
}

static void
fill_on_time (CdDashboardPage *self)
{
  static const gboolean numeric[] = { FALSE, TRUE, TRUE, TRUE };
  CdFigurePanel *panel = CD_FIGURE_PANEL (self->panels[CD_DASHBOARD_PANEL_ON_TIME]);
  GPtrArray *weeks = self->stats->weeks;
  const char *columns[] = { _("Week"), _("Decided"), _("On time"), _("Share on time"), NULL };
  CdCsvTable *table = cd_csv_table_new (cd_figure_panel_get_title (panel), columns);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *values = g_new0 (double, MAX (weeks->len, 1));

  for (guint i = 0; i < weeks->len; i++)
    {
      const CdOfficeStatsGroup *week = g_ptr_array_index (weeks, i);
      GStrv cells = g_new0 (char *, 5);

      values[i] = drawn_value (week, DRAW_SHARE_ON_TIME);
      g_ptr_array_add (labels, week_short (week));
      cells[0] = group_name (week);
      cells[1] = count_text (week->decided);
      cells[2] = count_text (week->on_time);
      cells[3] = cd_chart_format_value (CD_CHART_SHARE, values[i]);
      cd_csv_table_take_row (table, cells);
    }
  cd_chart_set_values (cd_figure_panel_get_chart (panel), (const char * const *) labels->pdata,
                       values, weeks->len, CD_CHART_SHARE);
  cd_figure_panel_set_table (panel, table, numeric);
}

static void
fill_overdue (CdDashboardPage *self)
{
  static const gboolean numeric[] = { FALSE, FALSE, FALSE, FALSE, FALSE, TRUE };
  CdFigurePanel *panel = CD_FIGURE_PANEL (self->panels[CD_DASHBOARD_PANEL_OVERDUE]);
  const char *columns[] = {
    _("Claim"), _("Benefit"), _("Officer"), _("Received"), _("Deadline"),
    _("Working days over"), NULL,
  };
  CdCsvTable *table = cd_csv_table_new (cd_figure_panel_get_title (panel), columns);

  for (guint i = 0; i < self->stats->overdue->len; i++)
    {
      const CdDeadlineClaim *claim = g_ptr_array_index (self->stats->overdue, i);
      GStrv cells = g_new0 (char *, 7);

      cells[0] = g_strdup (claim->number);
      cells[1] = g_strdup (benefit_label (claim->benefit));
      cells[2] = g_strdup (claim->officer);
      cells[3] = day_text (claim->received_on);
      cells[4] = day_text (claim->deadline);
      cells[5] = count_text ((guint) MAX (claim->days_over, 0));
      cd_csv_table_take_row (table, cells);
    }
  cd_figure_panel_set_table (panel, table, numeric);
}

static void
set_total (CdDashboardPage  *self,
           CdDashboardTotal  total,
           char             *text)
{
  g_autofree char *owned = text;
  g_autofree char *said = g_strdup_printf ("%s: %s", _(total_captions[total]), text);

  gtk_label_set_text (GTK_LABEL (self->total_values[total]), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->total_cards[total]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, said, -1);
}

static void
fill (CdDashboardPage *self)
{
  const CdOfficeStats *stats = self->stats;
  g_autofree char *from = day_text (stats->from);
  g_autofree char *to = day_text (stats->to);
  g_autofree char *scope = NULL;

  if (self->office_view)
    /* TRANSLATORS: above the dashboard: whose figures, over which days of receipt. */
    scope = g_strdup_printf (_("The whole office, claims received %s – %s"), from, to);
  else
    scope = g_strdup_printf (_("Your own claims (%s), received %s – %s"), stats->officer, from,
                             to);
  gtk_label_set_text (self->scope_label, scope);

  set_total (self, CD_DASHBOARD_TOTAL_RECEIVED, count_text (stats->received));
  set_total (self, CD_DASHBOARD_TOTAL_AMOUNT, cd_format_money_vnd (stats->amount));
  set_total (self, CD_DASHBOARD_TOTAL_DECIDED, count_text (stats->decided));
  set_total (self, CD_DASHBOARD_TOTAL_ON_TIME_SHARE,
             stats->decided > 0 ? cd_chart_format_value (CD_CHART_SHARE, stats->on_time_share)
             : g_strdup ("—"));
  set_total (self, CD_DASHBOARD_TOTAL_LATE, count_text (stats->late));
  set_total (self, CD_DASHBOARD_TOTAL_OPEN_OVERDUE, count_text (stats->open_overdue));
  set_total (self, CD_DASHBOARD_TOTAL_OUTBOX_WAITING,
             count_text (stats->outbox.queued + stats->outbox.sending));
  set_total (self, CD_DASHBOARD_TOTAL_OUTBOX_PROBLEMS,
             count_text (stats->outbox.refused + stats->outbox.quarantined));
  set_total (self, CD_DASHBOARD_TOTAL_VERIFICATION,
             count_text (stats->verification.unverified + stats->verification.not_found));

  fill_groups (self, CD_DASHBOARD_PANEL_BY_BENEFIT, stats->by_benefit, _("Benefit"),
               COUNTS_AMOUNT, DRAW_RECEIVED);
  fill_groups (self, CD_DASHBOARD_PANEL_AMOUNT_BY_BENEFIT, stats->by_benefit, _("Benefit"),
               COUNTS_AMOUNT, DRAW_AMOUNT);
  fill_groups (self, CD_DASHBOARD_PANEL_BY_WEEK, stats->weeks, _("Week"),
               COUNTS_AMOUNT | COUNTS_DEADLINE, DRAW_RECEIVED);
  fill_on_time (self);
  fill_groups (self, CD_DASHBOARD_PANEL_BY_STATUS, stats->by_status, _("Status"), COUNTS_AMOUNT,
               DRAW_RECEIVED);
  fill_groups (self, CD_DASHBOARD_PANEL_BY_OFFICER, stats->by_officer, _("Officer"),
               COUNTS_AMOUNT | COUNTS_DEADLINE, DRAW_RECEIVED);
  fill_groups (self, CD_DASHBOARD_PANEL_BY_EMPLOYER, stats->by_employer, _("Employer"),
               COUNTS_AMOUNT, DRAW_RECEIVED);
  /* An officer's own figures have one officer: no breakdown to show. */
  gtk_widget_set_visible (self->panels[CD_DASHBOARD_PANEL_BY_OFFICER], self->office_view);
  fill_overdue (self);
}

/* ---- loading -------------------------------------------------------------------------------- */

static void
set_loading (CdDashboardPage *self,
             gboolean         loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
}

static void
show_error (CdDashboardPage *self,
            const char      *message)
{
  g_clear_pointer (&self->stats, cd_office_stats_free);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  set_loading (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
on_stats (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CdDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdOfficeStats) stats = cd_office_stats_read_finish (result, &error);

  if (stats == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stats == NULL)
    {
      show_error (self, error->message);
      return;
    }
  /* Whatever the figures' module did, an officer is never shown the office's figures. */
  if (!self->office_view && stats->officer == NULL)
    {
      show_error (self, _("Only a supervisor or an administrator may see the whole office’s "
                          "figures."));
      return;
    }
  g_clear_pointer (&self->stats, cd_office_stats_free);
  self->stats = g_steal_pointer (&stats);
  fill (self);
  gtk_stack_set_visible_child_name (self->stack, "figures");
  set_loading (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
start_read (CdDashboardPage *self,
              CdRulePack      *pack)
{
  CdSession *session = cd_context_get_session (self->context);
  CdDay today = cd_clock_get_today (cd_context_get_clock (self->context));
  CdDay from, to;

  cd_dashboard_period_range (self->period, today, &from, &to);
  cd_office_stats_read_async (cd_context_get_db_path (self->context), pack, session, from, to,
                              today, self->cancellable, on_stats, g_object_ref (self));
}

static void
on_pack_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) pack = cd_context_load_rule_pack_finish (CD_CONTEXT (object), result,
                                                                 &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (pack == NULL)
    {
      show_error (self, error->message);
      return;
    }
  start_read (self, pack);
}

void
cd_dashboard_page_reload (CdDashboardPage *self)
{
  CdSession *session;
  CdRulePack *pack;

  g_return_if_fail (CD_IS_DASHBOARD_PAGE (self));

  /* A newer load replaces one under way: the period, the store or the user changed. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  session = cd_context_get_session (self->context);
  /* The agency's forms are the office's figures: for those who may take them out. */
  gtk_widget_set_visible (self->forms_button,
                          cd_access_allows (session, CD_ACCESS_STATISTICS_FORMS));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.forms",
                                 cd_access_allows (session, CD_ACCESS_STATISTICS_FORMS));
  if (cd_context_get_db_path (self->context) == NULL || session == NULL)
    {
      show_error (self, _("Sign in to see the figures."));
      return;
    }
  self->office_view = cd_access_allows (session, CD_ACCESS_DASHBOARD_OFFICE);
  set_loading (self, TRUE);
  /* The figures already shown stay until the new ones come. */
  if (self->stats == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  pack = cd_context_get_rule_pack (self->context);
  if (pack != NULL)
    start_read (self, pack);
  else
    cd_context_load_rule_pack_async (self->context, self->cancellable, on_pack_loaded,
                                     g_object_ref (self));
}

/* ---- building ------------------------------------------------------------------------------- */

static void
on_panel_toast (CdDashboardPage *self,
                const char      *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static void
add_panel (CdDashboardPage  *self,
           CdDashboardPanel  which,
           const char       *list_id,
           const char       *title,
           GtkWidget        *chart)
{
  GtkWidget *panel = cd_figure_panel_new (self->context, list_id, title,
                                          chart != NULL ? CD_CHART (chart) : NULL);

  g_signal_connect_object (panel, "toast", G_CALLBACK (on_panel_toast), self,
                           G_CONNECT_SWAPPED);
  self->panels[which] = panel;
  gtk_box_append (self->figures_box, panel);
}

static void
build (CdDashboardPage *self)
{
  for (guint t = 0; t < CD_DASHBOARD_N_TOTALS; t++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *value = gtk_label_new ("—");
      GtkWidget *caption = gtk_label_new (_(total_captions[t]));

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "dashboard-total");
      gtk_widget_add_css_class (value, "title-2");
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
      gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
      gtk_box_append (GTK_BOX (card), value);
      gtk_box_append (GTK_BOX (card), caption);
      gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(total_captions[t]), -1);
      gtk_flow_box_append (self->totals_box, card);
      self->total_values[t] = value;
      self->total_cards[t] = card;
    }

  add_panel (self, CD_DASHBOARD_PANEL_BY_BENEFIT, "dashboard.by-benefit",
             _("Claims by benefit"), cd_chart_new (CD_CHART_BARS));
  add_panel (self, CD_DASHBOARD_PANEL_AMOUNT_BY_BENEFIT, "dashboard.amount-by-benefit",
             _("Amounts claimed by benefit"), cd_chart_new (CD_CHART_BARS));
  add_panel (self, CD_DASHBOARD_PANEL_BY_WEEK, "dashboard.by-week",
             _("Claims by week of receipt"), cd_chart_new (CD_CHART_BARS));
  add_panel (self, CD_DASHBOARD_PANEL_ON_TIME, "dashboard.on-time",
             _("Share decided on time, week by week"), cd_chart_new (CD_CHART_LINE));
  add_panel (self, CD_DASHBOARD_PANEL_BY_STATUS, "dashboard.by-status",
             _("Claims by status"), cd_chart_new (CD_CHART_BARS));
  add_panel (self, CD_DASHBOARD_PANEL_BY_OFFICER, "dashboard.by-officer",
             _("Claims by officer"), cd_chart_new (CD_CHART_BARS));
  add_panel (self, CD_DASHBOARD_PANEL_BY_EMPLOYER, "dashboard.by-employer",
             _("Claims by employer"), cd_chart_new (CD_CHART_BARS));
  add_panel (self, CD_DASHBOARD_PANEL_OVERDUE, "dashboard.overdue",
             _("Open claims past the deadline, by working days over"), NULL);
}

/* table.export-csv / table.print on the page (the window's menu, a shortcut outside a panel):
 * the table of the panel holding the focus, else the overdue claims. */
static void
table_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CdDashboardPage *self = CD_DASHBOARD_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *panel = focus != NULL ? gtk_widget_get_ancestor (focus, CD_TYPE_FIGURE_PANEL) : NULL;

  if (panel == NULL || !gtk_widget_is_ancestor (panel, widget))
    panel = self->panels[CD_DASHBOARD_PANEL_OVERDUE];
  gtk_widget_activate_action_variant (panel, action_name, parameter);
}

/* ---- public API ----------------------------------------------------------------------------- */

GtkWidget *
cd_dashboard_page_new (CdContext *context)
{
  g_return_val_if_fail (CD_IS_CONTEXT (context), NULL);
  return g_object_new (CD_TYPE_DASHBOARD_PAGE, "context", context, NULL);
}

void
cd_dashboard_page_set_period (CdDashboardPage   *self,
                              CdDashboardPeriod  period)
{
  g_return_if_fail (CD_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (period <= CD_DASHBOARD_QUARTER);

  /* The drop-down says it, and its notify reloads. */
  gtk_drop_down_set_selected (self->period_dropdown, period);
}

CdDashboardPeriod
cd_dashboard_page_get_period (CdDashboardPage *self)
{
  g_return_val_if_fail (CD_IS_DASHBOARD_PAGE (self), CD_DASHBOARD_4_WEEKS);
  return self->period;
}

static void
on_period_selected (CdDashboardPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == (guint) self->period)
    return;
  self->period = (CdDashboardPeriod) selected;
  if (self->context != NULL)
    cd_dashboard_page_reload (self);
}

gboolean
cd_dashboard_page_get_loading (CdDashboardPage *self)
{
  g_return_val_if_fail (CD_IS_DASHBOARD_PAGE (self), FALSE);
  return self->loading;
}

gboolean
cd_dashboard_page_get_office_view (CdDashboardPage *self)
{
  g_return_val_if_fail (CD_IS_DASHBOARD_PAGE (self), FALSE);
  return self->stats != NULL && self->office_view;
}

const CdOfficeStats *
cd_dashboard_page_get_stats (CdDashboardPage *self)
{
  g_return_val_if_fail (CD_IS_DASHBOARD_PAGE (self), NULL);
  return self->stats;
}

CdFigurePanel *
cd_dashboard_page_get_panel (CdDashboardPage  *self,
                             CdDashboardPanel  panel)
{
  g_return_val_if_fail (CD_IS_DASHBOARD_PAGE (self), NULL);
  g_return_val_if_fail (panel < CD_DASHBOARD_N_PANELS, NULL);
  return CD_FIGURE_PANEL (self->panels[panel]);
}

const char *
cd_dashboard_page_get_total (CdDashboardPage  *self,
                             CdDashboardTotal  total)
{
  g_return_val_if_fail (CD_IS_DASHBOARD_PAGE (self), NULL);
  g_return_val_if_fail (total < CD_DASHBOARD_N_TOTALS, NULL);
  return gtk_label_get_text (GTK_LABEL (self->total_values[total]));
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
set_context (CdDashboardPage *self,
             CdContext       *context)
{
  g_assert (self->context == NULL);

  self->context = g_object_ref (context);
  build (self);
  g_signal_connect_object (context, "notify::db-path", G_CALLBACK (cd_dashboard_page_reload),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::session", G_CALLBACK (cd_dashboard_page_reload),
                           self, G_CONNECT_SWAPPED);
  cd_dashboard_page_reload (self);
}

static void
cd_dashboard_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CdDashboardPage *self = CD_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_dashboard_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CdDashboardPage *self = CD_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_dashboard_page_dispose (GObject *object)
{
  CdDashboardPage *self = CD_DASHBOARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_DASHBOARD_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_dashboard_page_parent_class)->dispose (object);
}

static void
cd_dashboard_page_finalize (GObject *object)
{
  CdDashboardPage *self = CD_DASHBOARD_PAGE (object);

  g_clear_pointer (&self->stats, cd_office_stats_free);

  G_OBJECT_CLASS (cd_dashboard_page_parent_class)->finalize (object);
}

/* dashboard.forms: the quarterly statistics forms, for the office's quarters. */
static void
open_forms (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CdDashboardPage *self = CD_DASHBOARD_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  cd_hsb_export_dialog_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context);
}

static void
cd_dashboard_page_class_init (CdDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_dashboard_page_get_property;
  object_class->set_property = cd_dashboard_page_set_property;
  object_class->dispose = cd_dashboard_page_dispose;
  object_class->finalize = cd_dashboard_page_finalize;

  /* The store, the session and the clock it counts with. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::loaded after each load, with figures or an error shown. */
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* ::toast (const char *message): an export or print of a table finished, or failed. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  cd_table_export_install_actions (widget_class, table_action);
  gtk_widget_class_install_action (widget_class, "dashboard.forms", NULL, open_forms);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdDashboardPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdDashboardPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, CdDashboardPage, forms_button);
  gtk_widget_class_bind_template_child (widget_class, CdDashboardPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CdDashboardPage, scope_label);
  gtk_widget_class_bind_template_child (widget_class, CdDashboardPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CdDashboardPage, totals_box);
  gtk_widget_class_bind_template_callback (widget_class, on_period_selected);
}

static void
cd_dashboard_page_init (CdDashboardPage *self)
{
  self->period = CD_DASHBOARD_4_WEEKS;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_selected (self->period_dropdown, self->period);
}
