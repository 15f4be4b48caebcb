/* test-decision-list.c — the decision list (issue 17 item 6): the PDF read back with poppler's
 * pdftotext and pdfinfo, the CSV, and `claimdesk-cli render-decision-list`.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-decision-list.h"
#include "test-util.h"

/* ---- reading a PDF back ---------------------------------------------------------------------- */

static gboolean
skip_without_poppler (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

  if (pdftotext == NULL || pdfinfo == NULL)
    {
      g_test_skip ("pdftotext and pdfinfo (poppler-utils) are not installed");
      return TRUE;
    }
  return FALSE;
}

/* All whitespace runs as one space, so wrapped text compares with its source. */
static char *
squash (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        space = TRUE;
      else
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

/* The text of page `page` (0: all), `-layout` or `-raw`, whitespace squashed. */
static char *
pdf_text (const char *path,
          const char *mode,
          guint       page)
{
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  g_autofree char *first = g_strdup_printf ("%u", page != 0 ? page : 1);
  g_autofree char *last = g_strdup_printf ("%u", page != 0 ? page : 9999);
  const char *argv[] = { program, mode, "-enc", "UTF-8", "-f", first, "-l", last, path, "-",
                         NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  return squash (out);
}

static char *
pdf_info (const char *path)
{
  g_autofree char *program = g_find_program_in_path ("pdfinfo");
  const char *argv[] = { program, path, NULL };
  char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  return out;
}

static guint
pdf_pages (const char *info)
{
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("Pages:"), NULL, 10);
}

static void
assert_contains (const char *text,
                 const char *expected)
{
  g_autofree char *wanted = squash (expected);

  if (strstr (text, wanted) == NULL)
    g_error ("The decision list does not contain “%s”:\n%s", wanted, text);
}

/* ---- the data -------------------------------------------------------------------------------- */

typedef struct
{
  JsonParser     *parser;
  CdDecisionList  list;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  cd_decision_list_clear (&loaded->list);
  g_clear_object (&loaded->parser);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static Loaded *
load_json (const char *text)
{
  Loaded *loaded = g_new0 (Loaded, 1);
  g_autoptr(GError) error = NULL;

  loaded->parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (loaded->parser, text, -1, &error));
  g_assert_true (cd_decision_list_init_from_json (&loaded->list,
                                                  json_node_get_object (json_parser_get_root (
                                                    loaded->parser)),
                                                  &error));
  g_assert_no_error (error);
  return loaded;
}

static char *
sample_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "decision-list-sample.json", NULL);
}

static Loaded *
load_sample (void)
{
  g_autofree char *path = sample_path ();
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return load_json (text);
}

/* A list of `n` accepted rows spread over the sickness groups, amounts 1000 × row number. */
static char *
big_list_json (guint n)
{
  GString *json = g_string_new ("{\"office\": {\"name\": \"Bảo hiểm xã hội cơ sở Ba Đình\", "
                                "\"code\": \"BĐ\"}, \"unit\": {\"name\": \"Công ty Lớn\", "
                                "\"code\": \"TB0001\"}, \"list\": {\"number\": \"9\", "
                                "\"dossier_code\": \"630a\"}, \"rows\": [");
  const char *group_keys[] = { "sickness", "long_term", "sick_child" };

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (json, "%s{\"group\": \"%s\", \"row\": %u, \"full_name\": "
                            "\"Người lao động số %03u\", \"si_number\": \"01%08u\", "
                            "\"from\": \"2026-11-02\", \"to\": \"2026-11-03\", \"days\": 2, "
                            "\"rate\": 500, \"amount\": %u, \"payment\": \"unit\", "
                            "\"accepted\": true}", i > 1 ? ", " : "", group_keys[(i - 1) % 3],
                            i, i, i, i * 1000);
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

/* ---- PDF ------------------------------------------------------------------------------------- */

static void
test_pdf_rows_totals_refusals (void)
{
  g_autoptr(Loaded) loaded = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *layout = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *info = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_poppler ())
    return;
  loaded = load_sample ();
  dir = test_tmpdir_new ();
  path = g_build_filename (dir, "list.pdf", NULL);
  g_assert_true (cd_decision_list_render_pdf (&loaded->list, path, &error));
  g_assert_no_error (error);

  info = pdf_info (path);
  /* A4 landscape: 297 × 210 mm. */
  if (strstr (info, "841.89 x 595.276 pts") == NULL)
    g_error ("not A4 landscape:\n%s", info);

  layout = pdf_text (path, "-layout", 0);
  raw = pdf_text (path, "-raw", 0);
  assert_contains (layout, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  assert_contains (layout, "BẢO HIỂM XÃ HỘI CƠ SỞ BA ĐÌNH");
  assert_contains (layout, "Số: 57/DS-BĐ");
  assert_contains (raw, "DANH SÁCH GIẢI QUYẾT HƯỞNG CHẾ ĐỘ ỐM ĐAU, THAI SẢN, DƯỠNG SỨC PHỤC "
                        "HỒI SỨC KHỎE");
  assert_contains (layout, "Công ty TNHH May mặc Sông Hồng");
  assert_contains (layout, "Ngày nhận danh sách: 20/11/2026 — Hạn giải quyết: 01/12/2026");

  /* Each row's name and amount, on its line. */
  assert_contains (layout, "Nguyễn Thị Lan 0123400001 02/11/2026 04/11/2026 3 450.000/ngày "
                           "1.350.000 0011002233");
  assert_contains (layout, "Lê Thị Hoa 0123400003 10/11/2026 11/11/2026 2 300.000/ngày 600.000 "
                           "Qua đơn vị");
  assert_contains (layout, "Đỗ Minh Quân 0123400005 16/11/2026 20/11/2026 5 400.000/ngày "
                           "2.000.000 Qua đơn vị");
  assert_contains (layout, "Bùi Thị Ngọc 0123400006 20/10/2026 08/11/2026 20 300.000/ngày "
                           "6.000.000 0099887766");
  /* The long name wraps in its cell; the months-days form for a leave paid in months. */
  assert_contains (raw, "Phạm Nguyễn Hoàng Bảo Ngọc Thị Thu Trang Công Tằng Tôn Nữ Minh Châu");
  assert_contains (layout, "6-0 9.000.000/tháng 59.060.000");

  /* The groups in the form's order, each with its subtotal, then the grand total. */
  assert_contains (layout, "Cộng A.I (1 người được giải quyết, 1 không giải quyết) 1.350.000");
  assert_contains (layout, "Cộng A.III (1 người được giải quyết, 0 không giải quyết) 600.000");
  assert_contains (layout, "Cộng B.II.2 (1 người được giải quyết, 0 không giải quyết) 6.000.000");
  assert_contains (layout, "Cộng B.III (1 người được giải quyết, 0 không giải quyết) 59.060.000");
  assert_contains (layout, "Cộng B.VI (1 người được giải quyết, 0 không giải quyết) 2.000.000");
  assert_contains (layout, "Cộng C (0 người được giải quyết, 1 không giải quyết) 0");
  assert_contains (layout, "TỔNG CỘNG (5 người được giải quyết) 69.010.000");
  g_assert_cmpint (cd_decision_list_total (&loaded->list), ==, 69010000);
  g_assert_true (strstr (layout, "A. ỐM ĐAU") < strstr (layout, "B. THAI SẢN"));
  g_assert_true (strstr (layout, "B. THAI SẢN") < strstr (layout, "C. DƯỠNG SỨC"));
  g_assert_true (strstr (layout, "Cộng B.II.2") < strstr (layout, "Cộng B.III"));

  /* The refusals part: each refused row with its reason, after the table. */
  assert_contains (raw, "II. CÁC TRƯỜNG HỢP KHÔNG GIẢI QUYẾT VÀ LÝ DO");
  assert_contains (raw, "Giấy chứng nhận nghỉ việc hưởng bảo hiểm xã hội ghi nghỉ 2 ngày, danh "
                        "sách khai 5 ngày (Luật 41/2024/QH15 Điều 47)");
  assert_contains (raw, "Chưa đủ 30 ngày nghỉ hưởng chế độ ốm đau trong năm (Luật 41/2024/QH15 "
                        "Điều 46 khoản 1)");
  g_assert_true (strstr (raw, "TỔNG CỘNG") < strstr (raw, "Luật 41/2024/QH15 Điều 47"));

  /* The signatures. */
  assert_contains (layout, "NGƯỜI LẬP BIỂU");
  assert_contains (layout, "PHÓ GIÁM ĐỐC");
  assert_contains (raw, "Ngô Văn Thành");

  test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_pdf_pages_repeat_header (void)
{
  g_autofree char *json = big_list_json (120);
  g_autoptr(Loaded) loaded = load_json (json);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *info = NULL;
  g_autofree char *all = NULL;
  g_autoptr(GError) error = NULL;
  guint pages;
  gint64 total = 0;

  if (skip_without_poppler ())
    return;
  dir = test_tmpdir_new ();
  path = g_build_filename (dir, "big.pdf", NULL);
  g_assert_true (cd_decision_list_render_pdf (&loaded->list, path, &error));
  g_assert_no_error (error);

  info = pdf_info (path);
  pages = pdf_pages (info);
  g_assert_cmpuint (pages, >=, 3);
  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *text = pdf_text (path, "-layout", page);
      g_autofree char *footer = g_strdup_printf ("Trang %u/%u", page, pages);

      assert_contains (text, footer);
      /* The table's header on every page the table reaches (it may end before the last one). */
      if (strstr (text, "Người lao động số") != NULL)
        assert_contains (text, "STT Họ và tên Mã số BHXH Từ ngày Đến ngày Số ngày Mức hưởng "
                               "Số tiền (đồng) Hình thức nhận Kết quả");
    }

  all = pdf_text (path, "-layout", 0);
  assert_contains (all, "DANH SÁCH GIẢI QUYẾT HƯỞNG CHẾ ĐỘ ỐM ĐAU");
  for (guint i = 1; i <= 120; i++)
    {
      g_autofree char *name = g_strdup_printf ("Người lao động số %03u", i);
      g_autofree char *amount = NULL;

      amount = g_strdup_printf ("%u.000", i);
      assert_contains (all, name);
      g_assert_nonnull (strstr (strstr (all, name), amount));
      total += i * 1000;
    }
  g_assert_cmpint (total, ==, 7260000);
  assert_contains (all, "TỔNG CỘNG (120 người được giải quyết) 7.260.000");
  assert_contains (all, "Không có trường hợp nào không được giải quyết.");

  test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_pdf_english (void)
{
  g_autoptr(Loaded) loaded = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_poppler ())
    return;
  loaded = load_sample ();
  loaded->list.language = "en";
  dir = test_tmpdir_new ();
  path = g_build_filename (dir, "list-en.pdf", NULL);
  g_assert_true (cd_decision_list_render_pdf (&loaded->list, path, &error));
  g_assert_no_error (error);
  text = pdf_text (path, "-layout", 0);
  assert_contains (text, "SOCIALIST REPUBLIC OF VIET NAM");
  assert_contains (text, "Subtotal A.I (1 accepted, 1 refused) 1.350.000");
  assert_contains (text, "GRAND TOTAL (5 accepted) 69.010.000");
  assert_contains (text, "Via the unit");
  /* Amounts stay Vietnamese in English, like the letter's. */
  assert_contains (text, "59.060.000");
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* ---- CSV ------------------------------------------------------------------------------------- */

static void
test_csv (void)
{
  g_autoptr(Loaded) loaded = load_sample ();
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "list.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sum = 0;
  guint rows = 0, subtotals = 0, totals = 0;

  g_assert_true (cd_decision_list_write_csv (&loaded->list, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));

  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  lines = g_strsplit (text + 3, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "line,group,row,full_name,si_number,from,to,months,days,rate,"
                                 "rate_unit,amount,payment,account,bank,result,reason");
  g_assert_cmpstr (lines[1], ==, "row,sickness,1,Nguyễn Thị Lan,0123400001,2026-11-02,2026-11-04,"
                                 "0,3,450000,day,1350000,account,0011002233,"
                                 "BIDV chi nhánh Hà Thành,accepted,");
  /* A reason with a comma is quoted. */
  g_assert_cmpstr (lines[2], ==, "row,sickness,2,Trần Văn Bình,0123400002,2026-11-02,2026-11-06,"
                                 "0,5,450000,day,0,account,0011002244,BIDV,refused,"
                                 "\"Giấy chứng nhận nghỉ việc hưởng bảo hiểm xã hội ghi nghỉ 2 "
                                 "ngày, danh sách khai 5 ngày (Luật 41/2024/QH15 Điều 47)\"");
  g_assert_cmpstr (lines[3], ==, "subtotal,sickness,,,,,,,,,,1350000,,,,,");

  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      if (g_str_equal (fields[0], "row"))
        rows++;
      else if (g_str_equal (fields[0], "subtotal"))
        {
          subtotals++;
          sum += g_ascii_strtoll (fields[11], NULL, 10);
        }
      else if (g_str_equal (fields[0], "total"))
        {
          totals++;
          g_assert_cmpint (g_ascii_strtoll (fields[11], NULL, 10), ==, 69010000);
        }
      else
        g_error ("unexpected line %s", lines[i]);
    }
  g_assert_cmpuint (rows, ==, 7);
  g_assert_cmpuint (subtotals, ==, 6);
  g_assert_cmpuint (totals, ==, 1);
  g_assert_cmpint (sum, ==, 69010000);
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* A name that a spreadsheet would run as a formula is kept as text. */
static void
test_csv_formula_guard (void)
{
  g_autoptr(Loaded) loaded = load_json (
    "{\"unit\": {\"name\": \"U\"}, \"rows\": [{\"group\": \"sickness\", \"row\": 1, "
    "\"full_name\": \"=HYPERLINK(\\\"http://x\\\")\", \"si_number\": \"1\", \"amount\": 5, "
    "\"accepted\": true}]}");
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (cd_decision_list_csv_to_stream (&loaded->list, stream, NULL, &error));
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  text = g_strdup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)));
  g_assert_nonnull (strstr (text, ",\"'=HYPERLINK(\"\"http://x\"\")\","));
}

/* ---- payment grouping ------------------------------------------------------------------------ */

static void
assert_payee (const CdDecisionList *list,
              const CdListPayee    *payee,
              CdListPayment         payment,
              const char           *account,
              gint64                total,
              const char           *first_name)
{
  const CdDecisionListRow *first;

  g_assert_cmpint (payee->payment, ==, payment);
  g_assert_cmpstr (payee->account, ==, account);
  g_assert_cmpint (payee->total, ==, total);
  g_assert_cmpuint (payee->rows->len, >, 0);
  first = &g_array_index (list->rows, CdDecisionListRow, g_array_index (payee->rows, guint, 0));
  g_assert_cmpstr (first->full_name, ==, first_name);
}

static void
test_payments (void)
{
  g_autoptr(Loaded) loaded = load_sample ();
  g_autoptr(GPtrArray) payees = cd_decision_list_group_payments (&loaded->list);
  g_autoptr(Loaded) shared = load_json (
    "{\"unit\": {\"name\": \"U\"}, \"rows\": ["
    "{\"group\": \"sickness\", \"row\": 2, \"full_name\": \"B\", \"si_number\": \"2\", "
    "\"amount\": 20, \"account\": \"111\", \"bank\": \"X\", \"accepted\": true}, "
    "{\"group\": \"sickness\", \"row\": 1, \"full_name\": \"A\", \"si_number\": \"1\", "
    "\"amount\": 10, \"account\": \"111\", \"bank\": \"X\", \"accepted\": true}, "
    "{\"group\": \"sickness\", \"row\": 3, \"full_name\": \"C\", \"si_number\": \"3\", "
    "\"amount\": 40, \"account\": \"111\", \"bank\": \"Y\", \"accepted\": true}, "
    "{\"group\": \"sickness\", \"row\": 4, \"full_name\": \"D\", \"si_number\": \"4\", "
    "\"amount\": 80, \"account\": \"111\", \"bank\": \"X\", \"accepted\": false, "
    "\"reason\": \"r\"}]}");
  g_autoptr(GPtrArray) shared_payees = NULL;
  gint64 sum = 0;

  /* Three employee accounts in the list's order, then the unit's account for the rest; the two
   * refused rows are not paid. */
  g_assert_cmpuint (payees->len, ==, 4);
  assert_payee (&loaded->list, payees->pdata[0], CD_LIST_PAY_ACCOUNT, "0011002233", 1350000,
                "Nguyễn Thị Lan");
  assert_payee (&loaded->list, payees->pdata[1], CD_LIST_PAY_ACCOUNT, "0099887766", 6000000,
                "Bùi Thị Ngọc");
  assert_payee (&loaded->list, payees->pdata[2], CD_LIST_PAY_ACCOUNT, "19033445566", 59060000,
                "Phạm Nguyễn Hoàng Bảo Ngọc Thị Thu Trang Công Tằng Tôn Nữ Minh Châu");
  assert_payee (&loaded->list, payees->pdata[3], CD_LIST_PAY_UNIT, "1020304050", 2600000,
                "Lê Thị Hoa");
  g_assert_cmpuint (((CdListPayee *) payees->pdata[3])->rows->len, ==, 2);
  g_assert_cmpstr (((CdListPayee *) payees->pdata[3])->bank, ==, "Vietcombank chi nhánh Ba Đình");
  for (guint i = 0; i < payees->len; i++)
    sum += ((CdListPayee *) payees->pdata[i])->total;
  g_assert_cmpint (sum, ==, cd_decision_list_total (&loaded->list));

  /* One account shared by two rows is one transfer; the same number at another bank is another. */
  shared_payees = cd_decision_list_group_payments (&shared->list);
  g_assert_cmpuint (shared_payees->len, ==, 2);
  assert_payee (&shared->list, shared_payees->pdata[0], CD_LIST_PAY_ACCOUNT, "111", 30, "A");
  g_assert_cmpuint (((CdListPayee *) shared_payees->pdata[0])->rows->len, ==, 2);
  assert_payee (&shared->list, shared_payees->pdata[1], CD_LIST_PAY_ACCOUNT, "111", 40, "C");
}

/* The payout's transfers as CSV: one line per payee in cd_decision_list_group_payments' order,
 * the rows' numbers, a total line; an account from outside cannot become a formula. */
static void
test_payments_csv (void)
{
  g_autoptr(Loaded) loaded = load_sample ();
  g_autoptr(Loaded) hostile = load_json (
    "{\"unit\": {\"name\": \"U\"}, \"rows\": ["
    "{\"group\": \"sickness\", \"row\": 1, \"full_name\": \"A\", \"si_number\": \"1\", "
    "\"amount\": 10, \"account\": \"=1+1\", \"bank\": \"X, Y\", \"accepted\": true}]}");
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "payments.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *hostile_text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_decision_list_write_payments_csv (&loaded->list, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==,
                   "\xEF\xBB\xBFline,payment,account,bank,rows,count,total\r\n"
                   "payee,account,0011002233,BIDV chi nhánh Hà Thành,1,1,1350000\r\n"
                   "payee,account,0099887766,Agribank,6,1,6000000\r\n"
                   "payee,account,19033445566,Techcombank,4,1,59060000\r\n"
                   "payee,unit,1020304050,Vietcombank chi nhánh Ba Đình,3 5,2,2600000\r\n"
                   "total,,,,,5,69010000\r\n");

  g_assert_true (cd_decision_list_write_payments_csv (&hostile->list, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &hostile_text, NULL, NULL));
  g_assert_nonnull (strstr (hostile_text, "payee,account,'=1+1,\"X, Y\",1,1,10\r\n"));
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* ---- the command ----------------------------------------------------------------------------- */

static int
run_cli (const char * const *args,
         char              **out_stderr)
{
  const char *cli = g_getenv ("CLAIMDESK_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "render-decision-list");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return test_run ((const char * const *) argv->pdata, &out, out_stderr);
}

static void
test_cli (void)
{
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *sample = sample_path ();
  g_autofree char *pdf = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;

  {
    const char *args[] = { "--data", sample, "--output", csv, NULL };
    g_assert_cmpint (run_cli (args, &err), ==, 0);
    g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "total,,,,,,,,,,,69010000,"));
    g_clear_pointer (&err, g_free);
  }
  if (!skip_without_poppler ())
    {
      const char *args[] = { "--data", sample, "--output", pdf, "--lang", "en", NULL };
      g_autofree char *pdf_content = NULL;

      g_assert_cmpint (run_cli (args, &err), ==, 0);
      pdf_content = pdf_text (pdf, "-layout", 0);
      assert_contains (pdf_content, "GRAND TOTAL (5 accepted) 69.010.000");
      g_clear_pointer (&err, g_free);
    }
  {
    const char *args[] = { "--data", sample, "--output", pdf, "--lang", "fr", NULL };
    g_assert_cmpint (run_cli (args, &err), ==, 2);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--data", sample, "--output", "out.txt", NULL };
    g_assert_cmpint (run_cli (args, &err), ==, 2);
    g_assert_nonnull (strstr (err, ".pdf or .csv"));
    g_clear_pointer (&err, g_free);
  }
  test_tmpdir_free (g_steal_pointer (&dir));
}

/* Bad data: exit 2, one line naming the file and the field, and nothing written. */
static void
test_cli_bad_json (void)
{
  struct
  {
    const char *json;
    const char *message;
  } cases[] = {
    { "{\"unit\": {\"name\": \"U\"}, \"rows\": [{\"group\": \"sickness\", \"row\": 1, "
      "\"full_name\": \"A\", \"si_number\": \"1\", \"accepted\": \"yes\"}]}",
      "rows[0].accepted: expected true or false" },
    { "{\"unit\": {\"name\": \"U\"}, \"rows\": [{\"group\": \"sickness\", \"row\": 1, "
      "\"full_name\": \"A\", \"si_number\": \"1\", \"accepted\": true}, {\"group\": \"sickness\", "
      "\"row\": 2, \"full_name\": \"B\", \"si_number\": \"2\", \"accepted\": false}]}",
      "rows[1].reason: a refused row needs its written reason" },
    { "{\"unit\": {\"name\": \"U\"}, \"rows\": [{\"group\": \"flu\", \"row\": 1, "
      "\"full_name\": \"A\", \"si_number\": \"1\", \"accepted\": true}]}",
      "rows[0].group: “flu” is not a row group" },
    { "{\"unit\": {\"name\": \"U\"}, \"rows\": [{\"group\": \"sickness\", \"row\": 1, "
      "\"full_name\": \"A\", \"si_number\": \"1\", \"amount\": -5, \"accepted\": true}]}",
      "rows[0].amount: expected a whole number" },
    { "{\"unit\": {\"name\": \"U\"}, \"rows\": [{\"group\": \"sickness\", \"row\": 1, "
      "\"full_name\": \"A\", \"si_number\": \"1\", \"payment\": \"account\", \"accepted\": true}]}",
      "rows[0].account: paid to the employee’s account, but no account number is given" },
    { "{\"unit\": {\"name\": 5}, \"rows\": []}", "unit.name: expected a string" },
    { "{\"unit\": {\"name\": \"U\"}, \"list\": {\"received_on\": \"2026-02-30\"}, \"rows\": []}",
      "list.received_on: “2026-02-30” is not a date" },
    { "{\"unit\": {\"name\": \"U\"}}", "rows: expected an array" },
    { "{\"unit\": {\"name\": \"U\"}, \"rows\": [", "data.json" },
  };
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *data = g_build_filename (dir, "data.json", NULL);
  g_autofree char *pdf = g_build_filename (dir, "out.pdf", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[] = { "--data", data, "--output", pdf, NULL };
      g_autofree char *err = NULL;

      g_assert_true (g_file_set_contents (data, cases[i].json, -1, NULL));
      g_assert_cmpint (run_cli (args, &err), ==, 2);
      if (strstr (err, cases[i].message) == NULL || strstr (err, "data.json") == NULL)
        g_error ("case %u: expected “%s” in: %s", i, cases[i].message, err);
      g_assert_cmpuint (test_count_lines (err), ==, 1);
      g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
    }
  test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decision-list/pdf/rows-totals-refusals", test_pdf_rows_totals_refusals);
  g_test_add_func ("/decision-list/pdf/pages-repeat-header", test_pdf_pages_repeat_header);
  g_test_add_func ("/decision-list/pdf/english", test_pdf_english);
  g_test_add_func ("/decision-list/csv/columns-totals", test_csv);
  g_test_add_func ("/decision-list/csv/formula-guard", test_csv_formula_guard);
  g_test_add_func ("/decision-list/payments", test_payments);
  g_test_add_func ("/decision-list/payments/csv", test_payments_csv);
  g_test_add_func ("/decision-list/cli/renders", test_cli);
  g_test_add_func ("/decision-list/cli/bad-json", test_cli_bad_json);

  return g_test_run ();
}
