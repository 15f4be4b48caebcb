/* cd-rule-pack-golden.c — a rule pack's own golden cases, run through the engine. */
#include "config.h"

#include "cd-rule-pack-golden.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-rules-engine.h"

#define GOLDEN_FORMAT "claimdesk-golden-1"

static char *
show (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("nothing");
}

static gboolean
values_equal (JsonNode *expected,
              JsonNode *actual)
{
  GType a, b;

  if (!JSON_NODE_HOLDS_VALUE (actual))
    return FALSE;
  a = json_node_get_value_type (expected);
  b = json_node_get_value_type (actual);
  /* Days print as an integer or, for half days, as x.5: compare numbers as numbers. */
  if ((a == G_TYPE_INT64 || a == G_TYPE_DOUBLE) && (b == G_TYPE_INT64 || b == G_TYPE_DOUBLE))
    return json_node_get_double (expected) == json_node_get_double (actual);
  if (a != b)
    return FALSE;
  if (a == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (expected), json_node_get_string (actual)) == 0;
  if (a == G_TYPE_BOOLEAN)
    return json_node_get_boolean (expected) == json_node_get_boolean (actual);
  return FALSE;
}

/* Whether `actual` has everything `expected` says; else *out_why says where and how. */
static gboolean
match (JsonNode    *expected,
       JsonNode    *actual,
       const char  *path,
       char       **out_why)
{
  if (JSON_NODE_HOLDS_OBJECT (expected))
    {
      JsonObject *want = json_node_get_object (expected);
      g_autoptr(GList) members = json_object_get_members (want);

      if (actual == NULL || !JSON_NODE_HOLDS_OBJECT (actual))
        {
          g_autofree char *got = show (actual);
          *out_why = g_strdup_printf ("%s: expected an object, got %s", path, got);
          return FALSE;
        }
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = *path != '\0' ? g_strdup_printf ("%s.%s", path,
                                                                    (char *) l->data)
                                                 : g_strdup (l->data);
          if (!match (json_object_get_member (want, l->data),
                      json_object_get_member (json_node_get_object (actual), l->data), child,
                      out_why))
            return FALSE;
        }
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (expected))
    {
      JsonArray *want = json_node_get_array (expected);
      JsonArray *got;

      if (actual == NULL || !JSON_NODE_HOLDS_ARRAY (actual)
          || json_array_get_length (json_node_get_array (actual)) != json_array_get_length (want))
        {
          g_autofree char *wanted = show (expected);
          g_autofree char *gotten = show (actual);
          *out_why = g_strdup_printf ("%s: expected %s, got %s", path, wanted, gotten);
          return FALSE;
        }
      got = json_node_get_array (actual);
      for (guint i = 0; i < json_array_get_length (want); i++)
        {
          JsonNode *w = json_array_get_element (want, i);
          JsonNode *g = json_array_get_element (got, i);
          g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

          /* A reason or assumption is listed by its code. */
          if (JSON_NODE_HOLDS_VALUE (w) && json_node_get_value_type (w) == G_TYPE_STRING
              && JSON_NODE_HOLDS_OBJECT (g))
            g = json_object_get_member (json_node_get_object (g), "code");
          if (g == NULL || !match (w, g, child, out_why))
            {
              if (*out_why == NULL)
                *out_why = g_strdup_printf ("%s: missing", child);
              return FALSE;
            }
        }
      return TRUE;
    }
  if (actual == NULL || !values_equal (expected, actual))
    {
      g_autofree char *wanted = show (expected);
      g_autofree char *gotten = show (actual);
      *out_why = g_strdup_printf ("%s: expected %s, got %s", path, wanted, gotten);
      return FALSE;
    }
  return TRUE;
}

static const char *
error_name (const GError *error)
{
  if (g_error_matches (error, CD_RULES_ERROR, CD_RULES_ERROR_INVALID_FACTS))
    return "invalid_facts";
  if (g_error_matches (error, CD_RULES_ERROR, CD_RULES_ERROR_CANNOT_APPLY))
    return "cannot_apply";
  return "rule_pack";
}

static gboolean
run_case (CdRulePack  *pack,
          const char  *path,
          const char  *name,
          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdFacts) facts = NULL;
  g_autoptr(CdResult) result = NULL;
  g_autoptr(JsonNode) actual = NULL;
  g_autofree char *why = NULL;
  JsonObject *root;
  JsonNode *expect, *facts_node;
  const char *expected_error;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK, "golden/%s: %s", name,
                   local_error->message);
      return FALSE;
    }
  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
           ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  expect = root != NULL ? json_object_get_member (root, "expect") : NULL;
  facts_node = root != NULL ? json_object_get_member (root, "facts") : NULL;
  if (root == NULL
      || g_strcmp0 (json_object_get_string_member_with_default (root, "format", NULL),
                    GOLDEN_FORMAT) != 0
      || expect == NULL || !JSON_NODE_HOLDS_OBJECT (expect) || facts_node == NULL)
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_RULE_PACK,
                   "golden/%s:1: a golden case is {\"format\": \"%s\", \"facts\": {…}, "
                   "\"expect\": {…}}", name, GOLDEN_FORMAT);
      return FALSE;
    }
  expected_error = json_object_get_string_member_with_default (json_node_get_object (expect),
                                                               "error", NULL);
  facts = cd_facts_parse_node (facts_node, &local_error);
  if (facts != NULL)
    result = cd_rules_evaluate (pack, facts, &local_error);
  if (result == NULL)
    {
      if (g_strcmp0 (expected_error, error_name (local_error)) == 0)
        return TRUE;
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_GOLDEN,
                   "golden/%s: expected %s, but the evaluation failed: %s", name,
                   expected_error != NULL ? expected_error : "a result", local_error->message);
      return FALSE;
    }
  if (expected_error != NULL)
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_GOLDEN,
                   "golden/%s: expected %s, but it was evaluated (total %" G_GINT64_FORMAT ")",
                   name, expected_error, cd_result_get_total (result));
      return FALSE;
    }
  actual = cd_result_to_json (result, facts->documents);
  if (!match (expect, actual, "", &why))
    {
      g_set_error (error, CD_RULES_ERROR, CD_RULES_ERROR_GOLDEN, "golden/%s: %s", name, why);
      return FALSE;
    }
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

gboolean
cd_rule_pack_check_golden (CdRulePack  *pack,
                           const char  *golden_dir,
                           guint       *out_count,
                           GError     **error)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_val_if_fail (pack != NULL, FALSE);
  g_return_val_if_fail (golden_dir != NULL, FALSE);

  if (out_count != NULL)
    *out_count = 0;
  listing = g_dir_open (golden_dir, 0, NULL);
  if (listing == NULL)
    return TRUE;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (golden_dir, names->pdata[i], NULL);

      if (!run_case (pack, path, names->pdata[i], error))
        return FALSE;
      if (out_count != NULL)
        (*out_count)++;
    }
  return TRUE;
}
