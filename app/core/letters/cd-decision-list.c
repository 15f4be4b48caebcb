/* cd-decision-list.c — the decision list as an A4 landscape PDF (cairo + pango) and as CSV.
 *
 * Its fixed texts live here in both languages, chosen by CdDecisionList.language, like the
 * letter's; only error messages go through gettext. The heading, signature blocks, footer and file
 * writing are the letter's (cd-letter-parts.h).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-csv.h"
#include "cd-date.h"
#include "cd-decision-list.h"
#include "cd-format.h"
#include "cd-letter-layout.h"
#include "cd-letter-parts.h"

/* A4 landscape in points; the margins of Decree 30/2020, turned with the page. */
#define PAGE_WIDTH      841.890
#define PAGE_HEIGHT     595.276
#define MM              (72.0 / 25.4)
#define MARGIN_LEFT     (20 * MM)
#define MARGIN_RIGHT    (15 * MM)
#define MARGIN_TOP      (15 * MM)
#define MARGIN_BOTTOM   (18 * MM)   /* the footer sits inside this */
#define CONTENT_WIDTH   (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
#define CONTENT_HEIGHT  (PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)

#define FONT_BODY       "DejaVu Serif 10"
#define FONT_TITLE      "DejaVu Serif Bold 13"
#define FONT_SUBTITLE   "DejaVu Serif Bold 11"
#define FONT_TABLE      "DejaVu Sans 7.5"
#define FONT_FOOTER     "DejaVu Sans 7"

typedef struct
{
  const char *key;
  char        section;      /* A, B or C */
  const char *numeral;      /* "I", "II.1", … */
  const char *vi;
  const char *en;
  const char *parent_vi;    /* the heading shared by the pregnancy-loss bands */
  const char *parent_en;
} GroupText;

static const GroupText groups[CD_LIST_N_GROUPS] = {
  { "sickness", 'A', "I", "Ốm đau thông thường", "Ordinary sickness", NULL, NULL },
  { "long_term", 'A', "II", "Ốm đau dài ngày", "Listed long-term disease", NULL, NULL },
  { "sick_child", 'A', "III", "Con ốm", "Caring for a sick child", NULL, NULL },
  { "prenatal", 'B', "I", "Khám thai", "Prenatal check-ups", NULL, NULL },
  { "loss_lt5w", 'B', "II.1", "Thai dưới 5 tuần tuổi", "Under 5 weeks",
    "II. Sẩy thai, nạo hút thai, thai chết lưu hoặc phá thai bệnh lý",
    "II. Miscarriage, abortion, stillbirth or pathological termination" },
  { "loss_5to13w", 'B', "II.2", "Thai từ 5 tuần tuổi đến dưới 13 tuần tuổi",
    "5 to under 13 weeks",
    "II. Sẩy thai, nạo hút thai, thai chết lưu hoặc phá thai bệnh lý",
    "II. Miscarriage, abortion, stillbirth or pathological termination" },
  { "loss_13to22w", 'B', "II.3", "Thai từ 13 tuần tuổi đến dưới 22 tuần tuổi",
    "13 to under 22 weeks",
    "II. Sẩy thai, nạo hút thai, thai chết lưu hoặc phá thai bệnh lý",
    "II. Miscarriage, abortion, stillbirth or pathological termination" },
  { "loss_ge22w", 'B', "II.4", "Thai từ 22 tuần tuổi trở lên", "22 weeks or more",
    "II. Sẩy thai, nạo hút thai, thai chết lưu hoặc phá thai bệnh lý",
    "II. Miscarriage, abortion, stillbirth or pathological termination" },
  { "birth", 'B', "III", "Sinh con", "Childbirth", NULL, NULL },
  { "adoption", 'B', "IV", "Nhận nuôi con nuôi", "Adoption", NULL, NULL },
  { "surrogacy", 'B', "V", "Mang thai hộ", "Surrogacy", NULL, NULL },
  { "male_employee", 'B', "VI", "Lao động nam nghỉ việc khi vợ sinh con",
    "Male employee whose wife gives birth", NULL, NULL },
  { "contraception", 'B', "VII", "Thực hiện biện pháp tránh thai", "Contraception", NULL, NULL },
  { "recovery", 'C', "", "Dưỡng sức, phục hồi sức khỏe", "Recovery", NULL, NULL },
};

static const struct
{
  char        section;
  const char *vi;
  const char *en;
} sections[] = {
  { 'A', "A. ỐM ĐAU", "A. SICKNESS" },
  { 'B', "B. THAI SẢN", "B. MATERNITY" },
  { 'C', "C. DƯỠNG SỨC, PHỤC HỒI SỨC KHỎE", "C. RECOVERY" },
};

const char *
cd_list_group_to_string (CdListGroup group)
{
  g_return_val_if_fail (group < CD_LIST_N_GROUPS, NULL);
  return groups[group].key;
}

gboolean
cd_list_group_from_string (const char  *text,
                           CdListGroup *out)
{
  for (guint i = 0; i < CD_LIST_N_GROUPS; i++)
    if (g_strcmp0 (text, groups[i].key) == 0)
      {
        *out = (CdListGroup) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- totals --------------------------------------------------------------------------------- */

gint64
cd_decision_list_group_total (const CdDecisionList *list,
                              CdListGroup           group)
{
  gint64 total = 0;

  for (guint i = 0; list->rows != NULL && i < list->rows->len; i++)
    {
      const CdDecisionListRow *row = &g_array_index (list->rows, CdDecisionListRow, i);

      if (row->group == group && row->accepted)
        total += row->amount;
    }
  return total;
}

gint64
cd_decision_list_total (const CdDecisionList *list)
{
  gint64 total = 0;

  for (guint g = 0; g < CD_LIST_N_GROUPS; g++)
    total += cd_decision_list_group_total (list, (CdListGroup) g);
  return total;
}

/* The rows by group, then by their number in the employer's list. */
static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const CdDecisionListRow *x = *(const CdDecisionListRow * const *) a;
  const CdDecisionListRow *y = *(const CdDecisionListRow * const *) b;

  if (x->group != y->group)
    return x->group < y->group ? -1 : 1;
  return x->number < y->number ? -1 : x->number > y->number;
}

static GPtrArray *
sorted_rows (const CdDecisionList *list)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (guint i = 0; list->rows != NULL && i < list->rows->len; i++)
    g_ptr_array_add (rows, &g_array_index (list->rows, CdDecisionListRow, i));
  g_ptr_array_sort (rows, compare_rows);
  return rows;
}

/* ---- payment grouping ----------------------------------------------------------------------- */

void
cd_list_payee_free (CdListPayee *payee)
{
  if (payee == NULL)
    return;
  g_clear_pointer (&payee->rows, g_array_unref);
  g_free (payee);
}

static CdListPayee *
payee_new (CdListPayment  payment,
           const char    *account,
           const char    *bank)
{
  CdListPayee *payee = g_new0 (CdListPayee, 1);

  payee->payment = payment;
  payee->account = account;
  payee->bank = bank;
  payee->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  return payee;
}

GPtrArray *
cd_decision_list_group_payments (const CdDecisionList *list)
{
  GPtrArray *payees = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_payee_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) by_account = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  CdListPayee *unit = NULL;

  g_return_val_if_fail (list != NULL, payees);

  rows = sorted_rows (list);
  for (guint i = 0; i < rows->len; i++)
    {
      const CdDecisionListRow *row = g_ptr_array_index (rows, i);
      guint index = (guint) (row - &g_array_index (list->rows, CdDecisionListRow, 0));
      CdListPayee *payee;

      if (!row->accepted)
        continue;
      if (row->payment == CD_LIST_PAY_UNIT)
        {
          if (unit == NULL)
            unit = payee_new (CD_LIST_PAY_UNIT, list->unit_account, list->unit_bank);
          payee = unit;
        }
      else
        {
          /* The same number at two banks is two accounts. */
          g_autofree char *key = g_strdup_printf ("%s\x1f%s", row->account,
                                                  row->bank != NULL ? row->bank : "");

          payee = g_hash_table_lookup (by_account, key);
          if (payee == NULL)
            {
              payee = payee_new (CD_LIST_PAY_ACCOUNT, row->account, row->bank);
              g_ptr_array_add (payees, payee);
              g_hash_table_insert (by_account, g_steal_pointer (&key), payee);
            }
        }
      g_array_append_val (payee->rows, index);
      payee->total += row->amount;
    }
  if (unit != NULL)
    g_ptr_array_add (payees, unit);
  return payees;
}

/* ---- validation ----------------------------------------------------------------------------- */

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CD_LETTER_ERROR, CD_LETTER_ERROR_INVALID_DATA, message);
  return FALSE;
}

static gboolean
blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static gboolean
valid_date (const char *text)
{
  CdDay day;

  return text == NULL || cd_date_parse (text, &day);
}

gboolean
cd_decision_list_validate (const CdDecisionList  *list,
                           GError               **error)
{
  const char *dates[] = { list->received_on, list->deadline, list->decided_on };
  const char *date_names[] = { "list.received_on", "list.deadline", "list.decided_on" };

  g_return_val_if_fail (list != NULL, FALSE);

  if (list->language != NULL && g_strcmp0 (list->language, "vi") != 0
      && g_strcmp0 (list->language, "en") != 0)
    return invalid (error, _("language: “%s” is not vi or en"), list->language);
  if (blank (list->unit_name))
    return invalid (error, _("unit.name: the employer’s name is required"));
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    if (!valid_date (dates[i]))
      return invalid (error, _("%s: “%s” is not a date YYYY-MM-DD"), date_names[i], dates[i]);

  for (guint i = 0; list->rows != NULL && i < list->rows->len; i++)
    {
      const CdDecisionListRow *row = &g_array_index (list->rows, CdDecisionListRow, i);

      if (row->group >= CD_LIST_N_GROUPS)
        return invalid (error, _("rows[%u].group: not a row group"), i);
      if (blank (row->full_name))
        return invalid (error, _("rows[%u].full_name: the employee’s name is required"), i);
      if (blank (row->si_number))
        return invalid (error, _("rows[%u].si_number: the SI number is required"), i);
      if (!valid_date (row->from) || !valid_date (row->to))
        return invalid (error, _("rows[%u].from/to: not a date YYYY-MM-DD"), i);
      if (row->amount < 0 || row->rate < 0 || row->days < 0)
        return invalid (error, _("rows[%u]: amount, rate and days cannot be negative"), i);
      if (row->payment == CD_LIST_PAY_ACCOUNT && blank (row->account))
        return invalid (error, _("rows[%u].account: paid to the employee’s account, but no "
                                 "account number is given"), i);
      if (!row->accepted && blank (row->reason))
        return invalid (error, _("rows[%u].reason: a refused row needs its written reason "
                                 "(L41 Art 48, 62)"), i);
    }
  return TRUE;
}

/* ---- texts ---------------------------------------------------------------------------------- */

typedef struct
{
  const CdDecisionList *list;
  gboolean              vi;
  CdLetterLayout       *layout;
  CdLetterRow          *header;   /* the table header, repeated on each page */
} Doc;

static const char *
pick (const Doc  *doc,
      const char *vi,
      const char *en)
{
  return doc->vi ? vi : en;
}

static const char *
title_text (const Doc *doc)
{
  const char *code = doc->list->dossier_code;

  /* The result named by QĐ 863 for each dossier (procedure-2026.md §1.6). */
  if (g_strcmp0 (code, "630a") == 0)
    return pick (doc, "DANH SÁCH GIẢI QUYẾT HƯỞNG CHẾ ĐỘ ỐM ĐAU",
                 "LIST OF DECIDED SICKNESS BENEFIT CLAIMS");
  if (g_strcmp0 (code, "630b") == 0)
    return pick (doc, "DANH SÁCH GIẢI QUYẾT HƯỞNG CHẾ ĐỘ THAI SẢN",
                 "LIST OF DECIDED MATERNITY BENEFIT CLAIMS");
  if (g_strcmp0 (code, "630c") == 0)
    return pick (doc, "DANH SÁCH GIẢI QUYẾT HƯỞNG TRỢ CẤP DƯỠNG SỨC PHỤC HỒI SỨC KHỎE",
                 "LIST OF DECIDED RECOVERY ALLOWANCE CLAIMS");
  return pick (doc, "DANH SÁCH GIẢI QUYẾT HƯỞNG CHẾ ĐỘ ỐM ĐAU, THAI SẢN, DƯỠNG SỨC PHỤC HỒI "
                    "SỨC KHỎE",
               "LIST OF DECIDED SICKNESS, MATERNITY AND RECOVERY BENEFIT CLAIMS");
}

static char *
number_text (const Doc *doc)
{
  const CdDecisionList *list = doc->list;
  g_autofree char *number = cd_letter_escape_or_blank (list->number);
  g_autofree char *code = NULL;

  if (list->number == NULL || strchr (list->number, '/') != NULL)
    return g_steal_pointer (&number);
  code = g_markup_escape_text (!blank (list->office_code) ? list->office_code : "BHXH", -1);
  return g_strconcat (number, "/DS-", code, NULL);
}

static char *
days_text (const CdDecisionListRow *row)
{
  g_autofree char *days = cd_format_quantity_vi (row->days);

  /* Over a month the form writes "months-days" (01B-HSB column 4). */
  if (row->months > 0)
    return g_strdup_printf ("%u-%s", row->months, days);
  return g_steal_pointer (&days);
}

static char *
rate_text (const Doc               *doc,
           const CdDecisionListRow *row)
{
  g_autofree char *rate = cd_format_integer_vi (row->rate);

  return g_strdup_printf ("%s/%s", rate, row->rate_monthly ? pick (doc, "tháng", "month")
                                                           : pick (doc, "ngày", "day"));
}

static char *
payment_text (const Doc               *doc,
              const CdDecisionListRow *row)
{
  g_autofree char *account = NULL;
  g_autofree char *bank = NULL;

  if (row->payment == CD_LIST_PAY_UNIT)
    return g_strdup (pick (doc, "Qua đơn vị", "Via the unit"));
  account = g_markup_escape_text (row->account, -1);
  if (blank (row->bank))
    return g_steal_pointer (&account);
  bank = g_markup_escape_text (row->bank, -1);
  return g_strdup_printf ("%s\n%s", account, bank);
}

static char *
money (gint64 amount)
{
  return cd_format_integer_vi (amount);
}

/* ---- the table ------------------------------------------------------------------------------ */

typedef enum
{
  COL_NUMBER, COL_NAME, COL_SI, COL_FROM, COL_TO, COL_DAYS, COL_RATE, COL_AMOUNT, COL_PAYMENT,
  COL_RESULT, N_COLS
} Column;

/* Widths in points; the result column takes what is left of the landscape page. */
static const double column_widths[N_COLS - 1] = { 26, 140, 62, 52, 52, 40, 74, 72, 150 };

static double
column_x (Column column)
{
  double x = 0;

  for (guint i = 0; i < column; i++)
    x += column_widths[i];
  return x;
}

static double
column_width (Column column)
{
  return column == COL_RESULT ? CONTENT_WIDTH - column_x (COL_RESULT) : column_widths[column];
}

static CdLetterRow *
add_table_row (Doc              *doc,
               CdLetterCellFlags extra,
               const char       *cells[N_COLS])
{
  static const PangoAlignment align[N_COLS] = {
    PANGO_ALIGN_CENTER, PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER,
    PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT, PANGO_ALIGN_LEFT,
    PANGO_ALIGN_CENTER,
  };
  CdLetterRow *row = cd_letter_layout_add_row (doc->layout, 0);

  for (guint c = 0; c < N_COLS; c++)
    cd_letter_row_add_cell (row, column_x (c), column_width (c), FONT_TABLE,
                            extra & CD_LETTER_CELL_SHADED ? PANGO_ALIGN_CENTER : align[c],
                            CD_LETTER_CELL_BOXED | extra, cells[c] != NULL ? cells[c] : "");
  cd_letter_row_set_table_header (row, doc->header);
  return row;
}

/* A row with one cell across the whole table (a section or group heading). */
static CdLetterRow *
add_span_row (Doc        *doc,
              const char *markup)
{
  CdLetterRow *row = cd_letter_layout_add_row (doc->layout, 0);

  cd_letter_row_add_cell (row, 0, CONTENT_WIDTH, FONT_TABLE, PANGO_ALIGN_LEFT,
                          CD_LETTER_CELL_BOXED, markup);
  cd_letter_row_set_table_header (row, doc->header);
  /* A heading never ends a page: it goes with its first row. */
  cd_letter_row_set_keep_with_next (row, TRUE);
  return row;
}

/* A subtotal or total: the label across the columns before the amount, the amount under it. */
static void
add_sum_row (Doc        *doc,
             const char *label,
             gint64      amount)
{
  CdLetterRow *row = cd_letter_layout_add_row (doc->layout, 0);
  g_autofree char *figure = money (amount);
  g_autofree char *bold = g_strdup_printf ("<b>%s</b>", figure);

  cd_letter_row_add_cell (row, 0, column_x (COL_AMOUNT), FONT_TABLE, PANGO_ALIGN_RIGHT,
                          CD_LETTER_CELL_BOXED, label);
  cd_letter_row_add_cell (row, column_x (COL_AMOUNT), column_width (COL_AMOUNT), FONT_TABLE,
                          PANGO_ALIGN_RIGHT, CD_LETTER_CELL_BOXED, bold);
  cd_letter_row_add_cell (row, column_x (COL_PAYMENT), CONTENT_WIDTH - column_x (COL_PAYMENT),
                          FONT_TABLE, PANGO_ALIGN_LEFT, CD_LETTER_CELL_BOXED, "");
  cd_letter_row_set_table_header (row, doc->header);
}

static void
add_header_row (Doc *doc)
{
  const char *cells[N_COLS] = {
    pick (doc, "<b>STT</b>", "<b>No.</b>"),
    pick (doc, "<b>Họ và tên</b>", "<b>Full name</b>"),
    pick (doc, "<b>Mã số BHXH</b>", "<b>SI number</b>"),
    pick (doc, "<b>Từ ngày</b>", "<b>From</b>"),
    pick (doc, "<b>Đến ngày</b>", "<b>To</b>"),
    pick (doc, "<b>Số ngày</b>", "<b>Days</b>"),
    pick (doc, "<b>Mức hưởng</b>", "<b>Rate</b>"),
    pick (doc, "<b>Số tiền (đồng)</b>", "<b>Amount (VND)</b>"),
    pick (doc, "<b>Hình thức nhận</b>", "<b>Paid to</b>"),
    pick (doc, "<b>Kết quả</b>", "<b>Result</b>"),
  };

  doc->header = NULL;
  doc->header = add_table_row (doc, CD_LETTER_CELL_SHADED, cells);
  cd_letter_row_set_table_header (doc->header, NULL);
}

static void
add_row (Doc                     *doc,
         const CdDecisionListRow *row)
{
  g_autofree char *number = g_strdup_printf ("%u", row->number);
  g_autofree char *name = g_markup_escape_text (row->full_name, -1);
  g_autofree char *si = g_markup_escape_text (row->si_number, -1);
  g_autofree char *from = cd_letter_short_date (row->from);
  g_autofree char *to = cd_letter_short_date (row->to);
  g_autofree char *days = days_text (row);
  /* A refusal that nothing priced (no rate given) shows a dash, not "0/ngày". */
  g_autofree char *rate = row->accepted || row->rate > 0 ? rate_text (doc, row) : g_strdup ("—");
  g_autofree char *amount = row->accepted ? money (row->amount) : g_strdup ("—");
  g_autofree char *payment = payment_text (doc, row);
  const char *cells[N_COLS] = {
    number, name, si, from, to, days, rate, amount, payment,
    row->accepted ? pick (doc, "Giải quyết", "Accepted")
                  : pick (doc, "<b>Không giải quyết</b>", "<b>Refused</b>"),
  };

  add_table_row (doc, CD_LETTER_CELL_PLAIN, cells);
}

static void
add_group_sum (Doc         *doc,
               CdListGroup  group,
               guint        accepted,
               guint        refused)
{
  const GroupText *text = &groups[group];
  g_autofree char *label = NULL;

  if (doc->vi)
    label = g_strdup_printf ("<b>Cộng %c%s%s</b> (%u người được giải quyết, %u không giải quyết)",
                             text->section, *text->numeral ? "." : "", text->numeral, accepted,
                             refused);
  else
    label = g_strdup_printf ("<b>Subtotal %c%s%s</b> (%u accepted, %u refused)", text->section,
                             *text->numeral ? "." : "", text->numeral, accepted, refused);
  add_sum_row (doc, label, cd_decision_list_group_total (doc->list, group));
}

static void
add_table (Doc       *doc,
           GPtrArray *rows)
{
  char section = 0;
  const char *parent = NULL;
  guint i = 0;
  guint accepted_all = 0;
  g_autofree char *total_label = NULL;

  add_header_row (doc);
  cd_letter_row_set_keep_with_next (doc->header, TRUE);

  while (i < rows->len)
    {
      const CdDecisionListRow *first = g_ptr_array_index (rows, i);
      const GroupText *text = &groups[first->group];
      g_autofree char *heading = NULL;
      guint accepted = 0, refused = 0;

      if (text->section != section)
        {
          section = text->section;
          for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
            if (sections[s].section == section)
              {
                g_autofree char *markup = g_strdup_printf ("<b>%s</b>",
                                                           pick (doc, sections[s].vi,
                                                                 sections[s].en));
                add_span_row (doc, markup);
              }
          parent = NULL;
        }
      if (text->parent_vi != NULL && g_strcmp0 (parent, text->parent_vi) != 0)
        {
          g_autofree char *escaped = g_markup_escape_text (pick (doc, text->parent_vi,
                                                                 text->parent_en), -1);
          g_autofree char *markup = g_strdup_printf ("<b>%s</b>", escaped);
          add_span_row (doc, markup);
        }
      parent = text->parent_vi;
      if (*text->numeral != '\0')
        heading = g_strdup_printf ("<b>%s. %s</b>", text->numeral, pick (doc, text->vi, text->en));
      else
        heading = g_strdup_printf ("<b>%s</b>", pick (doc, text->vi, text->en));
      add_span_row (doc, heading);

      for (; i < rows->len; i++)
        {
          const CdDecisionListRow *row = g_ptr_array_index (rows, i);

          if (row->group != first->group)
            break;
          add_row (doc, row);
          if (row->accepted)
            accepted++;
          else
            refused++;
        }
      accepted_all += accepted;
      add_group_sum (doc, first->group, accepted, refused);
    }

  if (doc->vi)
    total_label = g_strdup_printf ("<b>TỔNG CỘNG</b> (%u người được giải quyết)", accepted_all);
  else
    total_label = g_strdup_printf ("<b>GRAND TOTAL</b> (%u accepted)", accepted_all);
  add_sum_row (doc, total_label, cd_decision_list_total (doc->list));
}

/* ---- the other parts ------------------------------------------------------------------------ */

static void
add_heading (Doc *doc)
{
  const CdDecisionList *list = doc->list;
  g_autofree char *number = number_text (doc);
  g_autofree char *number_line = g_strconcat (pick (doc, "Số: ", "No. "), number, NULL);
  g_autofree char *date = doc->vi ? cd_format_date_long_vi (list->decided_on)
                                  : cd_format_date_long_en (list->decided_on);
  g_autofree char *place = !blank (list->office_place)
                           ? g_markup_escape_text (list->office_place, -1) : NULL;
  g_autofree char *date_line = NULL;

  if (date == NULL)
    date = g_strdup (pick (doc, "ngày …… tháng …… năm ……", "…………"));
  if (place != NULL)
    date_line = g_strdup_printf ("<i>%s, %s</i>", place, date);
  else
    date_line = g_strdup_printf ("<i>%s%s</i>", doc->vi ? "" : "Date: ", date);
  cd_letter_add_heading (doc->layout, doc->vi, list->office_parent, list->office_name, 260,
                         CONTENT_WIDTH, number_line, date_line);
}

static void
add_title (Doc *doc)
{
  const CdDecisionList *list = doc->list;
  g_autofree char *batch = cd_letter_escape_or_blank (list->batch);
  g_autofree char *period = cd_letter_escape_or_blank (list->period);
  g_autofree char *code = cd_letter_escape_or_blank (list->dossier_code);
  g_autofree char *unit = cd_letter_escape_or_blank (list->unit_name);
  g_autofree char *unit_code = cd_letter_escape_or_blank (list->unit_code);
  g_autofree char *account = cd_letter_escape_or_blank (list->unit_account);
  g_autofree char *bank = cd_letter_escape_or_blank (list->unit_bank);
  g_autofree char *received = cd_letter_short_date (list->received_on);
  g_autofree char *deadline = cd_letter_short_date (list->deadline);
  g_autofree char *subtitle = NULL;
  g_autofree char *details = NULL;

  cd_letter_layout_add_paragraph (doc->layout, 14, 0, FONT_TITLE, PANGO_ALIGN_CENTER,
                                  title_text (doc));
  if (doc->vi)
    {
      subtitle = g_strdup_printf ("<i>Đợt %s, kỳ %s — Mã hồ sơ %s</i>", batch, period, code);
      details = g_strdup_printf ("Đơn vị: <b>%s</b> — Mã đơn vị: %s\n"
                                 "Tài khoản của đơn vị: %s tại %s\n"
                                 "Ngày nhận danh sách: %s — Hạn giải quyết: %s",
                                 unit, unit_code, account, bank, received, deadline);
    }
  else
    {
      subtitle = g_strdup_printf ("<i>Batch %s, period %s — Dossier %s</i>", batch, period, code);
      details = g_strdup_printf ("Unit: <b>%s</b> — Unit code: %s\n"
                                 "Unit's account: %s at %s\n"
                                 "List received on: %s — Decision due by: %s",
                                 unit, unit_code, account, bank, received, deadline);
    }
  cd_letter_layout_add_paragraph (doc->layout, 3, 0, FONT_BODY, PANGO_ALIGN_CENTER, subtitle);
  cd_letter_layout_add_paragraph (doc->layout, 8, 0, FONT_BODY, PANGO_ALIGN_LEFT, details);
  cd_letter_layout_add_paragraph (doc->layout, 6, 0, FONT_SUBTITLE, PANGO_ALIGN_LEFT,
                                  pick (doc, "I. CÁC TRƯỜNG HỢP ĐƯỢC GIẢI QUYẾT",
                                        "I. THE ROWS DECIDED"));
}

static void
add_refusals (Doc       *doc,
              GPtrArray *rows)
{
  const double widths[] = { 26, 160, 70, 150 };
  CdLetterRow *header, *row;
  double x = 0;
  guint refused = 0;
  const char *heads[] = {
    pick (doc, "<b>STT</b>", "<b>No.</b>"),
    pick (doc, "<b>Họ và tên</b>", "<b>Full name</b>"),
    pick (doc, "<b>Mã số BHXH</b>", "<b>SI number</b>"),
    pick (doc, "<b>Nhóm</b>", "<b>Group</b>"),
    pick (doc, "<b>Lý do không giải quyết</b>", "<b>Reason for the refusal</b>"),
  };

  row = cd_letter_layout_add_paragraph (doc->layout, 14, 0, FONT_SUBTITLE, PANGO_ALIGN_LEFT,
                                        pick (doc, "II. CÁC TRƯỜNG HỢP KHÔNG GIẢI QUYẾT VÀ LÝ DO",
                                              "II. REFUSED ROWS AND THE REASONS"));
  cd_letter_row_set_keep_with_next (row, TRUE);

  for (guint i = 0; i < rows->len; i++)
    if (!((const CdDecisionListRow *) g_ptr_array_index (rows, i))->accepted)
      refused++;
  if (refused == 0)
    {
      cd_letter_layout_add_paragraph (doc->layout, 4, 0, FONT_BODY, PANGO_ALIGN_LEFT,
                                      pick (doc, "Không có trường hợp nào không được giải quyết.",
                                            "No row is refused."));
      return;
    }

  header = cd_letter_layout_add_row (doc->layout, 4);
  for (guint c = 0; c < G_N_ELEMENTS (heads); c++)
    {
      double width = c < G_N_ELEMENTS (widths) ? widths[c] : CONTENT_WIDTH - x;

      cd_letter_row_add_cell (header, x, width, FONT_TABLE, PANGO_ALIGN_CENTER,
                              CD_LETTER_CELL_BOXED | CD_LETTER_CELL_SHADED, heads[c]);
      x += width;
    }
  cd_letter_row_set_keep_with_next (header, TRUE);

  for (guint i = 0; i < rows->len; i++)
    {
      const CdDecisionListRow *refusal = g_ptr_array_index (rows, i);
      const GroupText *text = &groups[refusal->group];
      g_autofree char *number = NULL;
      g_autofree char *name = NULL;
      g_autofree char *si = NULL;
      g_autofree char *group = NULL;
      g_autofree char *reason = NULL;
      const char *cells[5];

      if (refusal->accepted)
        continue;
      number = g_strdup_printf ("%u", refusal->number);
      name = g_markup_escape_text (refusal->full_name, -1);
      si = g_markup_escape_text (refusal->si_number, -1);
      group = g_strdup_printf ("%c%s%s %s", text->section, *text->numeral ? "." : "",
                               text->numeral, pick (doc, text->vi, text->en));
      reason = g_markup_escape_text (refusal->reason, -1);
      cells[0] = number;
      cells[1] = name;
      cells[2] = si;
      cells[3] = group;
      cells[4] = reason;

      row = cd_letter_layout_add_row (doc->layout, 0);
      x = 0;
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          double width = c < G_N_ELEMENTS (widths) ? widths[c] : CONTENT_WIDTH - x;

          cd_letter_row_add_cell (row, x, width, FONT_TABLE,
                                  c == 0 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT,
                                  CD_LETTER_CELL_BOXED, cells[c]);
          x += width;
        }
      cd_letter_row_set_table_header (row, header);
    }
}

static void
add_signatures (Doc *doc)
{
  const CdDecisionList *list = doc->list;
  const double width = CONTENT_WIDTH / 2;
  g_autofree char *preparer = NULL;
  g_autofree char *approver = NULL;
  CdLetterRow *row;

  preparer = cd_letter_signer_markup (doc->vi, &list->preparer,
                                      pick (doc, "NGƯỜI LẬP BIỂU", "PREPARED BY"),
                                      pick (doc, "(Ký, ghi rõ họ tên)", "(Signature, full name)"));
  approver = cd_letter_signer_markup (doc->vi, &list->approver, pick (doc, "GIÁM ĐỐC", "DIRECTOR"),
                                      pick (doc, "(Ký, ghi rõ họ tên, đóng dấu)",
                                            "(Signature, full name, seal)"));
  row = cd_letter_layout_add_row (doc->layout, 16);
  cd_letter_row_add_cell (row, 0, width, FONT_BODY, PANGO_ALIGN_CENTER, CD_LETTER_CELL_PLAIN,
                          preparer);
  cd_letter_row_add_cell (row, width, width, FONT_BODY, PANGO_ALIGN_CENTER, CD_LETTER_CELL_PLAIN,
                          approver);
}

static void
draw_footer (const Doc *doc,
             cairo_t   *cr,
             guint      page,
             guint      n_pages)
{
  g_autofree char *number = number_text (doc);
  g_autofree char *unit = cd_letter_escape_or_blank (doc->list->unit_code);
  g_autofree char *batch = cd_letter_escape_or_blank (doc->list->batch);
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;

  if (doc->vi)
    {
      left = g_strdup_printf ("Danh sách giải quyết số %s · Đơn vị %s · Đợt %s", number, unit,
                              batch);
      right = g_strdup_printf ("Trang %u/%u", page + 1, n_pages);
    }
  else
    {
      left = g_strdup_printf ("Decision list No. %s · Unit %s · Batch %s", number, unit, batch);
      right = g_strdup_printf ("Page %u of %u", page + 1, n_pages);
    }
  cd_letter_draw_footer (doc->layout, cr, MARGIN_LEFT, PAGE_HEIGHT - MARGIN_BOTTOM + 12,
                         CONTENT_WIDTH, FONT_FOOTER, left, right);
}

static void
draw_pages (cairo_t  *cr,
            gpointer  user_data)
{
  Doc *doc = user_data;
  g_autoptr(GPtrArray) rows = sorted_rows (doc->list);
  guint n_pages;

  doc->layout = cd_letter_layout_new (cr, CONTENT_WIDTH);
  /* Officers search the list's PDF for names and copy account numbers out of it. */
  cd_letter_layout_set_kerning (doc->layout, FALSE);
  add_heading (doc);
  add_title (doc);
  add_table (doc, rows);
  add_refusals (doc, rows);
  add_signatures (doc);

  n_pages = cd_letter_layout_paginate (doc->layout, CONTENT_HEIGHT);
  for (guint page = 0; page < n_pages; page++)
    {
      cd_letter_layout_draw_page (doc->layout, cr, page, MARGIN_LEFT, MARGIN_TOP);
      draw_footer (doc, cr, page, n_pages);
      cairo_show_page (cr);
    }
  g_clear_pointer (&doc->layout, cd_letter_layout_free);
}

gboolean
cd_decision_list_render_to_stream (const CdDecisionList  *list,
                                   GOutputStream         *stream,
                                   GCancellable          *cancellable,
                                   GError               **error)
{
  Doc doc = { 0 };
  g_autofree char *title = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cd_decision_list_validate (list, error))
    return FALSE;

  doc.list = list;
  doc.vi = list->language == NULL || g_str_equal (list->language, "vi");
  title = g_strdup_printf ("%s %s", pick (&doc, "Danh sách giải quyết", "Decision list"),
                           list->number != NULL ? list->number : "");
  if (cd_letter_pdf_to_stream (stream, PAGE_WIDTH, PAGE_HEIGHT, title, list->office_name,
                               draw_pages, &doc, cancellable, &local_error))
    return TRUE;
  if (g_error_matches (local_error, CD_LETTER_ERROR, CD_LETTER_ERROR_RENDER))
    g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_RENDER,
                 _("Cannot draw the decision list: %s"), local_error->message);
  else
    g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_WRITE,
                 _("Cannot write the decision list: %s"), local_error->message);
  return FALSE;
}

static gboolean
write_pdf (GOutputStream  *stream,
           gpointer        user_data,
           GError        **error)
{
  return cd_decision_list_render_to_stream (user_data, stream, NULL, error);
}

static gboolean
write_to_path (const CdDecisionList  *list,
               const char            *path,
               CdLetterWriteFunc      write,
               GError               **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Bad data fails before anything touches the disk. */
  if (!cd_decision_list_validate (list, error))
    return FALSE;
  if (cd_letter_write_file (path, write, (gpointer) list, &local_error))
    return TRUE;
  if (local_error->domain == CD_LETTER_ERROR && local_error->code != CD_LETTER_ERROR_WRITE)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_WRITE,
                 _("Cannot write the decision list to “%s”: %s"), path, local_error->message);
  return FALSE;
}

gboolean
cd_decision_list_render_pdf (const CdDecisionList  *list,
                             const char            *path,
                             GError               **error)
{
  return write_to_path (list, path, write_pdf, error);
}

/* ---- CSV ------------------------------------------------------------------------------------ */

/* A field after a comma (RFC 4180, cd-csv.h); a text from outside the office (names, reasons)
 * is guarded against a spreadsheet running it as a formula. */
static void
append_field (GString    *out,
              const char *text,
              gboolean    is_text)
{
  g_string_append_c (out, ',');
  cd_csv_append_field (out, text, is_text ? CD_CSV_GUARD_FORMULA : CD_CSV_PLAIN);
}

static void
end_line (GString *out)
{
  g_string_append (out, "\r\n");
}

static const char * const csv_columns[] = {
  "line", "group", "row", "full_name", "si_number", "from", "to", "months", "days", "rate",
  "rate_unit", "amount", "payment", "account", "bank", "result", "reason",
};

static void
append_sum (GString    *out,
            const char *line,
            const char *group,
            gint64      amount)
{
  g_autofree char *figure = g_strdup_printf ("%" G_GINT64_FORMAT, amount);

  for (guint c = 0; c < G_N_ELEMENTS (csv_columns); c++)
    {
      const char *column = csv_columns[c];
      const char *value = NULL;

      if (g_str_equal (column, "line"))
        value = line;
      else if (g_str_equal (column, "group"))
        value = group;
      else if (g_str_equal (column, "amount"))
        value = figure;
      if (c == 0)
        g_string_append (out, value);
      else
        {
          g_string_append_c (out, ',');
          if (value != NULL)
            g_string_append (out, value);
        }
    }
  end_line (out);
}

static void
append_row (GString                 *out,
            const CdDecisionListRow *row)
{
  g_autofree char *number = g_strdup_printf ("%u", row->number);
  g_autofree char *months = g_strdup_printf ("%u", row->months);
  g_autofree char *days = g_strdup_printf ("%g", row->days);
  g_autofree char *rate = g_strdup_printf ("%" G_GINT64_FORMAT, row->rate);
  g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             row->accepted ? row->amount : (gint64) 0);

  g_string_append (out, "row");
  append_field (out, groups[row->group].key, FALSE);
  append_field (out, number, FALSE);
  append_field (out, row->full_name, TRUE);
  append_field (out, row->si_number, TRUE);
  append_field (out, row->from, FALSE);
  append_field (out, row->to, FALSE);
  append_field (out, months, FALSE);
  append_field (out, days, FALSE);
  append_field (out, rate, FALSE);
  append_field (out, row->rate_monthly ? "month" : "day", FALSE);
  append_field (out, amount, FALSE);
  append_field (out, row->payment == CD_LIST_PAY_UNIT ? "unit" : "account", FALSE);
  append_field (out, row->account, TRUE);
  append_field (out, row->bank, TRUE);
  append_field (out, row->accepted ? "accepted" : "refused", FALSE);
  append_field (out, row->accepted ? NULL : row->reason, TRUE);
  end_line (out);
}

gboolean
cd_decision_list_csv_to_stream (const CdDecisionList  *list,
                                GOutputStream         *stream,
                                GCancellable          *cancellable,
                                GError               **error)
{
  g_autoptr(GString) out = g_string_new (CD_CSV_BOM);   /* Excel reads UTF-8 */
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!cd_decision_list_validate (list, error))
    return FALSE;

  for (guint c = 0; c < G_N_ELEMENTS (csv_columns); c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      g_string_append (out, csv_columns[c]);
    }
  end_line (out);

  rows = sorted_rows (list);
  for (guint i = 0; i < rows->len; i++)
    {
      const CdDecisionListRow *row = g_ptr_array_index (rows, i);
      const CdDecisionListRow *next = i + 1 < rows->len ? g_ptr_array_index (rows, i + 1) : NULL;

      append_row (out, row);
      if (next == NULL || next->group != row->group)
        append_sum (out, "subtotal", groups[row->group].key,
                    cd_decision_list_group_total (list, row->group));
    }
  append_sum (out, "total", NULL, cd_decision_list_total (list));

  if (g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, &local_error)
      && g_output_stream_flush (stream, cancellable, &local_error))
    return TRUE;
  g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_WRITE,
               _("Cannot write the decision list: %s"), local_error->message);
  return FALSE;
}

static gboolean
write_csv (GOutputStream  *stream,
           gpointer        user_data,
           GError        **error)
{
  return cd_decision_list_csv_to_stream (user_data, stream, NULL, error);
}

gboolean
cd_decision_list_write_csv (const CdDecisionList  *list,
                            const char            *path,
                            GError               **error)
{
  return write_to_path (list, path, write_csv, error);
}

/* ---- the payout's transfers as CSV ---------------------------------------------------------- */

static const char * const payment_columns[] = {
  "line", "payment", "account", "bank", "rows", "count", "total",
};

gboolean
cd_decision_list_payments_csv_to_stream (const CdDecisionList  *list,
                                         GOutputStream         *stream,
                                         GCancellable          *cancellable,
                                         GError               **error)
{
  g_autoptr(GString) out = g_string_new (CD_CSV_BOM);   /* as the list's CSV */
  g_autoptr(GPtrArray) payees = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *total = NULL;
  guint n_rows = 0;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!cd_decision_list_validate (list, error))
    return FALSE;

  for (guint c = 0; c < G_N_ELEMENTS (payment_columns); c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      g_string_append (out, payment_columns[c]);
    }
  end_line (out);

  payees = cd_decision_list_group_payments (list);
  for (guint i = 0; i < payees->len; i++)
    {
      const CdListPayee *payee = g_ptr_array_index (payees, i);
      g_autoptr(GString) numbers = g_string_new (NULL);
      g_autofree char *count = g_strdup_printf ("%u", payee->rows->len);
      g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, payee->total);

      for (guint r = 0; r < payee->rows->len; r++)
        g_string_append_printf (numbers, "%s%u", r > 0 ? " " : "",
                                g_array_index (list->rows, CdDecisionListRow,
                                               g_array_index (payee->rows, guint, r)).number);
      g_string_append (out, "payee");
      append_field (out, payee->payment == CD_LIST_PAY_UNIT ? "unit" : "account", FALSE);
      append_field (out, payee->account, TRUE);
      append_field (out, payee->bank, TRUE);
      append_field (out, numbers->str, FALSE);
      append_field (out, count, FALSE);
      append_field (out, amount, FALSE);
      end_line (out);
      n_rows += payee->rows->len;
    }
  total = g_strdup_printf ("total,,,,,%u,%" G_GINT64_FORMAT, n_rows,
                           cd_decision_list_total (list));
  g_string_append (out, total);
  end_line (out);

  if (g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, &local_error)
      && g_output_stream_flush (stream, cancellable, &local_error))
    return TRUE;
  g_set_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_WRITE,
               _("Cannot write the payments of the decision list: %s"), local_error->message);
  return FALSE;
}

static gboolean
write_payments_csv (GOutputStream  *stream,
                    gpointer        user_data,
                    GError        **error)
{
  return cd_decision_list_payments_csv_to_stream (user_data, stream, NULL, error);
}

gboolean
cd_decision_list_write_payments_csv (const CdDecisionList  *list,
                                     const char            *path,
                                     GError               **error)
{
  return write_to_path (list, path, write_payments_csv, error);
}

/* ---- reading the list from JSON ------------------------------------------------------------- */

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static gboolean
read_string (JsonObject   *object,
             const char   *where,
             const char   *name,
             const char  **out,
             GError      **error)
{
  JsonNode *node = member (object, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, _("%s%s: expected a string"), where, name);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_object (JsonObject   *object,
             const char   *name,
             JsonObject  **out,
             GError      **error)
{
  JsonNode *node = member (object, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("%s: expected an object"), name);
  *out = json_node_get_object (node);
  return TRUE;
}

/* A whole number from 0 to `max`; absent is 0 unless required. */
static gboolean
read_whole (JsonObject  *object,
            const char  *where,
            const char  *name,
            gboolean     required,
            gint64       max,
            gint64      *out,
            GError     **error)
{
  JsonNode *node = member (object, name);

  *out = 0;
  if (node == NULL)
    return !required || invalid (error, _("%s%s: required"), where, name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < 0 || json_node_get_int (node) > max)
    {
      g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      return invalid (error, _("%s%s: expected a whole number from 0 to %s"), where, name, limit);
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_signer (JsonObject      *object,
             const char      *name,
             CdLetterSigner  *signer,
             GError         **error)
{
  JsonObject *inner;
  g_autofree char *where = g_strconcat (name, ".", NULL);

  return read_object (object, name, &inner, error)
         && read_string (inner, where, "name", &signer->name, error)
         && read_string (inner, where, "title", &signer->title, error)
         && read_string (inner, where, "date", &signer->date, error);
}

static gboolean
read_row (JsonNode           *node,
          guint               index,
          CdDecisionListRow  *row,
          GError            **error)
{
  g_autofree char *where = g_strdup_printf ("rows[%u].", index);
  JsonObject *object;
  JsonNode *days, *accepted;
  const char *group = NULL, *rate_unit = NULL, *payment = NULL;
  gint64 number, months;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("rows[%u]: expected an object"), index);
  object = json_node_get_object (node);

  if (!read_string (object, where, "group", &group, error))
    return FALSE;
  if (!cd_list_group_from_string (group, &row->group))
    return invalid (error, _("rows[%u].group: “%s” is not a row group (sickness, long_term, "
                             "sick_child, prenatal, loss_lt5w, loss_5to13w, loss_13to22w, "
                             "loss_ge22w, birth, adoption, surrogacy, male_employee, "
                             "contraception, recovery)"), index, group != NULL ? group : "");
  if (!read_whole (object, where, "row", TRUE, G_MAXUINT, &number, error)
      || !read_whole (object, where, "months", FALSE, 1200, &months, error)
      || !read_whole (object, where, "rate", FALSE, G_MAXINT64 / 4, &row->rate, error)
      || !read_whole (object, where, "amount", FALSE, G_MAXINT64 / 4, &row->amount, error)
      || !read_string (object, where, "full_name", &row->full_name, error)
      || !read_string (object, where, "si_number", &row->si_number, error)
      || !read_string (object, where, "from", &row->from, error)
      || !read_string (object, where, "to", &row->to, error)
      || !read_string (object, where, "rate_unit", &rate_unit, error)
      || !read_string (object, where, "payment", &payment, error)
      || !read_string (object, where, "account", &row->account, error)
      || !read_string (object, where, "bank", &row->bank, error)
      || !read_string (object, where, "reason", &row->reason, error))
    return FALSE;
  row->number = (guint) number;
  row->months = (guint) months;

  days = member (object, "days");
  if (days != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (days)
          || (json_node_get_value_type (days) != G_TYPE_INT64
              && json_node_get_value_type (days) != G_TYPE_DOUBLE)
          || json_node_get_double (days) < 0 || json_node_get_double (days) > 100000)
        return invalid (error, _("rows[%u].days: expected a number of days"), index);
      row->days = json_node_get_double (days);
    }

  if (rate_unit == NULL || g_str_equal (rate_unit, "day"))
    row->rate_monthly = FALSE;
  else if (g_str_equal (rate_unit, "month"))
    row->rate_monthly = TRUE;
  else
    return invalid (error, _("rows[%u].rate_unit: “%s” is not day or month"), index, rate_unit);

  if (payment == NULL)
    row->payment = row->account != NULL ? CD_LIST_PAY_ACCOUNT : CD_LIST_PAY_UNIT;
  else if (g_str_equal (payment, "account"))
    row->payment = CD_LIST_PAY_ACCOUNT;
  else if (g_str_equal (payment, "unit"))
    row->payment = CD_LIST_PAY_UNIT;
  else
    return invalid (error, _("rows[%u].payment: “%s” is not account or unit"), index, payment);

  accepted = member (object, "accepted");
  if (accepted == NULL || !JSON_NODE_HOLDS_VALUE (accepted)
      || json_node_get_value_type (accepted) != G_TYPE_BOOLEAN)
    return invalid (error, _("rows[%u].accepted: expected true or false"), index);
  row->accepted = json_node_get_boolean (accepted);
  return TRUE;
}

gboolean
cd_decision_list_init_from_json (CdDecisionList  *list,
                                 JsonObject      *object,
                                 GError         **error)
{
  JsonObject *office, *unit, *meta;
  JsonNode *rows;
  JsonArray *array;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  memset (list, 0, sizeof *list);
  if (!read_object (object, "office", &office, error)
      || !read_object (object, "unit", &unit, error)
      || !read_object (object, "list", &meta, error)
      || !read_string (object, "", "language", &list->language, error)
      || !read_string (office, "office.", "parent", &list->office_parent, error)
      || !read_string (office, "office.", "name", &list->office_name, error)
      || !read_string (office, "office.", "code", &list->office_code, error)
      || !read_string (office, "office.", "place", &list->office_place, error)
      || !read_string (unit, "unit.", "name", &list->unit_name, error)
      || !read_string (unit, "unit.", "code", &list->unit_code, error)
      || !read_string (unit, "unit.", "account", &list->unit_account, error)
      || !read_string (unit, "unit.", "bank", &list->unit_bank, error)
      || !read_string (meta, "list.", "number", &list->number, error)
      || !read_string (meta, "list.", "batch", &list->batch, error)
      || !read_string (meta, "list.", "dossier_code", &list->dossier_code, error)
      || !read_string (meta, "list.", "period", &list->period, error)
      || !read_string (meta, "list.", "received_on", &list->received_on, error)
      || !read_string (meta, "list.", "deadline", &list->deadline, error)
      || !read_string (meta, "list.", "decided_on", &list->decided_on, error)
      || !read_signer (object, "preparer", &list->preparer, error)
      || !read_signer (object, "approver", &list->approver, error))
    return FALSE;

  rows = member (object, "rows");
  if (rows == NULL || !JSON_NODE_HOLDS_ARRAY (rows))
    return invalid (error, _("rows: expected an array of rows"));
  array = json_node_get_array (rows);
  list->rows = g_array_sized_new (FALSE, TRUE, sizeof (CdDecisionListRow),
                                  json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      CdDecisionListRow row = { 0 };

      if (!read_row (json_array_get_element (array, i), i, &row, error))
        {
          cd_decision_list_clear (list);
          return FALSE;
        }
      g_array_append_val (list->rows, row);
    }

  if (!cd_decision_list_validate (list, error))
    {
      cd_decision_list_clear (list);
      return FALSE;
    }
  return TRUE;
}

void
cd_decision_list_clear (CdDecisionList *list)
{
  g_clear_pointer (&list->rows, g_array_unref);
}
