/* test-rules.c — the benefit rules engine: the worked examples of benefit-rules.md section 8 and
 * the edge cases derived from the law, as data (tests/data/rules/NAME.facts.json +
 * NAME.expected.json), run both in process and through the real `claimdesk-cli evaluate`; plus the
 * money, date, rule-pack and facts modules underneath.
 *
 * An expected file holds what matters, derived by hand from the law: exit status, eligible, each
 * line's code, days, months and amount (and from/to where given), each unpaid period's code and
 * days, the lump sum, the total, the exact set of reason codes, and assumption codes that must be
 * present.
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-date.h"
#include "cd-facts.h"
#include "cd-money.h"
#include "cd-result.h"
#include "cd-rule-pack.h"
#include "cd-rule-texts.h"
#include "cd-rules-engine.h"
#include "test-util.h"

static CdRulePack *pack;

static const char *
cli (void)
{
  const char *path = g_getenv ("CLAIMDESK_CLI");
  g_assert_nonnull (path);
  return path;
}

static char *
case_path (const char *name,
           const char *suffix)
{
  g_autofree char *file = g_strconcat (name, suffix, NULL);
  return g_test_build_filename (G_TEST_DIST, "data", "rules", file, NULL);
}

static JsonNode *
load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Days in the result are integers or x.5; compare in half days. */
static int
node_halves (JsonNode *node)
{
  return (int) (json_node_get_double (node) * 2 + 0.5);
}

static void
check_codes_equal (JsonArray  *expected,
                   JsonArray  *actual,
                   const char *what)
{
  g_assert_cmpuint (json_array_get_length (actual), ==, json_array_get_length (expected));
  for (guint i = 0; i < json_array_get_length (expected); i++)
    {
      const char *code = json_array_get_string_element (expected, i);
      gboolean found = FALSE;

      for (guint k = 0; k < json_array_get_length (actual); k++)
        found |= g_str_equal (json_object_get_string_member (json_array_get_object_element (actual, k),
                                                             "code"), code);
      if (!found)
        g_error ("%s: expected code %s is missing", what, code);
    }
}

/* Compares a result (as JSON) with the expectations. */
static void
check_result (JsonObject *expected,
              JsonObject *actual)
{
  JsonArray *lines = json_object_get_array_member (expected, "lines");
  JsonArray *got_lines = json_object_get_array_member (actual, "lines");
  JsonArray *unpaid = json_object_get_array_member (expected, "unpaid");
  JsonArray *got_unpaid = json_object_get_array_member (actual, "unpaid");
  JsonArray *assumptions = json_object_get_array_member (expected, "assumptions_include");
  JsonArray *got_assumptions = json_object_get_array_member (actual, "assumptions");
  gint64 sum = 0;

  g_assert_cmpstr (json_object_get_string_member (actual, "format"), ==, "claimdesk-result-1");
  g_assert_cmpstr (json_object_get_string_member (actual, "rulepack"), ==,
                   cd_rule_pack_get_version (pack));
  g_assert_cmpint (json_object_get_boolean_member (actual, "eligible"), ==,
                   json_object_get_boolean_member (expected, "eligible"));

  g_assert_cmpuint (json_array_get_length (got_lines), ==, json_array_get_length (lines));
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *want = json_array_get_object_element (lines, i);
      JsonObject *got = json_array_get_object_element (got_lines, i);

      g_assert_cmpstr (json_object_get_string_member (got, "code"), ==,
                       json_object_get_string_member (want, "code"));
      g_assert_cmpint (node_halves (json_object_get_member (got, "days")), ==,
                       node_halves (json_object_get_member (want, "days")));
      g_assert_cmpint (json_object_get_int_member (got, "months"), ==,
                       json_object_get_int_member (want, "months"));
      g_assert_cmpint (json_object_get_int_member (got, "amount"), ==,
                       json_object_get_int_member (want, "amount"));
      if (json_object_has_member (want, "from"))
        g_assert_cmpstr (json_object_get_string_member (got, "from"), ==,
                         json_object_get_string_member (want, "from"));
      if (json_object_has_member (want, "to"))
        g_assert_cmpstr (json_object_get_string_member (got, "to"), ==,
                         json_object_get_string_member (want, "to"));
      /* Every line explains itself. */
      g_assert_nonnull (json_object_get_string_member (got, "citation"));
      g_assert_nonnull (json_object_get_string_member (got, "message_vi"));
      sum += json_object_get_int_member (got, "amount");
    }

  g_assert_cmpuint (json_array_get_length (got_unpaid), ==, json_array_get_length (unpaid));
  for (guint i = 0; i < json_array_get_length (unpaid); i++)
    {
      JsonObject *want = json_array_get_object_element (unpaid, i);
      JsonObject *got = json_array_get_object_element (got_unpaid, i);

      g_assert_cmpstr (json_object_get_string_member (got, "code"), ==,
                       json_object_get_string_member (want, "code"));
      g_assert_cmpint (node_halves (json_object_get_member (got, "days")), ==,
                       node_halves (json_object_get_member (want, "days")));
      g_assert_nonnull (json_object_get_string_member (got, "citation"));
      if (json_object_has_member (want, "from"))
        g_assert_cmpstr (json_object_get_string_member (got, "from"), ==,
                         json_object_get_string_member (want, "from"));
      if (json_object_has_member (want, "to"))
        g_assert_cmpstr (json_object_get_string_member (got, "to"), ==,
                         json_object_get_string_member (want, "to"));
    }

  g_assert_cmpint (json_object_get_int_member (actual, "lump_sum"), ==,
                   json_object_get_int_member (expected, "lump_sum"));
  g_assert_cmpint (json_object_get_int_member (actual, "total"), ==,
                   json_object_get_int_member (expected, "total"));
  /* The contract: total = sum of lines + lump sum (0 when not eligible). */
  if (json_object_get_boolean_member (actual, "eligible"))
    g_assert_cmpint (json_object_get_int_member (actual, "total"), ==,
                     sum + json_object_get_int_member (actual, "lump_sum"));
  else
    g_assert_cmpint (json_object_get_int_member (actual, "total"), ==, 0);

  check_codes_equal (json_object_get_array_member (expected, "reasons"),
                     json_object_get_array_member (actual, "reasons"), "reasons");
  for (guint i = 0; i < json_array_get_length (assumptions); i++)
    {
      const char *code = json_array_get_string_element (assumptions, i);
      gboolean found = FALSE;

      for (guint k = 0; k < json_array_get_length (got_assumptions); k++)
        found |= g_str_equal (json_object_get_string_member (
                                json_array_get_object_element (got_assumptions, k), "code"), code);
      if (!found)
        g_error ("assumption %s is missing", code);
    }
}

/* In process: parse the facts, evaluate, compare (or compare the error). */
static void
test_case_engine (gconstpointer data)
{
  const char *name = data;
  g_autofree char *facts_path = case_path (name, ".facts.json");
  g_autofree char *expected_path = case_path (name, ".expected.json");
  g_autoptr(JsonNode) facts_node = load_json (facts_path);
  g_autoptr(JsonNode) expected_node = load_json (expected_path);
  JsonObject *expected = json_node_get_object (expected_node);
  gint64 exit_status = json_object_get_int_member (expected, "exit");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdFacts) facts = cd_facts_parse_node (facts_node, &error);
  g_autoptr(CdResult) result = NULL;
  g_autoptr(JsonNode) result_node = NULL;

  if (facts != NULL)
    result = cd_rules_evaluate (pack, facts, &error);

  if (exit_status != 0)
    {
      g_assert_nonnull (error);
      g_assert_null (result);
      g_assert_true (error->domain == CD_RULES_ERROR);
      g_assert_cmpint (error->code, ==, exit_status == 2 ? CD_RULES_ERROR_INVALID_FACTS
                                                         : CD_RULES_ERROR_CANNOT_APPLY);
      if (strstr (error->message, json_object_get_string_member (expected, "stderr_contains")) == NULL)
        g_error ("error “%s” does not name “%s”", error->message,
                 json_object_get_string_member (expected, "stderr_contains"));
      return;
    }

  g_assert_no_error (error);
  result_node = cd_result_to_json (result, facts->documents);
  check_result (expected, json_node_get_object (result_node));
}

/* Through the real binary: exit status, one JSON on stdout or one line on stderr and nothing on
 * stdout. */
static void
test_case_cli (gconstpointer data)
{
  const char *name = data;
  g_autofree char *facts_path = case_path (name, ".facts.json");
  g_autofree char *expected_path = case_path (name, ".expected.json");
  g_autoptr(JsonNode) expected_node = load_json (expected_path);
  JsonObject *expected = json_node_get_object (expected_node);
  const char *argv[] = { cli (), "evaluate", facts_path, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = test_run (argv, &out, &err);

  g_assert_cmpint (status, ==, json_object_get_int_member (expected, "exit"));
  if (status != 0)
    {
      g_assert_cmpstr (out, ==, "");
      g_assert_cmpuint (test_count_lines (err), ==, 1);
      g_assert_nonnull (strstr (err, json_object_get_string_member (expected, "stderr_contains")));
    }
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (err, ==, "");
      json_parser_load_from_data (parser, out, -1, &error);
      g_assert_no_error (error);
      check_result (expected, json_node_get_object (json_parser_get_root (parser)));
    }
}

static void
test_money_half_up (void)
{
  CdRational one = cd_rational_int (1);

  /* Half-up, not half-even: 2.5 → 3, 3.5 → 4; below half rounds down. */
  g_assert_cmpint (cd_money_line (cd_rational_int (5), one, 2, one), ==, 3);
  g_assert_cmpint (cd_money_line (cd_rational_int (7), one, 2, one), ==, 4);
  g_assert_cmpint (cd_money_line (cd_rational_int (10), one, 3, one), ==, 3);
  g_assert_cmpint (cd_money_line (cd_rational_int (20), one, 3, one), ==, 7);
  /* 48,700,000 × 5 ÷ 24 = 10,145,833.33… */
  g_assert_cmpint (cd_money_line (cd_rational_int (48700000), one, 24, cd_rational_int (5)), ==,
                   10145833);
  /* An exact average 29,222,223/3 is not rounded before it is used. */
  g_assert_cmpint (cd_money_line (cd_rational_make (29222223, 3), cd_rational_make (3, 4), 24,
                                  cd_rational_int (1)), ==, 304398);
  /* A large line does not overflow: 70 × RL cap × 12 months. */
  g_assert_cmpint (cd_money_line (cd_rational_int (50600000), one, 1, cd_rational_int (12)), ==,
                   607200000);
}

static void
test_money_parse (void)
{
  CdRational r;

  g_assert_true (cd_rational_parse ("3/4", &r));
  g_assert_cmpint (r.num, ==, 3);
  g_assert_cmpint (r.den, ==, 4);
  g_assert_true (cd_rational_parse ("20", &r));
  g_assert_cmpint (r.num, ==, 20);
  g_assert_false (cd_rational_parse ("0.75", &r));
  g_assert_false (cd_rational_parse ("3/0", &r));
  g_assert_false (cd_rational_parse ("", &r));
}

static void
test_date_parse (void)
{
  CdDay day;
  CdMonth month;
  char buf[11];

  g_assert_true (cd_date_parse ("2026-02-28", &day));
  cd_date_format (day, buf);
  g_assert_cmpstr (buf, ==, "2026-02-28");
  g_assert_false (cd_date_parse ("2026-02-30", &day));
  g_assert_false (cd_date_parse ("2026-2-28", &day));
  g_assert_false (cd_date_parse ("2026-02-28T00", &day));
  g_assert_true (cd_date_parse ("2028-02-29", &day));
  g_assert_true (cd_month_parse ("2026-12", &month));
  g_assert_false (cd_month_parse ("2026-13", &month));
  /* 3 Nov 2026 is a Tuesday (benefit-rules.md example 9). */
  g_assert_true (cd_date_parse ("2026-11-03", &day));
  g_assert_cmpint (cd_date_weekday (day), ==, G_DATE_TUESDAY);
}

static void
test_date_months (void)
{
  CdDay from, to;
  int months, odd;

  /* 1 Sep 2026 + 6 months ends on 28 Feb 2027 (example 8). */
  g_assert_true (cd_date_parse ("2026-09-01", &from));
  g_assert_true (cd_date_parse ("2027-02-28", &to));
  cd_period_months (from, to, &months, &odd);
  g_assert_cmpint (months, ==, 6);
  g_assert_cmpint (odd, ==, 0);
  g_assert_cmpint (cd_date_add_months (from, 6) - 1, ==, to);

  /* A month from 31 Jan ends on 27 Feb (the day before 28 Feb, the clamped day 31). */
  g_assert_true (cd_date_parse ("2027-01-31", &from));
  g_assert_true (cd_date_parse ("2027-02-27", &to));
  cd_period_months (from, to, &months, &odd);
  g_assert_cmpint (months, ==, 1);
  g_assert_cmpint (odd, ==, 0);

  /* 16 Oct 2026 … 28 Feb 2027: 4 months and 13 odd days. */
  g_assert_true (cd_date_parse ("2026-10-16", &from));
  g_assert_true (cd_date_parse ("2027-02-28", &to));
  cd_period_months (from, to, &months, &odd);
  g_assert_cmpint (months, ==, 4);
  g_assert_cmpint (odd, ==, 13);
}

/* Writes a copy of the shipped pack with one file replaced. */
static char *
broken_pack (const char *relative,
             const char *contents)
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

      g_assert_true (g_file_get_contents (from, &text, NULL, NULL));
      g_assert_true (g_file_set_contents (to, g_str_equal (files[i], relative) ? contents : text,
                                          -1, NULL));
    }
  return dir;
}

static void
test_pack_loads (void)
{
  CdRational rl;
  CdDay day;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (cd_rule_pack_get_version (pack), ==, "vn-si-2024+2026.07");
  g_assert_true (cd_date_parse ("2026-06-30", &day));
  g_assert_true (cd_rule_pack_lookup (pack, "reference_level", day, &rl, NULL, NULL));
  g_assert_cmpint (rl.num, ==, 2340000);
  g_assert_true (cd_rule_pack_lookup (pack, "reference_level", day + 1, &rl, NULL, NULL));
  g_assert_cmpint (rl.num, ==, 2530000);
  g_assert_true (cd_date_parse ("2024-06-30", &day));
  g_assert_false (cd_rule_pack_lookup (pack, "reference_level", day, &rl, NULL, &error));
  g_assert_error (error, CD_RULES_ERROR, CD_RULES_ERROR_CANNOT_APPLY);
}

/* The pack is past review the day after its review_by date, not on it. */
static void
test_pack_past_review (void)
{
  CdDay review_by = cd_rule_pack_get_review_by (pack);

  g_assert_cmpint (review_by, ==, cd_date_from_ymd (2027, 6, 30));
  g_assert_false (cd_rule_pack_is_past_review (pack, cd_date_from_ymd (2026, 12, 6)));
  g_assert_false (cd_rule_pack_is_past_review (pack, review_by));
  g_assert_true (cd_rule_pack_is_past_review (pack, review_by + 1));
  g_assert_true (cd_rule_pack_is_past_review (pack, cd_date_from_ymd (2028, 1, 1)));
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CdRulePack **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = cd_rule_pack_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_pack_loads_async (void)
{
  g_autofree char *dir = cd_rule_pack_default_dir ();
  g_autoptr(CdRulePack) loaded = NULL;

  cd_rule_pack_load_async (dir, NULL, on_loaded, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (cd_rule_pack_get_version (loaded), ==, cd_rule_pack_get_version (pack));
}

static void
expect_broken (const char *relative,
               const char *contents,
               const char *needle)
{
  char *dir = broken_pack (relative, contents);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) broken = cd_rule_pack_load (dir, &error);

  g_assert_null (broken);
  g_assert_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, needle);
  test_tmpdir_free (dir);
}

static void
test_pack_broken_names_file_and_line (void)
{
  /* A syntax error on line 4. */
  expect_broken ("parameters.json",
                 "{\n  \"format\": \"claimdesk-rulepack-1\",\n  \"version\": \"x\",\n  \"review_by\" \"2027\"\n}\n",
                 "parameters.json:4");
  /* A decimal rate on line 7: money and rates are never decimals. */
  expect_broken ("parameters.json",
                 "{\n  \"format\": \"claimdesk-rulepack-1\",\n  \"version\": \"x\",\n"
                 "  \"review_by\": \"2027-06-30\",\n  \"parameters\": {\n    \"sickness_rate\": [\n"
                 "      { \"from\": \"2024-07-01\", \"value\": 0.75, \"citation\": \"L41\" }\n    ]\n  }\n}\n",
                 "parameters.json:7: parameters.sickness_rate[0].value");
  /* A misspelt parameter name, on line 6. */
  {
    g_autofree char *params_path = NULL;
    g_autofree char *params = NULL;
    g_autofree char *source = cd_rule_pack_default_dir ();
    g_autoptr(GString) misspelt = NULL;

    params_path = g_build_filename (source, "parameters.json", NULL);
    g_assert_true (g_file_get_contents (params_path, &params, NULL, NULL));
    misspelt = g_string_new (params);
    g_assert_cmpuint (g_string_replace (misspelt, "\"reference_level\"", "\"reference_levle\"", 1), ==, 1);
    expect_broken ("parameters.json", misspelt->str, "parameters.reference_levle: not a parameter");
  }
  /* A calendar day that does not exist, on line 6. */
  expect_broken ("calendars/2026.json",
                 "{\n  \"format\": \"claimdesk-calendar-1\",\n  \"year\": 2026,\n"
                 "  \"confirmed_until\": \"2026-12-31\",\n  \"profiles\": { \"public-sector\": [\n"
                 "    { \"date\": \"2026-02-30\", \"kind\": \"holiday\" } ], \"enterprise\": [] }\n}\n",
                 "2026.json:6: profiles.public-sector[0].date");
  /* A POLICY code the engine cannot explain, on line 6. */
  expect_broken ("calendars/2026.json",
                 "{\n  \"format\": \"claimdesk-calendar-1\",\n  \"year\": 2026,\n"
                 "  \"confirmed_until\": \"2026-12-31\",\n  \"profiles\": { \"enterprise\": [\n"
                 "    { \"date\": \"2026-11-24\", \"kind\": \"policy_working\", \"policy\": \"policy.x\" } ],"
                 " \"public-sector\": [] }\n}\n",
                 "2026.json:6: profiles.enterprise[0].policy");
}

static void
test_cli_broken_pack_exits_3 (void)
{
  char *dir = broken_pack ("calendars/2027.json", "{ \"format\": \"claimdesk-calendar-1\",\n  oops }\n");
  g_autofree char *facts = case_path ("ex01-outpatient", ".facts.json");
  const char *argv[] = { cli (), "evaluate", "--rules-dir", dir, facts, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 3);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (test_count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, "calendars/2027.json:1:"));
  test_tmpdir_free (dir);
}

static void
test_cli_reads_stdin (void)
{
  g_autofree char *facts_path = case_path ("ex02-across-tet", ".facts.json");
  g_autofree char *facts = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  g_assert_true (g_file_get_contents (facts_path, &facts, NULL, NULL));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, cli (), "evaluate", "-", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, facts, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "\"total\":1625000"));
  g_assert_cmpuint (test_count_lines (out), ==, 1);
}

static void
test_cli_malformed_json_exits_2 (void)
{
  char *dir = test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "bad.json", NULL);
  const char *argv[] = { cli (), "evaluate", path, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_true (g_file_set_contents (path, "{ \"format\": ", -1, NULL));
  g_assert_cmpint (test_run (argv, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (test_count_lines (err), ==, 1);
  test_tmpdir_free (dir);
}

static void
expect_invalid (const char *json,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdFacts) facts = cd_facts_parse_data (json, -1, &error);

  g_assert_null (facts);
  g_assert_error (error, CD_RULES_ERROR, CD_RULES_ERROR_INVALID_FACTS);
  if (!g_str_has_prefix (error->message, needle))
    g_error ("“%s” does not start with “%s”", error->message, needle);
}

#define FACTS_HEAD "{\"format\":\"claimdesk-facts-1\",\"benefit\":\"sickness\","
#define CLAIMANT "\"claimant\":{\"sex\":\"female\",\"insured\":true,\"si_years\":3," \
                 "\"contributions\":[{\"month\":\"2026-08\",\"salary\":1}]},"
#define EMPLOYER "\"employer\":{\"calendar\":\"public-sector\"},"

static void
test_facts_name_the_field (void)
{
  expect_invalid ("[]", "facts:");
  expect_invalid ("{\"format\":\"other\"}", "format:");
  expect_invalid ("{\"format\":\"claimdesk-facts-1\",\"benefit\":\"holiday_pay\"}", "benefit:");
  expect_invalid (FACTS_HEAD "\"claimant\":{\"sex\":\"x\"}}", "claimant.sex:");
  expect_invalid (FACTS_HEAD CLAIMANT "\"employer\":{\"calendar\":\"private\"}}", "employer.calendar:");
  expect_invalid (FACTS_HEAD CLAIMANT EMPLOYER "\"case\":{\"leave\":[{\"from\":\"2026-09-10\","
                  "\"to\":\"2026-09-08\"}]}}", "case.leave[0].to: 2026-09-08 is before from");
  expect_invalid (FACTS_HEAD CLAIMANT EMPLOYER "\"case\":{\"leave\":[{\"from\":\"2026-09-01\","
                  "\"to\":\"2026-09-10\"},{\"from\":\"2026-09-10\",\"to\":\"2026-09-11\"}]}}",
                  "case.leave: two periods overlap on 2026-09-10");
  expect_invalid (FACTS_HEAD CLAIMANT EMPLOYER "\"case\":{\"leave\":[{\"from\":\"2026-09-01\","
                  "\"to\":\"2026-09-10\"}],\"partial_days\":[{\"date\":\"2026-09-03\","
                  "\"hours_absent\":2,\"hours_scheduled\":8}]}}", "case.partial_days[0].date:");
  expect_invalid (FACTS_HEAD CLAIMANT EMPLOYER "\"case\":{\"partial_days\":[{\"date\":\"2026-09-03\","
                  "\"hours_absent\":9,\"hours_scheduled\":8}]}}", "case.partial_days[0].hours_absent:");
  expect_invalid (FACTS_HEAD CLAIMANT EMPLOYER "\"usage\":{\"2026\":{\"sickness_wd\":1.25}},"
                  "\"case\":{}}", "usage.2026.sickness_wd:");
  expect_invalid (FACTS_HEAD "\"claimant\":{\"sex\":\"female\",\"insured\":true,\"si_years\":3,"
                  "\"contributions\":[{\"month\":\"2026-08\",\"salary\":1},{\"month\":\"2026-08\","
                  "\"salary\":2}]}," EMPLOYER "\"case\":{}}", "claimant.contributions: month 2026-08");
  expect_invalid (FACTS_HEAD CLAIMANT "\"employer\":{\"calendar\":\"enterprise\","
                  "\"holidays_extra\":[\"2026-09-03\"],\"working_days_extra\":[\"2026-09-03\"]},"
                  "\"case\":{}}", "employer.working_days_extra: 2026-09-03 is also in holidays_extra");
  expect_invalid ("{\"format\":\"claimdesk-facts-1\",\"benefit\":\"childbirth\",\"claimant\":"
                  "{\"sex\":\"male\",\"insured\":true,\"si_years\":3,\"contributions\":[]},"
                  EMPLOYER "\"case\":{\"birth_date\":\"2026-09-10\",\"leave_from\":\"2026-09-10\"}}",
                  "claimant.sex:");
}

static void
test_texts_complete (void)
{
  guint count;
  const CdRuleText *texts = cd_rule_text_all (&count);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (count, >, 40);
  for (guint i = 0; i < count; i++)
    {
      g_assert_true (g_hash_table_add (seen, (gpointer) texts[i].code));
      /* Reasons and lines cite the law; assumptions are POLICY and cite none. */
      g_assert_true ((texts[i].citation == NULL) == g_str_has_prefix (texts[i].code, "policy."));
      g_assert_cmpuint (strlen (texts[i].message_en), >, 10);
      g_assert_true (g_utf8_validate (texts[i].message_vi, -1, NULL));
      /* Vietnamese with its diacritics: at least one non-ASCII letter. */
      g_assert_cmpint ((glong) strlen (texts[i].message_vi), >,
                       g_utf8_strlen (texts[i].message_vi, -1));
    }
}

/* Every proof kind docs/rules.md lists has a label for the screen; others pass through. */
static void
test_proof_kind_labels (void)
{
  g_autofree char *docs = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "rules.md", NULL);
  g_autofree char *list = NULL;
  g_auto(GStrv) parts = NULL;
  const char *start;
  const char *end;
  guint kinds = 0;

  g_assert_true (g_file_get_contents (path, &docs, NULL, NULL));
  start = strstr (docs, "Kinds: ");
  g_assert_nonnull (start);
  end = strstr (start, ".\n");
  g_assert_nonnull (end);
  list = g_strndup (start, (gsize) (end - start));
  parts = g_strsplit (list, "`", -1);
  for (guint i = 1; parts[i] != NULL && parts[i + 1] != NULL; i += 2)
    {
      const char *label = cd_proof_kind_label (parts[i]);

      g_assert_cmpstr (label, !=, parts[i]);
      g_assert_cmpuint (strlen (label), >, 10);
      kinds++;
    }
  g_assert_cmpuint (kinds, ==, 13);

  g_assert_cmpstr (cd_proof_kind_label ("leave_certificate"), ==,
                   "Certificate of leave for social insurance (XML11)");
  g_assert_cmpstr (cd_proof_kind_label ("no_such_kind"), ==, "no_such_kind");
  g_assert_cmpstr (cd_proof_kind_label (NULL), ==, "");
}

static void
test_docs_list_every_code (void)
{
  g_autofree char *docs = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "rules.md", NULL);
  guint count;
  const CdRuleText *texts = cd_rule_text_all (&count);

  g_assert_true (g_file_get_contents (path, &docs, NULL, NULL));
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("`%s`", texts[i].code);
      if (strstr (docs, quoted) == NULL)
        g_error ("docs/rules.md does not list %s", texts[i].code);
    }
}

/* Removes each member of the facts in turn: the engine must evaluate or refuse with an exit-2/3
 * error, never crash or half-answer. */
static void
remove_each_member (JsonNode *root,
                    JsonNode *node,
                    guint    *evaluations)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        remove_each_member (root, json_array_get_element (array, i), evaluations);
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;

  {
    JsonObject *object = json_node_get_object (node);
    g_autoptr(GList) members = json_object_get_members (object);

    for (GList *l = members; l != NULL; l = l->next)
      {
        g_autoptr(JsonNode) saved = json_node_copy (json_object_get_member (object, l->data));
        g_autoptr(GError) error = NULL;
        g_autoptr(CdFacts) facts = NULL;
        g_autoptr(CdResult) result = NULL;
        g_autofree char *name = g_strdup (l->data);

        remove_each_member (root, saved, evaluations);
        json_object_remove_member (object, name);
        facts = cd_facts_parse_node (root, &error);
        if (facts != NULL)
          result = cd_rules_evaluate (pack, facts, &error);
        g_assert_true ((result != NULL) != (error != NULL));
        if (error != NULL)
          g_assert_true (error->domain == CD_RULES_ERROR);
        (*evaluations)++;
        json_object_set_member (object, name, g_steal_pointer (&saved));
      }
  }
}

static void
test_facts_missing_members_never_crash (void)
{
  const char *names[] = { "ex01-outpatient", "ex03-half-days", "ex05-sick-child-under-3",
                          "ex08-first-child", "ex09-father-caesarean-twins-split",
                          "takeover-remaining-insured-father", "surrogate-early-handover-60-days",
                          "commissioning-mother-gets-lump-sum", "adoption-under-6-months",
                          "recovery-after-caesarean", "loss-22w0d-as-birth", "voluntary-twins",
                          "ex07a-prenatal", "rl-lump-sum-2026-06-30", "ex06-recovery-refused" };
  guint evaluations = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = case_path (names[i], ".facts.json");
      g_autoptr(JsonNode) root = load_json (path);

      remove_each_member (root, root, &evaluations);
    }
  g_assert_cmpuint (evaluations, >, 200);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pack_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *file;
  int status;

  g_test_init (&argc, &argv, NULL);

  pack_dir = cd_rule_pack_default_dir ();
  pack = cd_rule_pack_load (pack_dir, &error);
  g_assert_no_error (error);

  g_test_add_func ("/rules/money/half-up", test_money_half_up);
  g_test_add_func ("/rules/money/parse", test_money_parse);
  g_test_add_func ("/rules/date/parse", test_date_parse);
  g_test_add_func ("/rules/date/months", test_date_months);
  g_test_add_func ("/rules/pack/loads", test_pack_loads);
  g_test_add_func ("/rules/pack/loads-async", test_pack_loads_async);
  g_test_add_func ("/rules/pack/past-review", test_pack_past_review);
  g_test_add_func ("/rules/pack/broken-names-file-and-line", test_pack_broken_names_file_and_line);
  g_test_add_func ("/rules/facts/name-the-field", test_facts_name_the_field);
  g_test_add_func ("/rules/facts/missing-members-never-crash",
                   test_facts_missing_members_never_crash);
  g_test_add_func ("/rules/texts/complete", test_texts_complete);
  g_test_add_func ("/rules/texts/docs-list-every-code", test_docs_list_every_code);
  g_test_add_func ("/rules/texts/proof-kind-labels", test_proof_kind_labels);
  g_test_add_func ("/rules/cli/broken-pack-exits-3", test_cli_broken_pack_exits_3);
  g_test_add_func ("/rules/cli/reads-stdin", test_cli_reads_stdin);
  g_test_add_func ("/rules/cli/malformed-json-exits-2", test_cli_malformed_json_exits_2);

  data_dir = g_test_build_filename (G_TEST_DIST, "data", "rules", NULL);
  dir = g_dir_open (data_dir, 0, &error);
  g_assert_no_error (error);
  while ((file = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (file, ".facts.json"))
      g_ptr_array_add (names, g_strndup (file, strlen (file) - strlen (".facts.json")));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, 10);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *engine_path = g_strdup_printf ("/rules/case/%s", (char *) names->pdata[i]);
      g_autofree char *cli_path = g_strdup_printf ("/rules/cli-case/%s", (char *) names->pdata[i]);
      g_test_add_data_func (engine_path, names->pdata[i], test_case_engine);
      g_test_add_data_func (cli_path, names->pdata[i], test_case_cli);
    }

  status = g_test_run ();
  cd_rule_pack_unref (pack);
  return status;
}
