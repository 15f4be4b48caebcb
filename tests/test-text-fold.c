/* test-text-fold.c — Vietnamese folding for search and sort. */
#include "cd-text-fold.h"

static void
test_vietnamese_names (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "Nguyễn Văn Đức", "nguyen van duc" },
    { "NGUYỄN VĂN ĐỨC", "nguyen van duc" },
    { "đặng thị ngọc ánh", "dang thi ngoc anh" },
    { "Đỗ  Hữu   Phước", "do huu phuoc" },
    { "  Lê-Thị, Thủy. ", "le thi thuy" },
    { "Trương Quỳnh Hương", "truong quynh huong" },
    { "nguyen van duc", "nguyen van duc" },
    { "HS-2026-0001", "hs 2026 0001" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = cd_text_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_decomposed_input (void)
{
  /* The same name typed with combining marks (NFD) folds the same as precomposed text (NFC). */
  g_autofree char *nfd = g_utf8_normalize ("Nguyễn Văn Đức", -1, G_NORMALIZE_NFD);
  g_autofree char *folded = cd_text_fold (nfd);

  g_assert_cmpstr (folded, ==, "nguyen van duc");
}

static void
test_invalid_utf8_folds_to_nothing (void)
{
  g_autofree char *folded = cd_text_fold ("abc\xff\xfe");

  g_assert_cmpstr (folded, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-fold/vietnamese-names", test_vietnamese_names);
  g_test_add_func ("/text-fold/decomposed-input", test_decomposed_input);
  g_test_add_func ("/text-fold/invalid-utf8", test_invalid_utf8_folds_to_nothing);

  return g_test_run ();
}
