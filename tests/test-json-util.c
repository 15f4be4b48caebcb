/* test-json-util.c — reading members that may be missing or of another type, without criticals;
 * writing a text member that may have no value. */
#include "cd-json-util.h"

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_members (void)
{
  g_autoptr(JsonObject) object = parse_object (
      "{\"name\": \"Lan\", \"n\": 7, \"f\": 2.5, \"half\": \"2.50\", \"yes\": true, \"none\": null,"
      " \"o\": {\"a\": 1}, \"list\": [{\"x\": 1}, 3]}");
  gint64 value = -1;

  g_assert_cmpstr (cd_json_member_string (object, "name"), ==, "Lan");
  g_assert_null (cd_json_member_string (object, "n"));
  g_assert_null (cd_json_member_string (object, "none"));
  g_assert_null (cd_json_member_string (object, "missing"));
  g_assert_null (cd_json_member_string (NULL, "name"));

  g_assert_nonnull (cd_json_member_object (object, "o"));
  g_assert_null (cd_json_member_object (object, "list"));
  g_assert_nonnull (cd_json_member_array (object, "list"));
  g_assert_null (cd_json_member_array (object, "o"));
  g_assert_null (cd_json_member_array (NULL, "list"));

  g_assert_true (cd_json_has_member (object, "none"));
  g_assert_false (cd_json_has_member (object, "missing"));
  g_assert_false (cd_json_has_member (NULL, "name"));

  /* Exactly an integer. */
  g_assert_true (cd_json_member_get_int (object, "n", &value));
  g_assert_cmpint (value, ==, 7);
  g_assert_false (cd_json_member_get_int (object, "f", &value));
  g_assert_false (cd_json_member_get_int (object, "half", &value));
  g_assert_false (cd_json_member_get_int (object, "o", &value));
  g_assert_false (cd_json_member_get_int (NULL, "n", &value));
  g_assert_cmpint (value, ==, 7);

  /* A number however written. */
  g_assert_cmpint (cd_json_member_int (object, "n"), ==, 7);
  g_assert_cmpint (cd_json_member_int (object, "f"), ==, 2);
  g_assert_cmpint (cd_json_member_int (object, "half"), ==, 2);
  g_assert_cmpint (cd_json_member_int (object, "yes"), ==, 1);
  g_assert_cmpint (cd_json_member_int (object, "o"), ==, 0);
  g_assert_cmpint (cd_json_member_int (object, "none"), ==, 0);
  g_assert_cmpfloat (cd_json_member_double (object, "half"), ==, 2.5);
  g_assert_cmpfloat (cd_json_member_double (object, "n"), ==, 7.0);
  g_assert_cmpfloat (cd_json_member_double (object, "f"), ==, 2.5);
  g_assert_cmpfloat (cd_json_member_double (object, "list"), ==, 0.0);
  g_assert_cmpfloat (cd_json_member_double (NULL, "f"), ==, 0.0);
}

static void
test_array_objects (void)
{
  g_autoptr(JsonObject) object = parse_object ("{\"list\": [{\"x\": 1}, 3, null]}");
  JsonArray *list = cd_json_member_array (object, "list");

  g_assert_cmpint (cd_json_member_int (cd_json_array_get_object (list, 0), "x"), ==, 1);
  g_assert_null (cd_json_array_get_object (list, 1));
  g_assert_null (cd_json_array_get_object (list, 2));
  g_assert_null (cd_json_array_get_object (list, 3));
}

/* A missing value is written as null, not left out and not as an empty string, and reads back as
 * missing through the same helpers. */
static void
test_add_string_member (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;

  json_builder_begin_object (builder);
  cd_json_add_string_member (builder, "name", "Nguyễn Thị Lan");
  cd_json_add_string_member (builder, "si_code", NULL);
  cd_json_add_string_member (builder, "empty", "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  object = json_node_get_object (root);

  g_assert_cmpstr (cd_json_member_string (object, "name"), ==, "Nguyễn Thị Lan");
  g_assert_true (cd_json_has_member (object, "si_code"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "si_code")));
  g_assert_null (cd_json_member_string (object, "si_code"));
  g_assert_cmpstr (cd_json_member_string (object, "empty"), ==, "");
  text = json_to_string (root, FALSE);
  g_assert_cmpstr (text, ==, "{\"name\":\"Nguyễn Thị Lan\",\"si_code\":null,\"empty\":\"\"}");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-util/members", test_members);
  g_test_add_func ("/json-util/array-objects", test_array_objects);
  g_test_add_func ("/json-util/add-string-member", test_add_string_member);

  return g_test_run ();
}
