/* test-decision-letter.c — the decision letter: the PDF read back with poppler's pdftotext, the
 * letter's data loaded from a real store (cd-letter-source.c), and `claimdesk-cli letter`. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-database.h"
#include "cd-decision-letter.h"
#include "cd-format.h"
#include "cd-json-util.h"
#include "cd-letter-source.h"
#include "cd-rule-pack.h"
#include "cd-settings.h"
#include "cd-statement.h"
#include "cd-workflow.h"
#include "test-util.h"
#include "workflow-fixture.h"

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

/* All whitespace runs as one space, so a wrapped paragraph compares with its source text. */
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

/* The text of pages first…last (0: all), `-layout` or `-raw`, whitespace squashed. */
static char *
pdf_text (const char *path,
          const char *mode,
          guint       first,
          guint       last)
{
  g_autofree char *first_text = g_strdup_printf ("%u", first != 0 ? first : 1);
  g_autofree char *last_text = g_strdup_printf ("%u", last != 0 ? last : 9999);
  const char *argv[] = { "pdftotext", mode, "-enc", "UTF-8", "-f", first_text, "-l", last_text,
                         path, "-", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *program = g_find_program_in_path ("pdftotext");

  argv[0] = program;
  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  return squash (out);
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *program = g_find_program_in_path ("pdfinfo");
  const char *argv[] = { program, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *line;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  line = strstr (out, "Pages:");
  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("Pages:"), NULL, 10);
}

static void
assert_contains (const char *text,
                 const char *expected)
{
  g_autofree char *wanted = squash (expected);

  if (strstr (text, wanted) == NULL)
    g_error ("The letter does not contain “%s”:\n%s", wanted, text);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

/* ---- the sample data ------------------------------------------------------------------------- */

typedef struct
{
  char         *dir;
  JsonParser   *parser;
  CdLetterData  data;
} Sample;

static void
sample_load (Sample     *sample,
             const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;

  sample->dir = test_tmpdir_new ();
  sample->parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (sample->parser, path, &error));
  g_assert_no_error (error);
  g_assert_true (cd_letter_data_init_from_json (
                     &sample->data, json_node_get_object (json_parser_get_root (sample->parser)),
                     &error));
  g_assert_no_error (error);
}

static void
sample_clear (Sample *sample)
{
  g_clear_object (&sample->parser);
  test_tmpdir_free (sample->dir);
}

static char *
render (const CdLetterData *data,
        const char         *dir,
        const char         *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_decision_letter_render_pdf (data, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}

/* What every letter must show of its data: the claimant, each line's amount (Vietnamese format) and
 * citation, the lump sum, the total in figures and in words, the unpaid periods' reasons, the
 * assumptions and the names in the signature block. */
static void
check_letter (const CdLetterData *data,
              const char         *pdf)
{
  gboolean vi = g_strcmp0 (data->language, "en") != 0;
  g_autofree char *layout = pdf_text (pdf, "-layout", 0, 0);
  g_autofree char *raw = pdf_text (pdf, "-raw", 0, 0);
  JsonArray *lines = json_object_get_array_member (data->result, "lines");
  gint64 total = json_object_get_int_member (data->result, "total");
  gint64 lump_sum = json_object_get_int_member_with_default (data->result, "lump_sum", 0);
  g_autofree char *total_text = cd_format_integer_vi (total);
  g_autofree char *words = cd_format_money_in_words_vi (total);
  const char *lists[] = { "reasons", "assumptions" };

  assert_contains (layout, data->claimant_name);
  g_assert_cmpuint (json_array_get_length (lines), >, 0);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      g_autofree char *amount = cd_format_integer_vi (json_object_get_int_member (line, "amount"));

      assert_contains (layout, amount);
      /* A citation may wrap inside its narrow column: the raw text keeps its words in order. */
      if (string_member (line, "citation") != NULL)
        assert_contains (raw, string_member (line, "citation"));
    }
  if (lump_sum > 0)
    {
      g_autofree char *lump = cd_format_integer_vi (lump_sum);
      assert_contains (layout, lump);
    }
  {
    g_autofree char *figures = g_strdup_printf ("%s: %s ₫", vi ? "Tổng số tiền được hưởng"
                                                              : "Total amount granted",
                                                total_text);
    assert_contains (layout, figures);
    assert_contains (layout, words);
  }
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonArray *items = json_object_get_array_member (data->result, lists[l]);

      for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
        assert_contains (layout, string_member (json_array_get_object_element (items, i),
                                                vi ? "message_vi" : "message_en"));
    }
  if (data->proposer.name != NULL)
    assert_contains (layout, data->proposer.name);
  for (guint i = 0; i < CD_LETTER_MAX_APPROVERS; i++)
    if (data->approvers[i].name != NULL)
      assert_contains (layout, data->approvers[i].name);
}

static void
test_render_sample (gconstpointer user_data)
{
  const char *name = user_data;
  Sample sample = { 0 };
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;

  if (skip_without_poppler ())
    return;
  sample_load (&sample, name);
  pdf = render (&sample.data, sample.dir, "letter.pdf");
  check_letter (&sample.data, pdf);

  text = pdf_text (pdf, "-layout", 0, 0);
  assert_contains (text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  assert_contains (text, "QUYẾT ĐỊNH");
  g_assert_null (strstr (text, "DỰ THẢO"));
  sample_clear (&sample);
}

static void
test_render_english (void)
{
  Sample sample = { 0 };
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;

  if (skip_without_poppler ())
    return;
  sample_load (&sample, "letter-sickness.json");
  sample.data.language = "en";
  pdf = render (&sample.data, sample.dir, "letter-en.pdf");
  check_letter (&sample.data, pdf);

  text = pdf_text (pdf, "-layout", 0, 0);
  assert_contains (text, "SOCIALIST REPUBLIC OF VIET NAM");
  assert_contains (text, "Article 1.");
  g_assert_null (strstr (text, "Điều 1."));
  assert_contains (text, "Having regard to the benefit rule pack vn-si-2024 version 2026.07;");
  sample_clear (&sample);
}

static void
test_render_draft (void)
{
  Sample sample = { 0 };
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *footer = NULL;

  if (skip_without_poppler ())
    return;
  sample_load (&sample, "letter-sickness.json");
  sample.data.draft = TRUE;
  pdf = render (&sample.data, sample.dir, "draft.pdf");
  text = pdf_text (pdf, "-layout", 1, 1);
  assert_contains (text, "DỰ THẢO — CHƯA PHÊ DUYỆT");
  /* Every page says it, in its footer. */
  g_assert_cmpuint (pdf_pages (pdf), ==, 2);
  footer = pdf_text (pdf, "-layout", 2, 2);
  assert_contains (footer, "DỰ THẢO · Quyết định số");
  sample_clear (&sample);
}

/* Sixty benefit lines: the table runs over pages, its header atop each, every line shown. */
static void
test_render_paginates (void)
{
  Sample sample = { 0 };
  g_autofree char *pdf = NULL;
  JsonArray *lines;
  JsonObject *first;
  gint64 total = 0;
  guint n_pages, pages_with_lines = 0;

  if (skip_without_poppler ())
    return;
  sample_load (&sample, "letter-sickness.json");
  lines = json_object_get_array_member (sample.data.result, "lines");
  first = json_array_get_object_element (lines, 0);
  for (guint i = 1; i < 60; i++)
    {
      JsonObject *line = json_object_new ();
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      json_object_iter_init (&iter, first);
      while (json_object_iter_next (&iter, &member, &node))
        json_object_set_member (line, member, json_node_copy (node));
      json_object_set_int_member (line, "amount", 1000000 + i * 1111);
      json_array_add_object_element (lines, line);
    }
  for (guint i = 0; i < json_array_get_length (lines); i++)
    total += json_object_get_int_member (json_array_get_object_element (lines, i), "amount");
  json_object_set_int_member (sample.data.result, "total", total);

  pdf = render (&sample.data, sample.dir, "long.pdf");
  n_pages = pdf_pages (pdf);
  g_assert_cmpuint (n_pages, >=, 3);
  check_letter (&sample.data, pdf);

  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *text = pdf_text (pdf, "-layout", page, page);
      g_autofree char *footer = g_strdup_printf ("Trang %u/%u", page, n_pages);

      assert_contains (text, footer);
      if (strstr (text, "sickness.standard") != NULL)
        {
          /* A page with table rows starts them under the repeated header. */
          assert_contains (text, "Số tiền (đồng)");
          g_assert_true (strstr (text, "Số tiền (đồng)") < strstr (text, "sickness.standard"));
          pages_with_lines++;
        }
    }
  g_assert_cmpuint (pages_with_lines, >=, 2);
  sample_clear (&sample);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

static void
test_render_unwritable (void)
{
  Sample sample = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *taken = NULL;

  sample_load (&sample, "letter-sickness.json");

  /* A folder that does not exist. */
  missing = g_build_filename (sample.dir, "no-such-folder", "letter.pdf", NULL);
  g_assert_false (cd_decision_letter_render_pdf (&sample.data, missing, &error));
  g_assert_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (sample.dir), ==, 0);

  /* A name a folder already has: the PDF is made beside it; the failed rename leaves nothing. */
  taken = g_build_filename (sample.dir, "taken.pdf", NULL);
  g_assert_cmpint (g_mkdir (taken, 0700), ==, 0);
  g_assert_false (cd_decision_letter_render_pdf (&sample.data, taken, &error));
  g_assert_error (error, CD_LETTER_ERROR, CD_LETTER_ERROR_WRITE);
  g_assert_true (g_file_test (taken, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_entries (sample.dir), ==, 1);
  g_assert_cmpint (g_rmdir (taken), ==, 0);
  sample_clear (&sample);
}

/* ---- the letter's data from a store ---------------------------------------------------------- */

/* A rules result with a half day, an unpaid period with its reason and an assumption. */
static char *
rich_result_under (gint64      amount,
                   const char *rulepack)
{
  return g_strdup_printf (
      "{\"format\":\"claimdesk-result-1\",\"benefit\":\"sickness\",\"eligible\":true,"
      "\"lines\":[{\"code\":\"sickness.standard\",\"from\":\"2026-09-08\",\"to\":\"2026-09-10\","
      "\"days\":2.5,\"unit\":\"wd\",\"months\":0,\"base\":15000000,\"rate\":\"3/4\",\"divisor\":24,"
      "\"amount\":%" G_GINT64_FORMAT ",\"citation\":\"L41 Art 45(2),(5)\"}],"
      "\"unpaid\":[{\"from\":\"2026-09-11\",\"to\":\"2026-09-11\",\"days\":1,\"unit\":\"wd\","
      "\"code\":\"sickness.limit_reached\",\"citation\":\"L41 Art 43(1)(a)\"}],"
      "\"lump_sum\":0,\"total\":%" G_GINT64_FORMAT ","
      "\"reasons\":[{\"code\":\"sickness.limit_reached\",\"citation\":\"L41 Art 43(1)(a)\","
      "\"message_vi\":\"Đã hưởng đủ số ngày nghỉ ốm đau trong năm\","
      "\"message_en\":\"The sickness days of the year are used up\"}],"
      "\"assumptions\":[{\"code\":\"policy.sick_base_month\","
      "\"message_vi\":\"Tiền lương làm căn cứ là tiền lương tháng liền kề trước khi nghỉ\","
      "\"message_en\":\"The base is the salary of the month before the leave\"}],"
      "\"rulepack\":\"%s\"}",
      amount, amount, rulepack);
}

#define RICH_FACTS "{\"benefit\":\"sickness\",\"case\":{\"leave\":[{\"from\":\"2026-09-08\"," \
                   "\"to\":\"2026-09-11\"}],\"cause\":\"illness\"}}"

static void
to_proposed_under (Store      *store,
                   const char *number,
                   gint64      amount,
                   const char *rulepack)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = rich_result_under (amount, rulepack);

  g_assert_true (cd_workflow_complete_evidence (store->db, fx_officer, number, &error));
  g_assert_no_error (error);
  g_assert_true (cd_workflow_record_evaluation (store->db, fx_officer, number, RICH_FACTS, result,
                                                &error));
  g_assert_no_error (error);
  g_assert_true (cd_workflow_propose (store->db, fx_officer, number, NULL, &error));
  g_assert_no_error (error);
}

static void
to_proposed (Store      *store,
             const char *number,
             gint64      amount)
{
  to_proposed_under (store, number, amount, "vn-si-2024+2026.07");
}

static void
approve (Store      *store,
         const char *number,
         CdSession  *supervisor)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_workflow_approve (store->db, supervisor, number, NULL, &error));
  g_assert_no_error (error);
}

static void
test_source_approved (void)
{
  Store store;
  g_autoptr(CdLetterSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *decision_id = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  const CdLetterData *data;
  JsonObject *line;

  store_open (&store);
  to_proposed (&store, fx_claim (2), 1406250);
  approve (&store, fx_claim (2), fx_sup1);
  decision_id = fx_text (&store, "SELECT id FROM decisions WHERE state = 'approved'");
  g_assert_true (cd_settings_set_text (store.db, CD_SETTING_OFFICE_PARENT,
                                       "Bảo hiểm xã hội Thành phố Hồ Chí Minh", &error));

  source = cd_letter_source_load (store.db, fx_claim (2), "vi", &error);
  g_assert_no_error (error);
  g_assert_nonnull (source);
  data = cd_letter_source_get_data (source);
  g_assert_cmpstr (data->office_parent, ==, "Bảo hiểm xã hội Thành phố Hồ Chí Minh");
  g_assert_false (cd_letter_source_is_draft (source));
  g_assert_false (data->draft);
  g_assert_cmpint (cd_letter_source_get_total (source), ==, 1406250);
  g_assert_cmpstr (data->claim_number, ==, fx_claim (2));
  g_assert_cmpstr (data->claimant_name, ==, "Nguyễn Thị \"Hoa\", Lan");
  g_assert_cmpstr (data->claimant_sex, ==, "female");
  g_assert_cmpstr (data->claimant_personal_id, ==, "079190123456");
  g_assert_cmpstr (data->claimant_birth_date, ==, "1990-05-01");
  g_assert_cmpstr (data->benefit, ==, "sickness");
  g_assert_cmpstr (data->office_name, ==, "Bảo hiểm xã hội quận Bình Thạnh");
  g_assert_cmpstr (data->office_code, ==, "BHXH-079-BT");
  g_assert_cmpstr (data->office_place, ==, "Hồ Chí Minh");
  g_assert_cmpstr (data->decision_number, ==, decision_id);
  g_assert_nonnull (data->decision_date);
  g_assert_cmpstr (data->proposer.name, ==, "Nguyễn Văn An");
  g_assert_cmpstr (data->approvers[0].name, ==, "Lê Văn Cường");
  g_assert_null (data->approvers[1].name);
  /* The half day was frozen as the text "2.50"; the letter has the number back. */
  line = json_array_get_object_element (json_object_get_array_member (data->result, "lines"), 0);
  g_assert_cmpfloat (json_object_get_double_member (line, "days"), ==, 2.5);
  /* What the payload does not hold comes from the decision's evaluation. */
  g_assert_true (json_object_has_member (data->result, "assumptions"));
  g_assert_true (json_object_has_member (data->result, "unpaid"));
  g_assert_nonnull (data->benefit_case);
  g_assert_true (json_object_has_member (data->benefit_case, "leave"));

  if (!skip_without_poppler ())
    {
      pdf = render (data, store.dir, "approved.pdf");
      check_letter (data, pdf);
      text = pdf_text (pdf, "-layout", 0, 0);
      assert_contains (text, "2,5 ngày");
      assert_contains (text, "1.406.250");
      g_assert_null (strstr (text, "DỰ THẢO"));
      /* The pack the decision froze, among the legal bases. */
      assert_contains (text, "Căn cứ bộ quy tắc tính hưởng vn-si-2024 phiên bản 2026.07;");
    }
  store_close (&store);
}

/* A copy of the shipped rule pack under another version: the pack an office installs next year. */
static char *
pack_copy (const char *version)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *source = cd_rule_pack_default_dir ();
  const char *files[] = { "parameters.json", "calendars/2025.json", "calendars/2026.json",
                          "calendars/2027.json" };
  g_autofree char *calendars = g_build_filename (dir, "calendars", NULL);

  g_assert_cmpint (g_mkdir_with_parents (calendars, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (source, files[i], NULL);
      g_autofree char *to = g_build_filename (dir, files[i], NULL);
      g_autofree char *text = NULL;
      g_autoptr(GString) changed = NULL;

      g_assert_true (g_file_get_contents (from, &text, NULL, NULL));
      changed = g_string_new (text);
      if (g_str_equal (files[i], "parameters.json"))
        g_assert_cmpuint (g_string_replace (changed, "\"vn-si-2024+2026.07\"", version, 1), ==, 1);
      g_assert_true (g_file_set_contents (to, changed->str, -1, NULL));
    }
  return dir;
}

/* A decision keeps naming the pack it was made under after a newer pack is in use: the letter
 * reads the version from the frozen payload, never from the pack loaded now. */
static void
test_source_pack_kept (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *default_dir = cd_rule_pack_default_dir ();
  char *next_dir = pack_copy ("\"vn-si-2024+2027.01\"");
  g_autoptr(CdRulePack) old_pack = cd_rule_pack_load (default_dir, &error);
  g_autoptr(CdRulePack) next_pack = NULL;
  g_autofree char *payload = NULL;

  g_assert_no_error (error);
  next_pack = cd_rule_pack_load (next_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_rule_pack_get_version (old_pack), ==, "vn-si-2024+2026.07");
  g_assert_cmpstr (cd_rule_pack_get_version (next_pack), ==, "vn-si-2024+2027.01");

  store_open (&store);
  /* Decided under the shipped pack… */
  to_proposed_under (&store, fx_claim (2), 1406250, cd_rule_pack_get_version (old_pack));
  approve (&store, fx_claim (2), fx_sup1);
  /* …then the next pack becomes the one in use, and another claim is decided under it. */
  to_proposed_under (&store, fx_claim (6), 700000, cd_rule_pack_get_version (next_pack));
  approve (&store, fx_claim (6), fx_sup1);

  payload = fx_text (&store, "SELECT d.payload FROM decisions d JOIN claims c ON c.id = d.claim_id"
                             " WHERE d.state = 'approved' AND c.number = 'HS-T-0002'");
  g_assert_nonnull (strstr (payload, "\"rulepack\":\"vn-si-2024+2026.07\""));

  for (guint i = 0; i < 2; i++)
    {
      const char *number = i == 0 ? fx_claim (2) : fx_claim (6);
      g_autoptr(CdLetterSource) source = cd_letter_source_load (store.db, number, "vi", &error);
      const CdLetterData *data;

      g_assert_no_error (error);
      data = cd_letter_source_get_data (source);
      g_assert_cmpstr (cd_json_member_string (data->result, "rulepack"), ==,
                       i == 0 ? "vn-si-2024+2026.07" : "vn-si-2024+2027.01");
      if (!skip_without_poppler ())
        {
          g_autofree char *pdf = render (data, store.dir, i == 0 ? "old.pdf" : "next.pdf");
          g_autofree char *text = pdf_text (pdf, "-layout", 0, 0);

          assert_contains (text, i == 0 ? "bộ quy tắc tính hưởng vn-si-2024 phiên bản 2026.07"
                                        : "bộ quy tắc tính hưởng vn-si-2024 phiên bản 2027.01");
          g_assert_null (strstr (text, i == 0 ? "2027.01" : "2026.07"));
        }
    }
  store_close (&store);
  test_tmpdir_free (next_dir);
}

/* Above the threshold two supervisors approve: both sign. */
static void
test_source_two_approvers (void)
{
  Store store;
  g_autoptr(CdLetterSource) source = NULL;
  g_autoptr(GError) error = NULL;
  const CdLetterData *data;

  store_open (&store);
  to_proposed (&store, fx_claim (4), 25000000);
  approve (&store, fx_claim (4), fx_sup1);
  approve (&store, fx_claim (4), fx_sup2);

  source = cd_letter_source_load (store.db, fx_claim (4), "en", &error);
  g_assert_no_error (error);
  data = cd_letter_source_get_data (source);
  g_assert_cmpstr (data->language, ==, "en");
  g_assert_cmpstr (data->approvers[0].name, ==, "Lê Văn Cường");
  g_assert_cmpstr (data->approvers[1].name, ==, "Phạm Thị Dung");
  g_assert_cmpint (cd_letter_source_get_total (source), ==, 25000000);
  store_close (&store);
}

static void
test_source_draft (void)
{
  Store store;
  g_autoptr(CdLetterSource) source = NULL;
  g_autoptr(GError) error = NULL;
  const CdLetterData *data;

  store_open (&store);
  to_proposed (&store, fx_claim (6), 700000);

  source = cd_letter_source_load (store.db, fx_claim (6), NULL, &error);
  g_assert_no_error (error);
  data = cd_letter_source_get_data (source);
  g_assert_true (cd_letter_source_is_draft (source));
  g_assert_true (data->draft);
  g_assert_cmpstr (data->language, ==, "vi");
  g_assert_null (data->decision_number);
  g_assert_null (data->approvers[0].name);
  g_assert_cmpstr (data->proposer.name, ==, "Nguyễn Văn An");
  g_assert_cmpint (cd_letter_source_get_total (source), ==, 700000);

  if (!skip_without_poppler ())
    {
      g_autofree char *pdf = render (data, store.dir, "draft.pdf");
      g_autofree char *text = pdf_text (pdf, "-layout", 0, 0);

      check_letter (data, pdf);
      assert_contains (text, "DỰ THẢO — CHƯA PHÊ DUYỆT");
    }
  store_close (&store);
}

static void
test_source_refused (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = fx_result_json (500000);
  CdLetterSource *source;

  store_open (&store);

  source = cd_letter_source_load (store.db, "HS-KHONG-CO", "vi", &error);
  g_assert_null (source);
  g_assert_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_UNKNOWN_CLAIM);
  g_assert_nonnull (strstr (error->message, "HS-KHONG-CO"));
  g_clear_error (&error);

  /* A draft claim has nothing to decide from. */
  source = cd_letter_source_load (store.db, fx_claim (1), "vi", &error);
  g_assert_null (source);
  g_assert_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_NO_DECISION);
  g_assert_nonnull (strstr (error->message, fx_claim (1)));
  g_clear_error (&error);

  /* Nor an evaluated one that nobody proposed. */
  g_assert_true (cd_workflow_complete_evidence (store.db, fx_officer, fx_claim (3), &error));
  g_assert_true (cd_workflow_record_evaluation (store.db, fx_officer, fx_claim (3),
                                                "{\"benefit\":\"sickness\"}", result, &error));
  g_assert_no_error (error);
  source = cd_letter_source_load (store.db, fx_claim (3), "vi", &error);
  g_assert_null (source);
  g_assert_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_NO_DECISION);
  g_assert_nonnull (strstr (error->message, fx_claim (3)));
  g_clear_error (&error);

  source = cd_letter_source_load (store.db, fx_claim (3), "fr", &error);
  g_assert_null (source);
  g_assert_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_LANGUAGE);
  g_clear_error (&error);
  store_close (&store);
}

/* A frozen payload without its evaluation: refused, naming the claim, not a wrong letter. */
static void
test_source_damaged (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  CdLetterSource *source;

  store_open (&store);
  sql = g_strdup_printf ("INSERT INTO decisions (uuid, claim_id, state, amount, proposed_by,"
                         " proposed_at, payload, payload_sha256, frozen_at)"
                         " SELECT '00000000-0000-4000-8000-000000000005', id, 'approved', 0, %lld,"
                         " '2026-11-01T00:00:00Z', '{\"format\":\"claimdesk-decision-2\"}',"
                         " printf ('%%064d', 0), '2026-11-02T00:00:00Z' FROM claims"
                         " WHERE number = '%s'",
                         (long long) cd_session_get_user_id (fx_officer), fx_claim (5));
  fx_exec (&store, sql);

  source = cd_letter_source_load (store.db, fx_claim (5), "vi", &error);
  g_assert_null (source);
  g_assert_error (error, CD_LETTER_SOURCE_ERROR, CD_LETTER_SOURCE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, fx_claim (5)));
  store_close (&store);
}

/* ---- claimdesk-cli letter -------------------------------------------------------------------- */

static const char *
cli (void)
{
  const char *path = g_getenv ("CLAIMDESK_CLI");

  if (path == NULL)
    g_error ("CLAIMDESK_CLI is not set; run the tests through meson");
  return path;
}

static char *seeded_dir;
static char *seeded_db;

static const char *
seeded_store (void)
{
  if (seeded_db == NULL)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      seeded_dir = test_tmpdir_new ();
      seeded_db = g_build_filename (seeded_dir, "seeded.db", NULL);
      {
        const char *argv[] = { cli (), "seed", "--db", seeded_db, "--people", "300",
                               "--claims", "400", "--seed", "11", NULL };
        g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
      }
    }
  return seeded_db;
}

/* The first claim in `status` with a frozen approved decision, and that decision's payload. */
static void
pick_decided_claim (const char  *status,
                    char       **number,
                    char       **payload)
{
  g_autoptr(CdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStatement) stmt = NULL;

  db = cd_database_open_reader (seeded_store (), &error);
  g_assert_no_error (error);
  stmt = cd_database_prepare (db, "SELECT c.number, d.payload FROM claims c"
                              " JOIN claim_statuses s ON s.code = c.status"
                              " JOIN decisions d ON d.claim_id = c.id"
                              " WHERE s.name = ? AND d.state = 'approved'"
                              " AND d.frozen_at IS NOT NULL ORDER BY c.id LIMIT 1", NULL);
  g_assert_nonnull (stmt);
  cd_statement_bind_text (stmt, 1, status);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  *number = cd_statement_dup_text (stmt, 0);
  *payload = cd_statement_dup_text (stmt, 1);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
test_cli_seeded (gconstpointer user_data)
{
  const char *status = user_data;
  g_autofree char *number = NULL;
  g_autofree char *payload_text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *pdf = NULL;
  g_autofree char *pdf_en = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonObject *payload;
  const char *name;
  gint64 total;

  if (skip_without_poppler ())
    return;
  pick_decided_claim (status, &number, &payload_text);
  g_assert_true (json_parser_load_from_data (parser, payload_text, -1, NULL));
  payload = json_node_get_object (json_parser_get_root (parser));
  name = json_object_get_string_member (json_object_get_object_member (payload, "claimant"),
                                        "name");
  total = json_object_get_int_member (json_object_get_object_member (payload, "evaluation"),
                                      "total");

  pdf = g_strdup_printf ("%s/%s.pdf", seeded_dir, number);
  pdf_en = g_strdup_printf ("%s/%s-en.pdf", seeded_dir, number);
  before = file_sha256 (seeded_store ());
  {
    const char *argv[] = { cli (), "letter", "--db", seeded_store (), number, "--output", pdf,
                           NULL };
    const char *argv_en[] = { cli (), "letter", "--db", seeded_store (), number, "--output",
                              pdf_en, "--lang", "en", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *out_en = NULL;
    g_autofree char *err_en = NULL;

    g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
    g_assert_cmpint (test_run (argv_en, &out_en, &err_en), ==, 0);
  }
  after = file_sha256 (seeded_store ());
  g_assert_cmpstr (before, ==, after);

  {
    g_autofree char *text = pdf_text (pdf, "-layout", 0, 0);
    g_autofree char *text_en = pdf_text (pdf_en, "-layout", 0, 0);
    g_autofree char *total_text = cd_format_integer_vi (total);
    g_autofree char *figures = g_strdup_printf ("Tổng số tiền được hưởng: %s ₫", total_text);
    g_autofree char *figures_en = g_strdup_printf ("Total amount granted: %s ₫", total_text);
    g_autofree char *words = cd_format_money_in_words_vi (total);

    assert_contains (text, name);
    assert_contains (text, number);
    assert_contains (text, figures);
    assert_contains (text, words);
    assert_contains (text_en, name);
    assert_contains (text_en, figures_en);
    /* The seeded payload's line holds no days or base: a dash, not a zero, in those columns. */
    g_assert_null (strstr (text, " 0 ngày"));
  }
}

static void
test_cli_failures (void)
{
  const char *db = seeded_store ();
  g_autofree char *pdf = g_build_filename (seeded_dir, "never-written.pdf", NULL);
  g_autofree char *missing_dir = NULL;
  g_autofree char *draft = NULL;
  struct
  {
    const char *args[8];
    int         status;
    const char *names;   /* what the one line of stderr must name, if anything */
  } cases[] = {
    { { "letter", "--db", db, "HS-9999-99999999", "--output", pdf }, 1, "HS-9999-99999999" },
    { { "letter", "--db", db, NULL /* a draft claim */, "--output", pdf }, 1, NULL },
    { { "letter", "--db", db, "HS-2026-00000001" }, 2, "--output" },
    { { "letter", "HS-2026-00000001", "--output", pdf }, 2, "--db" },
    { { "letter", "--db", db, "--output", pdf }, 2, NULL },
    { { "letter", "--db", db, "A", "B", "--output", pdf }, 2, NULL },
    { { "letter", "--db", db, "HS-2026-00000001", "--output", pdf, "--lang", "fr" }, 2, "fr" },
  };

  {
    g_autoptr(CdDatabase) handle = cd_database_open_reader (db, NULL);
    g_autoptr(CdStatement) stmt = NULL;

    g_assert_nonnull (handle);
    stmt = cd_database_prepare (handle, "SELECT number FROM claims WHERE status = 0"
                                " ORDER BY id LIMIT 1", NULL);
    g_assert_nonnull (stmt);
    g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
    draft = cd_statement_dup_text (stmt, 0);
  }
  cases[1].args[3] = draft;
  cases[1].names = draft;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[10] = { cli () };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      for (guint a = 0; a < G_N_ELEMENTS (cases[i].args) && cases[i].args[a] != NULL; a++)
        argv[a + 1] = cases[i].args[a];
      g_assert_cmpint (test_run (argv, &out, &err), ==, cases[i].status);
      g_assert_cmpuint (test_count_lines (err), ==, 1);
      g_assert_true (g_str_has_prefix (err, "claimdesk-cli letter: "));
      if (cases[i].names != NULL)
        g_assert_nonnull (strstr (err, cases[i].names));
      g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
    }

  /* An output folder that does not exist: exit 1, nothing written anywhere. */
  missing_dir = g_build_filename (seeded_dir, "missing", "letter.pdf", NULL);
  {
    g_autofree char *number = NULL;
    g_autofree char *payload = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    pick_decided_claim ("queued", &number, &payload);
    {
      const char *argv[] = { cli (), "letter", "--db", db, number, "--output", missing_dir, NULL };

      g_assert_cmpint (test_run (argv, &out, &err), ==, 1);
    }
    g_assert_cmpuint (test_count_lines (err), ==, 1);
    g_assert_nonnull (strstr (err, number));
    g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();

  g_test_add_data_func ("/letter/render/sickness", "letter-sickness.json", test_render_sample);
  g_test_add_data_func ("/letter/render/childbirth", "letter-childbirth.json", test_render_sample);
  g_test_add_func ("/letter/render/english", test_render_english);
  g_test_add_func ("/letter/render/draft", test_render_draft);
  g_test_add_func ("/letter/render/paginates", test_render_paginates);
  g_test_add_func ("/letter/render/unwritable", test_render_unwritable);
  g_test_add_func ("/letter/source/approved", test_source_approved);
  g_test_add_func ("/letter/source/two-approvers", test_source_two_approvers);
  g_test_add_func ("/letter/source/pack-kept", test_source_pack_kept);
  g_test_add_func ("/letter/source/draft", test_source_draft);
  g_test_add_func ("/letter/source/refused", test_source_refused);
  g_test_add_func ("/letter/source/damaged", test_source_damaged);
  g_test_add_data_func ("/letter/cli/queued", "queued", test_cli_seeded);
  g_test_add_data_func ("/letter/cli/synced", "synced", test_cli_seeded);
  g_test_add_func ("/letter/cli/failures", test_cli_failures);

  status = g_test_run ();
  fixture_shutdown ();
  if (seeded_dir != NULL)
    test_tmpdir_free (seeded_dir);
  g_free (seeded_db);
  return status;
}
