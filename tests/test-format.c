/* test-format.c — Vietnamese money, numbers in words and dates. */
#include "cd-format.h"

typedef struct
{
  gint64      value;
  const char *expected;
} FormatCase;

static void
test_money_figures (void)
{
  static const FormatCase cases[] = {
    { 0, "0 ₫" },
    { 999, "999 ₫" },
    { 1000, "1.000 ₫" },
    { 1406250, "1.406.250 ₫" },
    { -1406250, "-1.406.250 ₫" },
    { G_GINT64_CONSTANT (1000000000000), "1.000.000.000.000 ₫" },
    { G_MININT64, "-9.223.372.036.854.775.808 ₫" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cd_format_money_vnd (cases[i].value);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_integer_grouping (void)
{
  g_autofree char *small = cd_format_integer_vi (12);
  g_autofree char *big = cd_format_integer_vi (15000000);
  g_autofree char *negative = cd_format_integer_vi (-999);

  g_assert_cmpstr (small, ==, "12");
  g_assert_cmpstr (big, ==, "15.000.000");
  g_assert_cmpstr (negative, ==, "-999");
}

/* The standard documented at the top of cd-format.c, one rule per row where possible. */
static const FormatCase word_cases[] = {
  { 0, "không" },
  { 4, "bốn" },
  { 5, "năm" },
  { 10, "mười" },
  { 11, "mười một" },
  { 14, "mười bốn" },
  { 15, "mười lăm" },
  { 20, "hai mươi" },
  { 21, "hai mươi mốt" },
  { 24, "hai mươi tư" },
  { 25, "hai mươi lăm" },
  { 44, "bốn mươi tư" },
  { 55, "năm mươi lăm" },
  { 100, "một trăm" },
  { 101, "một trăm lẻ một" },
  { 104, "một trăm lẻ bốn" },
  { 105, "một trăm lẻ năm" },
  { 110, "một trăm mười" },
  { 115, "một trăm mười lăm" },
  { 1000, "một nghìn" },
  { 1005, "một nghìn không trăm lẻ năm" },
  { 1050, "một nghìn không trăm năm mươi" },
  { 15000, "mười lăm nghìn" },
  { 1000250, "một triệu hai trăm năm mươi" },
  { 1005000, "một triệu không trăm lẻ năm nghìn" },
  { 1406250, "một triệu bốn trăm lẻ sáu nghìn hai trăm năm mươi" },
  { 63000000, "sáu mươi ba triệu" },
  { 68060000, "sáu mươi tám triệu không trăm sáu mươi nghìn" },
  { 1000000000, "một tỷ" },
  { 2500000001, "hai tỷ năm trăm triệu không trăm lẻ một" },
  { G_GINT64_CONSTANT (1000000000000), "một nghìn tỷ" },
  { G_GINT64_CONSTANT (1000000000000000000), "một tỷ tỷ" },
  { -21, "âm hai mươi mốt" },
};

static void
test_number_words (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (word_cases); i++)
    {
      g_autofree char *words = cd_format_number_in_words_vi (word_cases[i].value);

      g_test_message ("%" G_GINT64_FORMAT, word_cases[i].value);
      g_assert_cmpstr (words, ==, word_cases[i].expected);
    }
}

static void
test_money_words (void)
{
  g_autofree char *zero = cd_format_money_in_words_vi (0);
  g_autofree char *example = cd_format_money_in_words_vi (1406250);
  g_autofree char *billion = cd_format_money_in_words_vi (1000000000);
  g_autofree char *extreme = cd_format_money_in_words_vi (G_MININT64);

  g_assert_cmpstr (zero, ==, "không đồng");
  g_assert_cmpstr (example, ==, "một triệu bốn trăm lẻ sáu nghìn hai trăm năm mươi đồng");
  g_assert_cmpstr (billion, ==, "một tỷ đồng");
  g_assert_true (g_str_has_prefix (extreme, "âm chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn "
                                                "không trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu"));
  g_assert_true (g_str_has_suffix (extreme, "tám trăm lẻ tám đồng"));
}

static void
test_quantities (void)
{
  g_autofree char *whole = cd_format_quantity_vi (3);
  g_autofree char *half = cd_format_quantity_vi (2.5);
  g_autofree char *grouped = cd_format_quantity_vi (1234.25);
  g_autofree char *negative_half = cd_format_quantity_vi (-0.5);

  g_assert_cmpstr (whole, ==, "3");
  g_assert_cmpstr (half, ==, "2,5");
  g_assert_cmpstr (grouped, ==, "1.234,25");
  g_assert_cmpstr (negative_half, ==, "-0,5");
}

static void
test_dates (void)
{
  static const struct { const char *iso, *shrt, *vi, *en; } cases[] = {
    { "2026-11-20", "20/11/2026", "ngày 20 tháng 11 năm 2026", "20 November 2026" },
    { "2026-02-05", "05/02/2026", "ngày 05 tháng 02 năm 2026", "5 February 2026" },
    { "2024-03-09", "09/03/2024", "ngày 09 tháng 3 năm 2024", "9 March 2024" },
    { "2028-02-29", "29/02/2028", "ngày 29 tháng 02 năm 2028", "29 February 2028" },
  };
  static const char * const invalid[] = {
    "2026-02-30", "2026-13-01", "2026-00-10", "20/11/2026", "2026-1-05", "", "2026-11-20T00:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shrt = cd_format_date_vi (cases[i].iso);
      g_autofree char *vi = cd_format_date_long_vi (cases[i].iso);
      g_autofree char *en = cd_format_date_long_en (cases[i].iso);

      g_assert_cmpstr (shrt, ==, cases[i].shrt);
      g_assert_cmpstr (vi, ==, cases[i].vi);
      g_assert_cmpstr (en, ==, cases[i].en);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *shrt = cd_format_date_vi (invalid[i]);
      g_test_message ("%s", invalid[i]);
      g_assert_null (shrt);
    }
  g_assert_null (cd_format_date_vi (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/money/figures", test_money_figures);
  g_test_add_func ("/format/integer/grouping", test_integer_grouping);
  g_test_add_func ("/format/words/numbers", test_number_words);
  g_test_add_func ("/format/words/money", test_money_words);
  g_test_add_func ("/format/quantity", test_quantities);
  g_test_add_func ("/format/dates", test_dates);

  return g_test_run ();
}
