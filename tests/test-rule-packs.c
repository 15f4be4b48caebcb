/* test-rule-packs.c — signed rule-pack updates: building, verifying, golden cases, installing,
 * taking effect on their date, and the assumptions for what a pack lacks (docs/rules.md). */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-data-dir.h"
#include "cd-decision.h"
#include "cd-installed-pack.h"
#include "cd-rule-pack-file.h"
#include "cd-rule-pack-golden.h"
#include "cd-rule-pack-install.h"
#include "cd-rules-engine.h"
#include "test-util.h"

#define NEXT_ID "vn-si-2024+2027.01"

typedef struct
{
  char         *dir;        /* scratch */
  char         *packs_dir;  /* where packs get installed */
  CdTrustStore *trust;
  CdSigningKey *central;
} Fixture;

static char *
pki (const char *first,
     ...)
{
  g_autofree char *root = cd_data_dir_demo_pki ();
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (parts, root);
  g_ptr_array_add (parts, (gpointer) first);
  va_start (args, first);
  for (const char *part = va_arg (args, const char *); part != NULL;
       part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trust_dir = pki ("trust", NULL);
  g_autofree char *key = pki ("central", "configuration.key.pem", NULL);
  g_autofree char *cert = pki ("central", "configuration.cert.pem", NULL);

  fixture->dir = test_tmpdir_new ();
  fixture->packs_dir = g_build_filename (fixture->dir, "packs", NULL);
  fixture->trust = cd_trust_store_new_from_dir (trust_dir, &error);
  g_assert_no_error (error);
  fixture->central = cd_signing_key_new_from_files (key, cert, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->trust);
  g_clear_object (&fixture->central);
  g_free (fixture->packs_dir);
  test_tmpdir_free (fixture->dir);
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = NULL;

  g_assert_nonnull (strstr (text, from));
  parts = g_strsplit (text, from, 2);
  return g_strjoinv (to, parts);
}

static void
copy_folder (const char *from,
             const char *to)
{
  g_autoptr(GDir) listing = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autofree char *text = read_text (source);

      write_text (target, text);
    }
}

/* A copy of the shipped pack under a new version, in a folder of the fixture's. */
static char *
make_pack (Fixture    *fixture,
           const char *name,
           const char *version)
{
  g_autofree char *shipped = cd_rule_pack_default_dir ();
  char *dir = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *params_from = g_build_filename (shipped, "parameters.json", NULL);
  g_autofree char *params_to = g_build_filename (dir, "parameters.json", NULL);
  g_autofree char *text = read_text (params_from);
  g_autofree char *renamed = replace (text, "\"version\": \"vn-si-2024+2026.07\"",
                                      version);
  g_autofree char *cal_from = g_build_filename (shipped, "calendars", NULL);
  g_autofree char *cal_to = g_build_filename (dir, "calendars", NULL);
  g_autofree char *golden_from = g_build_filename (shipped, "golden", NULL);
  g_autofree char *golden_to = g_build_filename (dir, "golden", NULL);

  write_text (params_to, renamed);
  copy_folder (cal_from, cal_to);
  copy_folder (golden_from, golden_to);
  return dir;
}

static void
edit_file (const char *dir,
           const char *relative,
           const char *from,
           const char *to)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *text = read_text (path);
  g_autofree char *changed = replace (text, from, to);

  write_text (path, changed);
}

static GBytes *
build (Fixture      *fixture,
       const char   *dir,
       const char   *id,
       const char   *effective,
       CdSigningKey *key)
{
  g_autoptr(GError) error = NULL;
  CdDay day;
  GBytes *bytes;

  g_assert_true (cd_date_parse (effective, &day));
  bytes = cd_rule_pack_file_build (dir, id, day, key != NULL ? key : fixture->central, &error);
  g_assert_no_error (error);
  return bytes;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

/* Refused: the error, the source named, nothing installed (no folder, no work left behind) and
 * a "refused" line in the log. */
static void
expect_refused (Fixture    *fixture,
                GBytes     *bytes,
                GQuark      domain,
                int         code,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdInstalledPack) info = NULL;
  g_autoptr(GPtrArray) log = NULL;
  CdRulePackLogEntry *last;

  g_assert_false (cd_rule_pack_install_bytes (bytes, "usb/pack.xml", fixture->trust,
                                              fixture->packs_dir, &info, NULL, &error));
  g_assert_error (error, domain, code);
  g_assert_null (info);
  g_assert_nonnull (strstr (error->message, "usb/pack.xml"));
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", error->message, needle);
  /* Only the log: no pack folder, no hidden work folder. */
  g_assert_cmpuint (count_entries (fixture->packs_dir), ==, 1);
  log = cd_rule_pack_install_log_read (fixture->packs_dir, 10);
  last = g_ptr_array_index (log, 0);
  g_assert_cmpstr (last->outcome, ==, "refused");
  g_assert_cmpstr (last->message, ==, error->message);
}

static const char *
next_version (void)
{
  return "\"version\": \"" NEXT_ID "\"";
}

static void
test_install_good_then_again (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "next", next_version ());
  g_autoptr(GBytes) bytes = build (fixture, dir, NEXT_ID, "2027-01-01", NULL);
  g_autoptr(CdInstalledPack) info = NULL;
  g_autoptr(CdInstalledPack) again = NULL;
  g_autoptr(CdInstalledPack) read = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GPtrArray) installed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_build_filename (fixture->packs_dir, NEXT_ID, NULL);
  g_autofree char *golden = g_build_filename (target, "golden", "01-sickness-outpatient.json",
                                              NULL);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  gboolean already = TRUE;

  g_assert_true (cd_rule_pack_install_bytes (bytes, "usb/pack.xml", fixture->trust,
                                             fixture->packs_dir, &info, &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  g_assert_cmpstr (info->id, ==, NEXT_ID);
  g_assert_cmpint (info->effective, ==, cd_date_from_ymd (2027, 1, 1));
  g_assert_cmpstr (info->sha256, ==, sha256);
  g_assert_nonnull (strstr (info->signer, "TEST-ONLY central configuration"));
  g_assert_cmpstr (info->dir, ==, target);
  g_assert_true (g_file_test (golden, G_FILE_TEST_EXISTS));
  read = cd_installed_pack_read (target, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->sha256, ==, sha256);
  g_assert_cmpstr (read->source, ==, "usb/pack.xml");

  /* The same file again: nothing changes, and it says so. */
  g_assert_true (cd_rule_pack_install_bytes (bytes, "usb/pack.xml", fixture->trust,
                                             fixture->packs_dir, &again, &already, &error));
  g_assert_no_error (error);
  g_assert_true (already);
  g_assert_cmpstr (again->installed_at, ==, info->installed_at);
  installed = cd_installed_packs_list (fixture->packs_dir);
  g_assert_cmpuint (installed->len, ==, 1);
  log = cd_rule_pack_install_log_read (fixture->packs_dir, 10);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (((CdRulePackLogEntry *) log->pdata[0])->outcome, ==, "already_installed");
  g_assert_cmpstr (((CdRulePackLogEntry *) log->pdata[1])->outcome, ==, "installed");
}

static void
test_refuse_tampered (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "next", next_version ());
  g_autoptr(GBytes) bytes = build (fixture, dir, NEXT_ID, "2027-01-01", NULL);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GBytes) tampered = NULL;
  char *content = strchr (strstr (text, "<File "), '>') + 5;

  /* One base64 character of parameters.json changed after signing. */
  *content = *content == 'A' ? 'B' : 'A';
  tampered = g_bytes_new (text, strlen (text));
  expect_refused (fixture, tampered, CD_RULE_PACK_FILE_ERROR,
                  CD_RULE_PACK_FILE_ERROR_BAD_SIGNATURE, "does not match its content");
}

static void
test_refuse_unsigned (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "next", next_version ());
  g_autoptr(GBytes) bytes = build (fixture, dir, NEXT_ID, "2027-01-01", NULL);
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (bytes, NULL),
                                              g_bytes_get_size (bytes));
  char *start = strstr (text->str, "<CHUKYDONVI");
  char *end = strstr (text->str, "</CHUKYDONVI>") + strlen ("</CHUKYDONVI>");
  g_autoptr(GBytes) stripped = NULL;

  g_string_erase (text, start - text->str, end - start);
  stripped = g_bytes_new (text->str, text->len);
  expect_refused (fixture, stripped, CD_RULE_PACK_FILE_ERROR, CD_RULE_PACK_FILE_ERROR_UNSIGNED,
                  "not signed");
}

static void
test_refuse_untrusted (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "next", next_version ());
  g_autofree char *key_path = pki ("untrusted", "facilities", "99001.key.pem", NULL);
  g_autofree char *cert_path = pki ("untrusted", "facilities", "99001.cert.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSigningKey) stranger = cd_signing_key_new_from_files (key_path, cert_path, &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  bytes = build (fixture, dir, NEXT_ID, "2027-01-01", stranger);
  expect_refused (fixture, bytes, CD_RULE_PACK_FILE_ERROR,
                  CD_RULE_PACK_FILE_ERROR_UNTRUSTED_SIGNER, "no trust anchor");
}

/* Signed by central, but a golden case no longer gives its result on this workstation. */
static void
test_refuse_failing_golden (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "next", next_version ());
  g_autoptr(GBytes) bytes = NULL;

  edit_file (dir, "golden/01-sickness-outpatient.json", "\"total\": 1406250",
             "\"total\": 1406000");
  bytes = build (fixture, dir, NEXT_ID, "2027-01-01", NULL);
  expect_refused (fixture, bytes, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_GOLDEN,
                  "golden/01-sickness-outpatient.json: total: expected 1406000, got 1406250");
}

/* A parameter changed so that the shipped cases no longer hold (a new sickness rate) fails its
 * case by line amount. */
static void
test_refuse_golden_by_changed_parameter (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "next", next_version ());
  g_autoptr(GBytes) bytes = NULL;

  edit_file (dir, "parameters.json", "\"sickness_rate\": [", "\"sickness_rate_old\": [");
  bytes = build (fixture, dir, NEXT_ID, "2027-01-01", NULL);
  /* A name the engine does not know: the pack does not load, named with its file and line. */
  expect_refused (fixture, bytes, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_BROKEN,
                  "parameters.json:");
}

static void
test_refuse_no_golden (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "next", next_version ());
  g_autofree char *golden = g_build_filename (dir, "golden", NULL);
  g_autoptr(GDir) listing = g_dir_open (golden, 0, NULL);
  g_autoptr(GBytes) bytes = NULL;
  const char *name;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (golden, name, NULL);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  bytes = build (fixture, dir, NEXT_ID, "2027-01-01", NULL);
  expect_refused (fixture, bytes, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_GOLDEN,
                  "no golden cases");
}

static void
test_refuse_id_not_version (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "next", next_version ());
  g_autoptr(GBytes) bytes = build (fixture, dir, "vn-si-2024+2099.01", "2027-01-01", NULL);

  expect_refused (fixture, bytes, CD_RULE_PACK_INSTALL_ERROR, CD_RULE_PACK_INSTALL_ERROR_BROKEN,
                  "version " NEXT_ID);
}

static CdFacts *
facts_decided_on (const char *name,
                  const char *decided_on,
                  gboolean    assume)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "rules", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  CdFacts *facts;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (root, "decided_on", decided_on);
  if (assume)
    {
      JsonObject *options = json_object_new ();

      json_object_set_boolean_member (options, "assume_missing_calendar", TRUE);
      json_object_set_boolean_member (options, "assume_missing_parameter", TRUE);
      json_object_set_object_member (root, "options", options);
    }
  facts = cd_facts_parse_node (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  return facts;
}

/* Installed with a future date: not used for claims decided before it, used from it on; the
 * result, and so the frozen decision, names the pack actually used. */
static void
test_future_pack_takes_effect_on_its_date (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "next", next_version ());
  g_autoptr(GBytes) bytes = build (fixture, dir, NEXT_ID, "2027-01-01", NULL);
  g_autofree char *shipped = cd_rule_pack_default_dir ();
  g_autoptr(CdRulePack) pack = NULL;
  g_autoptr(CdFacts) before = facts_decided_on ("ex01-outpatient.facts.json", "2026-12-31",
                                                FALSE);
  g_autoptr(CdFacts) after = facts_decided_on ("ex01-outpatient.facts.json", "2027-01-01", FALSE);
  g_autoptr(CdResult) result_before = NULL;
  g_autoptr(CdResult) result_after = NULL;
  g_autofree char *json = NULL;
  g_autofree char *evaluation = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_rule_pack_install_bytes (bytes, "usb/pack.xml", fixture->trust,
                                             fixture->packs_dir, NULL, NULL, &error));
  g_assert_no_error (error);
  pack = cd_rule_pack_load_with_installed (shipped, fixture->packs_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_rule_pack_get_version (cd_rule_pack_for_day (pack,
                                                                   cd_date_from_ymd (2026, 12,
                                                                                     31))),
                   ==, "vn-si-2024+2026.07");
  g_assert_cmpstr (cd_rule_pack_get_version (cd_rule_pack_for_day (pack,
                                                                   cd_date_from_ymd (2027, 1, 1))),
                   ==, NEXT_ID);
  g_assert_cmpint (cd_rule_pack_get_effective (cd_rule_pack_for_day (pack,
                                                                     cd_date_from_ymd (2027, 5,
                                                                                       1))),
                   ==, cd_date_from_ymd (2027, 1, 1));

  result_before = cd_rules_evaluate (pack, before, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result_before->rulepack, ==, "vn-si-2024+2026.07");
  result_after = cd_rules_evaluate (pack, after, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result_after->rulepack, ==, NEXT_ID);
  g_assert_cmpint (cd_result_get_total (result_after), ==, 1406250);

  /* The decision frozen from that result keeps the pack it was made with. */
  json = cd_result_to_string (result_after, NULL, FALSE);
  evaluation = cd_decision_evaluation_json (json, "TEST-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (evaluation, "\"rulepack\":\"" NEXT_ID "\""));
}

/* claimdesk-cli evaluate follows the same rule, with --packs-dir. */
static void
test_cli_evaluate_uses_pack_in_force (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "next", next_version ());
  g_autoptr(GBytes) bytes = build (fixture, dir, NEXT_ID, "2027-01-01", NULL);
  g_autofree char *facts = g_test_build_filename (G_TEST_DIST, "data", "rules",
                                                  "ex01-outpatient.facts.json", NULL);
  g_autofree char *text = read_text (facts);
  g_autofree char *later = replace (text, "\"decided_on\": \"2026-11-20\"",
                                    "\"decided_on\": \"2027-02-01\"");
  g_autofree char *later_path = g_build_filename (fixture->dir, "later.facts.json", NULL);
  const char *cli = g_getenv ("CLAIMDESK_CLI");
  const char *argv_before[] = { cli, "evaluate", "--packs-dir", fixture->packs_dir, facts, NULL };
  const char *argv_after[] = { cli, "evaluate", "--packs-dir", fixture->packs_dir, later_path,
                               NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_rule_pack_install_bytes (bytes, "usb/pack.xml", fixture->trust,
                                             fixture->packs_dir, NULL, NULL, &error));
  write_text (later_path, later);
  g_assert_cmpint (test_run (argv_before, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"rulepack\":\"vn-si-2024+2026.07\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (argv_after, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"rulepack\":\"" NEXT_ID "\""));
}

static void
test_shipped_golden_cases_pass (void)
{
  g_autofree char *shipped = cd_rule_pack_default_dir ();
  g_autofree char *golden = g_build_filename (shipped, "golden", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) pack = cd_rule_pack_load (shipped, &error);
  guint count = 0;

  g_assert_no_error (error);
  g_assert_true (cd_rule_pack_check_golden (pack, golden, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, >=, 8);
}

/* A claim counting working days in 2028, a year no calendar covers: exit 3 by default, the named
 * assumption under the option. */
static void
test_missing_calendar_assumed (void)
{
  g_autofree char *shipped = cd_rule_pack_default_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) pack = cd_rule_pack_load (shipped, &error);
  g_autoptr(CdFacts) strict = facts_decided_on ("cannot-apply-no-calendar-2028.facts.json",
                                                "2026-11-20", FALSE);
  g_autoptr(CdFacts) assuming = facts_decided_on ("cannot-apply-no-calendar-2028.facts.json",
                                                  "2026-11-20", TRUE);
  g_autoptr(CdResult) result = cd_rules_evaluate (pack, strict, &error);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;

  g_assert_null (result);
  g_assert_error (error, CD_RULES_ERROR, CD_RULES_ERROR_CANNOT_APPLY);
  g_clear_error (&error);
  result = cd_rules_evaluate (pack, assuming, &error);
  g_assert_no_error (error);
  /* Wed 1 – Tue 7 Mar 2028 on a Monday–Friday week: 5 days at 9,000,000 ÷ 24. */
  g_assert_cmpint (cd_result_get_total (result), ==, 1875000);
  text = cd_result_to_string (result, NULL, FALSE);
  g_assert_nonnull (strstr (text, "\"code\":\"policy.calendar_assumed\""));
  g_assert_nonnull (strstr (text, "No confirmed holiday calendar for 2028"));
  g_assert_nonnull (strstr (text, "Chưa có lịch nghỉ lễ chính thức cho năm 2028"));
  g_assert_nonnull (strstr (text, "\"about\":[\"2028\"]"));
}

/* A parameter whose last value has ended: exit 3 by default, the last value and a named
 * assumption under the option. */
static void
test_missing_parameter_assumed (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "closed", next_version ());
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) pack = NULL;
  g_autoptr(CdFacts) strict = facts_decided_on ("rl-recovery-2026-07-01.facts.json",
                                                "2026-11-20", FALSE);
  g_autoptr(CdFacts) assuming = facts_decided_on ("rl-recovery-2026-07-01.facts.json",
                                                  "2026-11-20", TRUE);
  g_autoptr(CdResult) result = NULL;
  g_autofree char *text = NULL;

  /* The reference level of 1 July 2026 closed on 30 June, as if its successor were not sent. */
  edit_file (dir, "parameters.json",
             "{ \"from\": \"2026-07-01\", \"value\": 2530000,",
             "{ \"from\": \"2026-04-01\", \"to\": \"2026-06-30\", \"value\": 2340000,");
  edit_file (dir, "parameters.json",
             "{ \"from\": \"2024-07-01\", \"to\": \"2026-06-30\", \"value\": 2340000,",
             "{ \"from\": \"2024-07-01\", \"to\": \"2026-03-31\", \"value\": 2340000,");
  pack = cd_rule_pack_load (dir, &error);
  g_assert_no_error (error);
  result = cd_rules_evaluate (pack, strict, &error);
  g_assert_null (result);
  g_assert_error (error, CD_RULES_ERROR, CD_RULES_ERROR_CANNOT_APPLY);
  g_assert_nonnull (strstr (error->message, "reference_level"));
  g_clear_error (&error);
  result = cd_rules_evaluate (pack, assuming, &error);
  g_assert_no_error (error);
  /* 5 days × 30 % × 2,340,000: the last value carried on. */
  g_assert_cmpint (cd_result_get_total (result), ==, 3510000);
  text = cd_result_to_string (result, NULL, FALSE);
  g_assert_nonnull (strstr (text, "\"code\":\"policy.parameter_assumed\""));
  g_assert_nonnull (strstr (text, "reference_level (2026-07-01)"));
}

/* The command line: build, install (twice), list. */
static void
test_cli_build_install_list (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *dir = make_pack (fixture, "next", next_version ());
  g_autofree char *out_file = g_build_filename (fixture->dir, "next.xml", NULL);
  g_autofree char *key = pki ("central", "configuration.key.pem", NULL);
  g_autofree char *cert = pki ("central", "configuration.cert.pem", NULL);
  g_autofree char *trust = pki ("trust", NULL);
  const char *cli = g_getenv ("CLAIMDESK_CLI");
  const char *build_argv[] = { cli, "rules", "build", "--dir", dir, "--id", NEXT_ID,
                               "--effective", "2099-01-01", "--key", key, "--cert", cert,
                               "--out", out_file, NULL };
  const char *install_argv[] = { cli, "rules", "install", out_file, "--trust-dir", trust,
                                 "--packs-dir", fixture->packs_dir, NULL };
  const char *list_argv[] = { cli, "rules", "list", "--json", "--packs-dir", fixture->packs_dir,
                              NULL };
  const char *strange_argv[] = { cli, "rules", "install", out_file, "--packs-dir",
                                 fixture->packs_dir, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *first;

  g_assert_cmpint (test_run (build_argv, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* With the workstation's own anchors (none in the test's XDG dir) the signer is a stranger. */
  g_assert_cmpint (test_run (strange_argv, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "no trust anchor"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (install_argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Installed rule pack " NEXT_ID));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (install_argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "already installed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (list_argv, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  /* Installed for 2099: today the shipped pack is still the one in force. */
  g_assert_cmpstr (json_object_get_string_member (root, "active"), ==, "vn-si-2024+2026.07");
  first = json_array_get_object_element (json_object_get_array_member (root, "installed"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, NEXT_ID);
  g_assert_cmpstr (json_object_get_string_member (first, "effective"), ==, "2099-01-01");
  g_assert_false (json_object_get_boolean_member (first, "active"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "log")), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/packs/install/good-then-again", test_install_good_then_again);
  ADD ("/packs/install/refuse-tampered", test_refuse_tampered);
  ADD ("/packs/install/refuse-unsigned", test_refuse_unsigned);
  ADD ("/packs/install/refuse-untrusted", test_refuse_untrusted);
  ADD ("/packs/install/refuse-failing-golden", test_refuse_failing_golden);
  ADD ("/packs/install/refuse-broken-file", test_refuse_golden_by_changed_parameter);
  ADD ("/packs/install/refuse-no-golden", test_refuse_no_golden);
  ADD ("/packs/install/refuse-id-not-version", test_refuse_id_not_version);
  ADD ("/packs/effective/future-pack-on-its-date", test_future_pack_takes_effect_on_its_date);
  ADD ("/packs/effective/cli-evaluate", test_cli_evaluate_uses_pack_in_force);
  ADD ("/packs/assume/parameter", test_missing_parameter_assumed);
  ADD ("/packs/cli/build-install-list", test_cli_build_install_list);
#undef ADD
  g_test_add_func ("/packs/golden/shipped-cases-pass", test_shipped_golden_cases_pass);
  g_test_add_func ("/packs/assume/calendar", test_missing_calendar_assumed);
  return g_test_run ();
}
