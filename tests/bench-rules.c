/* bench-rules.c — evaluations per second of the rules engine over a mixed batch of generated facts.
 *
 * Run from the build tree: `CLAIMDESK_DATADIR=../data build/tests/bench-rules [COUNT]`. It
 * generates COUNT (default 100,000) facts documents across the benefits, then times (1) the engine
 * alone on facts parsed beforehand and (2) the whole contract path: JSON parsing, evaluation and
 * writing the result JSON. A benchmark is a program, not a timed test: figures depend on the
 * machine.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "cd-facts.h"
#include "cd-result.h"
#include "cd-rule-pack.h"
#include "cd-rules-engine.h"

/* Contributions for the 12 months before `year-month`, at `salary`. */
static void
append_contributions (GString *out,
                      int      year,
                      int      month,
                      gint64   salary)
{
  int index = year * 12 + month - 1;

  g_string_append (out, "\"contributions\":[");
  for (int i = 12; i >= 1; i--)
    g_string_append_printf (out, "%s{\"month\":\"%04d-%02d\",\"salary\":%" G_GINT64_FORMAT "}",
                            i == 12 ? "" : ",", (index - i) / 12, (index - i) % 12 + 1, salary);
  g_string_append (out, "]");
}

static char *
generate (GRand *rand,
          guint  i)
{
  g_autoptr(GString) out = g_string_new ("{\"format\":\"claimdesk-facts-1\",\"decided_on\":\"2026-11-20\",");
  int month = g_rand_int_range (rand, 2, 12);
  int day = g_rand_int_range (rand, 1, 25);
  gint64 salary = 5000000 + (gint64) g_rand_int_range (rand, 0, 600) * 100000;
  const char *calendar = g_rand_boolean (rand) ? "public-sector" : "enterprise";
  int kind = (int) (i % 8);
  const char *benefits[] = { "sickness", "child_sickness", "childbirth", "father_leave",
                             "contraception", "prenatal_checkup", "pregnancy_loss",
                             "recovery_after_sickness" };
  const char *sex = kind == 3 ? "male" : "female";

  g_string_append_printf (out, "\"benefit\":\"%s\",\"claimant\":{\"sex\":\"%s\",\"insured\":true,"
                          "\"si_years\":%d,", benefits[kind], sex, g_rand_int_range (rand, 0, 35));
  append_contributions (out, 2026, month, salary);
  g_string_append_printf (out, "},\"employer\":{\"calendar\":\"%s\",\"weekly_rest\":[\"sat\",\"sun\"]},"
                          "\"usage\":{\"2026\":{\"sickness_wd\":%d,\"sickness_days\":%d,"
                          "\"recovery_days\":0,\"child_wd\":{\"c1\":%d}}},\"case\":",
                          calendar, g_rand_int_range (rand, 0, 40), g_rand_int_range (rand, 0, 60),
                          g_rand_int_range (rand, 0, 20));
  switch (kind)
    {
    case 0:
      g_string_append_printf (out, "{\"leave\":[{\"from\":\"2026-%02d-%02d\",\"to\":\"2026-%02d-%02d\"}],"
                              "\"partial_days\":[],\"excluded\":[],\"cause\":\"illness\","
                              "\"long_term_disease\":%s}", month, day, month, MIN (day + 14, 28),
                              g_rand_boolean (rand) ? "true" : "false");
      break;
    case 1:
      g_string_append_printf (out, "{\"child\":{\"key\":\"c1\",\"birth_date\":\"2022-%02d-10\"},"
                              "\"leave\":[{\"from\":\"2026-%02d-%02d\",\"to\":\"2026-%02d-%02d\"}],"
                              "\"partial_days\":[],\"excluded\":[]}", month, month, day, month,
                              MIN (day + 6, 28));
      break;
    case 2:
      g_string_append_printf (out, "{\"birth_date\":\"2026-%02d-%02d\",\"leave_from\":\"2026-%02d-%02d\","
                              "\"children\":%d,\"living_children_before\":%d,\"caesarean\":false,"
                              "\"weeks_at_birth\":39}", month, day, month, day,
                              g_rand_int_range (rand, 1, 3), g_rand_int_range (rand, 0, 3));
      break;
    case 3:
      g_string_append_printf (out, "{\"birth_date\":\"2026-%02d-%02d\",\"children\":%d,"
                              "\"caesarean\":%s,\"weeks_at_birth\":38,\"wife_living_children_before\":%d,"
                              "\"parts\":[{\"from\":\"2026-%02d-%02d\",\"to\":\"2026-%02d-%02d\"}]}",
                              month, day, g_rand_int_range (rand, 1, 4),
                              g_rand_boolean (rand) ? "true" : "false", g_rand_int_range (rand, 0, 3),
                              month, day, month, MIN (day + 12, 28));
      break;
    case 4:
      g_string_append_printf (out, "{\"method\":\"%s\",\"from\":\"2026-%02d-%02d\",\"days\":%d}",
                              g_rand_boolean (rand) ? "iud" : "sterilisation", month, day,
                              g_rand_int_range (rand, 1, 20));
      break;
    case 5:
      g_string_append_printf (out, "{\"visits\":[{\"from\":\"2026-%02d-%02d\",\"to\":\"2026-%02d-%02d\"}],"
                              "\"visits_before\":%d}", month, day, month, day + 1,
                              g_rand_int_range (rand, 0, 6));
      break;
    case 6:
      g_string_append_printf (out, "{\"event_date\":\"2026-%02d-%02d\",\"gestation\":{\"weeks\":%d,"
                              "\"days\":%d},\"leave\":{\"from\":\"2026-%02d-%02d\",\"days\":%d}}",
                              month, day, g_rand_int_range (rand, 2, 30), g_rand_int_range (rand, 0, 7),
                              month, day, g_rand_int_range (rand, 5, 60));
      break;
    default:
      g_string_append_printf (out, "{\"last_sickness\":{\"ended_on\":\"2026-%02d-%02d\",\"kind\":\"other\"},"
                              "\"recovery\":{\"from\":\"2026-%02d-%02d\",\"days\":%d}}", month, day,
                              month, MIN (day + 3, 28), g_rand_int_range (rand, 1, 12));
      break;
    }
  g_string_append (out, "}");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

int
main (int    argc,
      char **argv)
{
  guint count = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 100000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cd_rule_pack_default_dir ();
  g_autoptr(CdRulePack) pack = cd_rule_pack_load (dir, &error);
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_facts_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261120);
  guint refused = 0, errors = 0;
  gint64 checksum = 0, start;
  gsize json_bytes = 0;
  double engine_s, full_s, parse_s;

  if (pack == NULL)
    {
      g_printerr ("bench-rules: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < count; i++)
    g_ptr_array_add (documents, generate (rand, i));
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GError) parse_error = NULL;
      CdFacts *facts = cd_facts_parse_data (documents->pdata[i], -1, &parse_error);
      if (facts == NULL)
        g_error ("generated facts %u are invalid: %s", i, parse_error->message);
      g_ptr_array_add (parsed, facts);
    }

  /* 1. The engine alone. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GError) eval_error = NULL;
      g_autoptr(CdResult) result = cd_rules_evaluate (pack, parsed->pdata[i], &eval_error);
      if (result == NULL)
        errors++;
      else
        {
          checksum += cd_result_get_total (result);
          refused += !result->eligible;
        }
    }
  engine_s = (g_get_monotonic_time () - start) / 1e6;

  /* 2. Parsing alone, to show where the time of the contract path goes. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(CdFacts) facts = cd_facts_parse_data (documents->pdata[i], -1, NULL);
      g_assert (facts != NULL);
    }
  parse_s = (g_get_monotonic_time () - start) / 1e6;

  /* 3. The contract path: parse the JSON facts, evaluate, write the JSON result. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GError) eval_error = NULL;
      g_autoptr(CdFacts) facts = cd_facts_parse_data (documents->pdata[i], -1, &eval_error);
      g_autoptr(CdResult) result = facts != NULL ? cd_rules_evaluate (pack, facts, &eval_error) : NULL;
      g_autofree char *json = result != NULL ? cd_result_to_string (result, NULL, FALSE) : NULL;
      checksum -= result != NULL ? cd_result_get_total (result) : 0;
      /* Counted so the serialisation is part of what is timed and cannot be optimised away. */
      json_bytes += json != NULL ? strlen (json) : 0;
    }
  full_s = (g_get_monotonic_time () - start) / 1e6;

  printf ("results written: %" G_GSIZE_FORMAT " bytes of JSON\n", json_bytes);
  printf ("evaluations: %u (8 benefit kinds; %u not eligible, %u exit-2/3 errors)\n", count, refused,
          errors);
  printf ("engine only (facts parsed beforehand): %.3f s, %.0f evaluations/s\n", engine_s,
          count / engine_s);
  printf ("with JSON (parse facts + evaluate + write result): %.3f s, %.0f evaluations/s\n", full_s,
          count / full_s);
  printf ("facts JSON parsing alone: %.3f s, %.0f documents/s\n", parse_s, count / parse_s);
  printf ("checksum (must be 0): %" G_GINT64_FORMAT "\n", checksum);
  return 0;
}
