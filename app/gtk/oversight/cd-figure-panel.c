/* cd-figure-panel.c — a chart and its table, switched, with the table's export. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-figure-panel.h"
#include "cd-table-cell.h"
#include "cd-table-export.h"

struct _CdFigurePanel
{
  GtkWidget       parent_instance;

  CdContext      *context;
  char           *list_id;
  char           *title;
  CdChart        *chart;
  GListStore     *rows;          /* GtkStringList, a row's cells */
  GCancellable   *cancellable;

  GtkWidget      *header;
  GtkWidget      *chart_button;
  GtkWidget      *table_button;
  GtkStack       *stack;
  GtkColumnView  *column_view;
};

G_DEFINE_FINAL_TYPE (CdFigurePanel, cd_figure_panel, GTK_TYPE_WIDGET)

enum {
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the table ------------------------------------------------------------------------------ */

static char *
cell_text (gpointer item,
           gpointer user_data)
{
  return g_strdup (gtk_string_list_get_string (item, GPOINTER_TO_UINT (user_data)));
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cd-numeric"));
  gboolean first = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cd-first"));

  /* The first column names the row ("Week of 24/08/2026 (2026-W35)"): room for it. */
  gtk_list_item_set_child (item, cd_table_cell_new (numeric, first ? 12 : 4, first ? 30 : 12));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkStringList *row = gtk_list_item_get_item (item);

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)),
                            gtk_string_list_get_string (row, GPOINTER_TO_UINT (user_data)));
}

static void
set_columns (CdFigurePanel     *self,
             const CdCsvTable  *table,
             const gboolean    *numeric)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint n = cd_csv_table_get_n_columns (table);
  gboolean same = g_list_model_get_n_items (columns) == n;

  /* A reload brings the same columns: keep them, and their cells, and change only the rows. */
  for (guint c = 0; same && c < n; c++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, c);

      same = g_strcmp0 (gtk_column_view_column_get_title (column), table->columns[c]) == 0;
    }
  if (same)
    return;
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
  for (guint c = 0; c < n; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "cd-numeric",
                         GINT_TO_POINTER (numeric != NULL && numeric[c]));
      g_object_set_data (G_OBJECT (factory), "cd-first", GINT_TO_POINTER (c == 0));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (table->columns[c], factory);
      gtk_column_view_column_set_expand (column, c == 0);
      gtk_column_view_column_set_resizable (column, TRUE);
      cd_table_export_set_column_text (column, cell_text, GUINT_TO_POINTER (c));
      gtk_column_view_append_column (self->column_view, column);
    }
}

/* ---- export --------------------------------------------------------------------------------- */

/* table.export-csv / table.print (a path, or "" to ask): the table as it shows. */
static void
table_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CdFigurePanel *self = CD_FIGURE_PANEL (widget);
  CdCsvTable *table = cd_table_export_from_column_view (self->column_view, self->title);

  g_return_if_fail (table != NULL);
  cd_table_export_run_action (widget, self->context, self->list_id, table, action_name,
                              parameter, self->cancellable);
}

/* ---- public API ----------------------------------------------------------------------------- */

static void
on_switch_toggled (CdFigurePanel *self)
{
  gboolean table = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->table_button));

  gtk_stack_set_visible_child_name (self->stack, table ? "table" : "chart");
}

static GtkWidget *
make_header (CdFigurePanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *heading = gtk_label_new (self->title);
  GtkWidget *switcher = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autofree char *menu_label = g_strdup_printf (_("Export or Print “%s”"), self->title);

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_box_append (GTK_BOX (box), heading);

  self->chart_button = gtk_toggle_button_new_with_mnemonic (_("C_hart"));
  self->table_button = gtk_toggle_button_new_with_mnemonic (_("_Table"));
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->table_button),
                               GTK_TOGGLE_BUTTON (self->chart_button));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->chart_button), TRUE);
  g_signal_connect_swapped (self->table_button, "toggled", G_CALLBACK (on_switch_toggled), self);
  gtk_widget_add_css_class (switcher, "linked");
  gtk_box_append (GTK_BOX (switcher), self->chart_button);
  gtk_box_append (GTK_BOX (switcher), self->table_button);
  gtk_widget_set_valign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (switcher, self->chart != NULL);
  gtk_box_append (GTK_BOX (box), switcher);

  g_menu_append (menu, _("_Export as CSV…"), "table.export-csv::");
  g_menu_append (menu, _("_Print…"), "table.print::");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "document-save-symbolic");
  gtk_widget_set_tooltip_text (menu_button, menu_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  menu_label, -1);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), menu_button);
  return box;
}

GtkWidget *
cd_figure_panel_new (CdContext  *context,
                     const char *list_id,
                     const char *title,
                     CdChart    *chart)
{
  CdFigurePanel *self;
  GtkWidget *scroller;
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_val_if_fail (CD_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (list_id != NULL && title != NULL, NULL);
  g_return_val_if_fail (chart == NULL || CD_IS_CHART (chart), NULL);

  self = g_object_new (CD_TYPE_FIGURE_PANEL, NULL);
  self->context = g_object_ref (context);
  self->list_id = g_strdup (list_id);
  self->title = g_strdup (title);
  self->chart = chart;

  self->header = make_header (self);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  if (chart != NULL)
    {
      cd_chart_set_title (chart, title);
      gtk_widget_set_vexpand (GTK_WIDGET (chart), TRUE);
      gtk_stack_add_named (self->stack, GTK_WIDGET (chart), "chart");
    }

  self->rows = g_list_store_new (GTK_TYPE_STRING_LIST);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (
      g_steal_pointer (&selection))));
  gtk_column_view_set_show_row_separators (self->column_view, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  /* A list view measures only the rows it has made: ask for as much as a chart takes. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 220);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->column_view));
  gtk_stack_add_named (self->stack, scroller, "table");
  gtk_stack_set_visible_child_name (self->stack, chart != NULL ? "chart" : "table");
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
  return GTK_WIDGET (self);
}

const char *
cd_figure_panel_get_list_id (CdFigurePanel *self)
{
  g_return_val_if_fail (CD_IS_FIGURE_PANEL (self), NULL);
  return self->list_id;
}

const char *
cd_figure_panel_get_title (CdFigurePanel *self)
{
  g_return_val_if_fail (CD_IS_FIGURE_PANEL (self), NULL);
  return self->title;
}

void
cd_figure_panel_set_table (CdFigurePanel  *self,
                           CdCsvTable     *table,
                           const gboolean *numeric)
{
  g_autoptr(CdCsvTable) owned = table;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (CD_IS_FIGURE_PANEL (self));
  g_return_if_fail (table != NULL);

  set_columns (self, table, numeric);
  for (guint r = 0; r < table->rows->len; r++)
    g_ptr_array_add (items,
                     gtk_string_list_new ((const char * const *) table->rows->pdata[r]));
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       items->pdata, items->len);
}

CdChart *
cd_figure_panel_get_chart (CdFigurePanel *self)
{
  g_return_val_if_fail (CD_IS_FIGURE_PANEL (self), NULL);
  return self->chart;
}

GtkColumnView *
cd_figure_panel_get_column_view (CdFigurePanel *self)
{
  g_return_val_if_fail (CD_IS_FIGURE_PANEL (self), NULL);
  return self->column_view;
}

const char *
cd_figure_panel_get_cell (CdFigurePanel *self,
                          guint          row,
                          guint          column)
{
  g_autoptr(GtkStringList) item = NULL;

  g_return_val_if_fail (CD_IS_FIGURE_PANEL (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->rows), row);
  g_return_val_if_fail (item != NULL, NULL);
  /* The string lives in the row, which the store keeps. */
  return gtk_string_list_get_string (item, column);
}

guint
cd_figure_panel_get_n_rows (CdFigurePanel *self)
{
  g_return_val_if_fail (CD_IS_FIGURE_PANEL (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

void
cd_figure_panel_show_table (CdFigurePanel *self,
                            gboolean       table)
{
  g_return_if_fail (CD_IS_FIGURE_PANEL (self));

  if (self->chart == NULL)
    return;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (table ? self->table_button
                                                   : self->chart_button), TRUE);
}

gboolean
cd_figure_panel_get_showing_table (CdFigurePanel *self)
{
  g_return_val_if_fail (CD_IS_FIGURE_PANEL (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "table") == 0;
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
cd_figure_panel_dispose (GObject *object)
{
  CdFigurePanel *self = CD_FIGURE_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->header, gtk_widget_unparent);
  if (self->stack != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->stack));
      self->stack = NULL;
    }
  g_clear_object (&self->rows);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_figure_panel_parent_class)->dispose (object);
}

static void
cd_figure_panel_finalize (GObject *object)
{
  CdFigurePanel *self = CD_FIGURE_PANEL (object);

  g_clear_object (&self->cancellable);
  g_free (self->list_id);
  g_free (self->title);

  G_OBJECT_CLASS (cd_figure_panel_parent_class)->finalize (object);
}

static void
cd_figure_panel_class_init (CdFigurePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_figure_panel_dispose;
  object_class->finalize = cd_figure_panel_finalize;

  /* ::toast (const char *message): an export or print finished, or failed. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  cd_table_export_install_actions (widget_class, table_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "figurepanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cd_figure_panel_init (CdFigurePanel *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  self->cancellable = g_cancellable_new ();
}
