/* test-fact-schema.c — the form's facts are facts the engine reads.
 *
 * For every benefit with a form: a facts document holding a good value for each field of the form
 * parses, and a value of the wrong kind in any one field is refused by the parser with a message
 * that names that field's path. A path the parser did not read, or read as another kind, would be
 * accepted, and the test says which.
 */
#include "config.h"

#include <string.h>

#include "cd-fact-schema.h"
#include "cd-facts-builder.h"
#include "cd-facts.h"
#include "cd-rules-error.h"

/* The benefits case detection proposes (cd-case-detect.c): the officer can start these. */
static const CdBenefit detected[] = {
  CD_BENEFIT_SICKNESS, CD_BENEFIT_CHILD_SICKNESS, CD_BENEFIT_PRENATAL_CHECKUP,
  CD_BENEFIT_PREGNANCY_LOSS, CD_BENEFIT_CHILDBIRTH, CD_BENEFIT_CHILDBIRTH_TAKEOVER,
  CD_BENEFIT_FATHER_LEAVE, CD_BENEFIT_CONTRACEPTION,
};

/* A word the engine accepts for each text field (a text field is a choice or an ID). */
static const struct
{
  const char *path;
  const char *text;
} good_texts[] = {
  { "employer.calendar", "enterprise" },
  { "case.cause", "illness" },
  { "case.method", "iud" },
  { "case.child.key", "079190012345" },
};

#define DAY "2026-03-02"

static gboolean
is_detected (CdBenefit benefit)
{
  for (guint i = 0; i < G_N_ELEMENTS (detected); i++)
    if (detected[i] == benefit)
      return TRUE;
  return FALSE;
}

static JsonNode *
int_node (gint64 value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  return node;
}

static JsonNode *
string_node (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return node;
}

static JsonNode *
bool_node (gboolean value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_boolean (node, value);
  return node;
}

/* Puts value (taken) where the field's value goes; a period's first item is made as needed. */
static void
put (JsonNode          *facts,
     const CdFactField *field,
     JsonNode          *value)
{
  JsonNode *list;
  JsonArray *array;

  if (field->kind != CD_FACT_PERIOD_FROM && field->kind != CD_FACT_PERIOD_TO)
    {
      cd_facts_json_set (facts, field->path, value);
      return;
    }
  list = cd_facts_json_get (facts, field->path);
  if (list == NULL)
    {
      list = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (list, json_array_new ());
      cd_facts_json_set (facts, field->path, list);
      list = cd_facts_json_get (facts, field->path);
    }
  array = json_node_get_array (list);
  if (json_array_get_length (array) == 0)
    json_array_add_object_element (array, json_object_new ());
  json_object_set_member (json_array_get_object_element (array, 0),
                          field->kind == CD_FACT_PERIOD_FROM ? "from" : "to", value);
}

static JsonNode *
good_value (const CdFactField *field)
{
  switch (field->kind)
    {
    case CD_FACT_DATE:
    case CD_FACT_PERIOD_FROM:
    case CD_FACT_PERIOD_TO:
      return string_node (DAY);
    case CD_FACT_INT:
      return int_node (1);
    case CD_FACT_BOOL:
      return bool_node (TRUE);
    case CD_FACT_TEXT:
    default:
      for (guint i = 0; i < G_N_ELEMENTS (good_texts); i++)
        if (g_str_equal (good_texts[i].path, field->path))
          return string_node (good_texts[i].text);
      g_error ("the test knows no good text for %s: add one to good_texts", field->path);
      return NULL;
    }
}

/* A value of another kind than the field's. */
static JsonNode *
wrong_value (const CdFactField *field)
{
  switch (field->kind)
    {
    case CD_FACT_INT:
      return string_node ("many");
    case CD_FACT_BOOL:
      return string_node ("yes");
    case CD_FACT_TEXT:
    case CD_FACT_DATE:
    case CD_FACT_PERIOD_FROM:
    case CD_FACT_PERIOD_TO:
    default:
      return int_node (42);
    }
}

/* The benefit's form filled in with good values. The sex is left out (the parser checks it
 * against the benefit: a man takes the father's leave), which the contract allows. */
static JsonNode *
filled_form (CdBenefit benefit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const CdFactField *fields;
  JsonNode *facts;
  guint n;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "claimdesk-facts-1");
  json_builder_set_member_name (builder, "benefit");
  json_builder_add_string_value (builder, cd_benefit_to_string (benefit));
  json_builder_set_member_name (builder, "decided_on");
  json_builder_add_string_value (builder, DAY);
  json_builder_end_object (builder);
  facts = json_builder_get_root (builder);

  fields = cd_fact_schema_get_common_fields (&n);
  for (guint i = 0; i < n; i++)
    if (!g_str_equal (fields[i].path, "claimant.sex"))
      put (facts, &fields[i], good_value (&fields[i]));
  fields = cd_fact_schema_get_case_fields (benefit, &n);
  for (guint i = 0; i < n; i++)
    put (facts, &fields[i], good_value (&fields[i]));
  return facts;
}

static void
check_refused (CdBenefit          benefit,
               const CdFactField *field)
{
  g_autoptr(JsonNode) facts = filled_form (benefit);
  g_autofree char *value_path = cd_fact_field_dup_value_path (field);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdFacts) parsed = NULL;

  put (facts, field, wrong_value (field));
  parsed = cd_facts_parse_node (facts, &error);
  if (parsed != NULL)
    g_error ("%s: the parser took a wrong value at %s: it does not read that path as the form's "
             "kind", cd_benefit_to_string (benefit), value_path);
  g_assert_error (error, CD_RULES_ERROR, CD_RULES_ERROR_INVALID_FACTS);
  if (!g_str_has_prefix (error->message, value_path)
      || error->message[strlen (value_path)] != ':')
    g_error ("%s: a wrong value at %s was refused as “%s”, which names another path",
             cd_benefit_to_string (benefit), value_path, error->message);
}

/* The benefits detection proposes have a form; the others none yet. Every field has a label,
 * and a period's two ends are the first item's from and to. */
static void
test_forms (void)
{
  const CdFactField *fields;
  guint n;

  fields = cd_fact_schema_get_common_fields (&n);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpstr (fields[0].path, ==, "claimant.sex");
  for (int b = 0; b < CD_N_BENEFITS; b++)
    {
      fields = cd_fact_schema_get_case_fields (b, &n);
      g_assert_cmpint (fields != NULL, ==, is_detected (b));
      g_assert_cmpint (n > 0, ==, is_detected (b));
      for (guint i = 0; i < n; i++)
        {
          g_assert_true (g_str_has_prefix (fields[i].path, "case."));
          g_assert_cmpstr (cd_fact_field_get_label (&fields[i]), !=, "");
        }
    }

  fields = cd_fact_schema_get_case_fields (CD_BENEFIT_SICKNESS, &n);
  g_assert_cmpint (fields[0].kind, ==, CD_FACT_PERIOD_FROM);
  g_assert_cmpstr (cd_fact_field_get_label (&fields[0]), ==, "Leave from");
  {
    g_autofree char *from = cd_fact_field_dup_value_path (&fields[0]);
    g_autofree char *to = cd_fact_field_dup_value_path (&fields[1]);
    g_autofree char *cause = cd_fact_field_dup_value_path (&fields[2]);

    g_assert_cmpstr (from, ==, "case.leave[0].from");
    g_assert_cmpstr (to, ==, "case.leave[0].to");
    g_assert_cmpstr (cause, ==, "case.cause");
  }
}

/* The parser reads every field of the benefit's form, as the kind the form edits it as. */
static void
test_parser_reads_the_form (gconstpointer data)
{
  CdBenefit benefit = GPOINTER_TO_INT (data);
  g_autoptr(JsonNode) facts = filled_form (benefit);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdFacts) parsed = cd_facts_parse_node (facts, &error);
  const CdFactField *fields;
  guint n;

  /* The form's fields make a whole case: nothing the parser needs is missing from the form. */
  g_assert_no_error (error);
  g_assert_nonnull (parsed);
  g_assert_cmpint (parsed->benefit, ==, benefit);

  fields = cd_fact_schema_get_common_fields (&n);
  for (guint i = 0; i < n; i++)
    check_refused (benefit, &fields[i]);
  fields = cd_fact_schema_get_case_fields (benefit, &n);
  for (guint i = 0; i < n; i++)
    check_refused (benefit, &fields[i]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fact-schema/forms", test_forms);
  for (guint i = 0; i < G_N_ELEMENTS (detected); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fact-schema/parser-reads-the-form/%s",
                                               cd_benefit_to_string (detected[i]));

      g_test_add_data_func (path, GINT_TO_POINTER (detected[i]), test_parser_reads_the_form);
    }
  return g_test_run ();
}
