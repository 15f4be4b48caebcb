/* test-csv.c — the one CSV writer (cd-csv.h): RFC 4180 quoting, CRLF lines, the UTF-8 BOM that
 * makes Excel read Vietnamese, the formula guard, and a table written to a file and read back. */
#include "config.h"

#include <string.h>

#include "cd-csv.h"
#include "test-util.h"

static char *
field (const char *text,
       CdCsvFlags  flags)
{
  GString *out = g_string_new (NULL);

  cd_csv_append_field (out, text, flags);
  return g_string_free (out, FALSE);
}

static void
test_quoting (void)
{
  static const struct
  {
    const char *text;
    CdCsvFlags  flags;
    const char *expected;
  } cases[] = {
    { "plain", CD_CSV_PLAIN, "plain" },
    { NULL, CD_CSV_PLAIN, "" },
    { "", CD_CSV_GUARD_FORMULA, "" },
    { "Nguyễn Văn An", CD_CSV_PLAIN, "Nguyễn Văn An" },
    { "1.406.250 ₫", CD_CSV_PLAIN, "1.406.250 ₫" },
    { "Hà Nội, Việt Nam", CD_CSV_PLAIN, "\"Hà Nội, Việt Nam\"" },
    { "nói \"không\"", CD_CSV_PLAIN, "\"nói \"\"không\"\"\"" },
    { "dòng 1\r\ndòng 2", CD_CSV_PLAIN, "\"dòng 1\r\ndòng 2\"" },
    { "một\ndòng", CD_CSV_PLAIN, "\"một\ndòng\"" },
    { "=SUM(A1:A9)", CD_CSV_GUARD_FORMULA, "'=SUM(A1:A9)" },
    { "=SUM(A1:A9)", CD_CSV_PLAIN, "=SUM(A1:A9)" },
    { "-5", CD_CSV_GUARD_FORMULA, "'-5" },
    { "@cmd, x", CD_CSV_GUARD_FORMULA, "\"'@cmd, x\"" },
    { "+84 912", CD_CSV_GUARD_FORMULA, "'+84 912" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = field (cases[i].text, cases[i].flags);

      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_row (void)
{
  const char *fields[] = { "HS-1", NULL, "Trần Thị Bích, con", "42" };
  g_autoptr(GString) out = g_string_new (NULL);

  cd_csv_append_row (out, fields, G_N_ELEMENTS (fields), CD_CSV_PLAIN);
  cd_csv_append_row (out, fields, 1, CD_CSV_PLAIN);
  g_assert_cmpstr (out->str, ==, "HS-1,,\"Trần Thị Bích, con\",42\r\nHS-1\r\n");
}

static CdCsvTable *
make_table (void)
{
  const char *columns[] = { "Số hồ sơ", "Người hưởng", "Số tiền", NULL };
  const char *row1[] = { "HS-2026-00000001", "Nguyễn Thị Hương", "1.406.250 ₫" };
  const char *row2[] = { "HS-2026-00000002", "Lê \"Bé\" Na, mẹ", NULL };
  CdCsvTable *table = cd_csv_table_new ("Hồ sơ quá hạn", columns);

  cd_csv_table_add_row (table, row1);
  cd_csv_table_add_row (table, row2);
  return table;
}

static void
test_table_text (void)
{
  g_autoptr(CdCsvTable) table = make_table ();
  gsize length = 0;
  g_autofree char *text = cd_csv_table_to_string (table, &length);

  g_assert_cmpuint (cd_csv_table_get_n_columns (table), ==, 3);
  g_assert_cmpuint (table->rows->len, ==, 2);
  g_assert_cmpuint (length, ==, strlen (text));
  /* The BOM first, EF BB BF, then the header: Excel opens it as UTF-8. */
  g_assert_cmpmem (text, 3, "\xEF\xBB\xBF", 3);
  g_assert_cmpstr (text + 3, ==,
                   "Số hồ sơ,Người hưởng,Số tiền\r\n"
                   "HS-2026-00000001,Nguyễn Thị Hương,1.406.250 ₫\r\n"
                   "HS-2026-00000002,\"Lê \"\"Bé\"\" Na, mẹ\",\r\n");
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
test_table_file (void)
{
  g_autoptr(CdCsvTable) table = make_table ();
  g_autofree char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "quá hạn.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "no-such-folder", "x.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = cd_csv_table_to_string (table, NULL);
  g_autoptr(GError) error = NULL;
  const char *guarded[] = { "=1+1", "x", "y" };

  g_assert_true (cd_csv_table_write (table, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);

  g_assert_false (cd_csv_table_write (table, bad, &error));
  g_assert_error (error, CD_CSV_ERROR, CD_CSV_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_assert_nonnull (strstr (error->message, "Hồ sơ quá hạn"));

  /* A cell is guarded, a header is ours and is not. */
  cd_csv_table_add_row (table, guarded);
  g_clear_pointer (&expected, g_free);
  expected = cd_csv_table_to_string (table, NULL);
  g_assert_nonnull (g_strrstr (expected, "\r\n'=1+1,x,y\r\n"));
  test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/row", test_row);
  g_test_add_func ("/csv/table-text", test_table_text);
  g_test_add_func ("/csv/table-file", test_table_file);
  return g_test_run ();
}
