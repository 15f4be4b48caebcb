/* test-canonical-json.c — one byte sequence per JSON value. */
#include "cd-canonical-json.h"

static void
test_keys_sorted_and_compact (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = cd_canonical_json_from_text ("{ \"b\": 1, \"a\": [true, null, \"x\"],\n"
                                                    "  \"c\": {\"z\": -5, \"y\": \"\"} }", &error);
  g_autofree char *b = cd_canonical_json_from_text ("{\"c\":{\"y\":\"\",\"z\":-5},\"a\":[true,null,"
                                                    "\"x\"],\"b\":1}", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "{\"a\":[true,null,\"x\"],\"b\":1,\"c\":{\"y\":\"\",\"z\":-5}}");
  g_assert_cmpstr (a, ==, b);
}

static void
test_strings_keep_utf8_and_escape_controls (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = cd_canonical_json_from_text (
    "{\"name\": \"Nguy\\u1ec5n V\\u0103n \\u0110\\u1ee9c\", \"note\": \"a\\\"b\\\\c\\n\\u0001\"}",
    &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "{\"name\":\"Nguyễn Văn Đức\",\"note\":\"a\\\"b\\\\c\\n\\u0001\"}");
}

/* The one escaper that hand-written canonical text (audit entries, decision payloads) shares with
 * the tree writer: the short escapes where JSON has them, \u00XX for the other control bytes,
 * everything else (DEL, UTF-8) as it is; NULL is JSON null. */
static void
test_append_string_escapes (void)
{
  static const struct
  {
    const char *text;
    const char *json;
  } cases[] = {
    { "a\nb", "\"a\\nb\"" },
    { "\t\r\b\f", "\"\\t\\r\\b\\f\"" },
    { "\"\\", "\"\\\"\\\\\"" },
    { "\x01\x1f", "\"\\u0001\\u001f\"" },
    { "\x7f/Đức", "\"\x7f/Đức\"" },
    { "", "\"\"" },
    { NULL, "null" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new ("x");

      cd_canonical_json_append_string (out, cases[i].text);
      g_assert_cmpstr (out->str + 1, ==, cases[i].json);
    }
}

static void
test_floats_are_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = cd_canonical_json_from_text ("{\"amount\": 1406250.5}", &error);

  g_assert_null (text);
  g_assert_error (error, CD_CANONICAL_JSON_ERROR, CD_CANONICAL_JSON_ERROR_FLOAT);
}

static void
test_invalid_json_is_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = cd_canonical_json_from_text ("{\"a\": ", &error);

  g_assert_null (text);
  g_assert_error (error, CD_CANONICAL_JSON_ERROR, CD_CANONICAL_JSON_ERROR_INVALID);
}

static void
test_sha256_hex (void)
{
  g_autofree char *hash = cd_sha256_hex ("abc", 3);

  /* FIPS 180-2 test vector. */
  g_assert_cmpstr (hash, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/canonical-json/keys-sorted-and-compact", test_keys_sorted_and_compact);
  g_test_add_func ("/canonical-json/strings-keep-utf8-and-escape-controls",
                   test_strings_keep_utf8_and_escape_controls);
  g_test_add_func ("/canonical-json/append-string-escapes", test_append_string_escapes);
  g_test_add_func ("/canonical-json/floats-are-refused", test_floats_are_refused);
  g_test_add_func ("/canonical-json/invalid-json-is-refused", test_invalid_json_is_refused);
  g_test_add_func ("/canonical-json/sha256-hex", test_sha256_hex);

  return g_test_run ();
}
