/* test-flatpak-manifest.c — the Flatpak manifest parses and describes this application.
 *
 * Flathub is out of reach from here, so the manifest is checked, not built: valid JSON, the right app
 * id and command, network and display access but no home directory, and pinned sources. */
#include <json-glib/json-glib.h>

#include "config.h"

static JsonObject *
load_manifest (JsonParser *parser)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "flatpak",
                                            BASE_APP_ID ".json", NULL);
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
test_identity (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);

  g_assert_cmpstr (json_object_get_string_member (manifest, "id"), ==, BASE_APP_ID);
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "claimdesk");
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");
}

static void
test_permissions (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  JsonArray *finish_args = json_object_get_array_member (manifest, "finish-args");

  g_assert_true (array_has_string (finish_args, "--share=network"));
  g_assert_true (array_has_string (finish_args, "--socket=wayland"));
  g_assert_true (array_has_string (finish_args, "--socket=fallback-x11"));
  for (guint i = 0; i < json_array_get_length (finish_args); i++)
    {
      const char *arg = json_array_get_string_element (finish_args, i);
      g_assert_false (g_str_has_prefix (arg, "--filesystem=home"));
      g_assert_false (g_str_has_prefix (arg, "--filesystem=host"));
    }
}

static void
test_modules_are_pinned (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  JsonArray *modules = json_object_get_array_member (manifest, "modules");
  gboolean has_app = FALSE, has_xmlsec = FALSE, has_sodium = FALSE;

  for (guint i = 0; i < json_array_get_length (modules); i++)
    {
      JsonObject *module = json_array_get_object_element (modules, i);
      const char *name = json_object_get_string_member (module, "name");
      JsonArray *sources = json_object_get_array_member (module, "sources");

      has_app |= g_str_equal (name, "claimdesk");
      has_xmlsec |= g_str_equal (name, "xmlsec1");
      has_sodium |= g_str_equal (name, "libsodium");

      for (guint j = 0; j < json_array_get_length (sources); j++)
        {
          JsonObject *source = json_array_get_object_element (sources, j);
          const char *type = json_object_get_string_member (source, "type");

          if (g_str_equal (type, "archive") || g_str_equal (type, "file"))
            {
              const char *sha256 = json_object_get_string_member_with_default (source, "sha256", "");
              g_assert_true (g_str_has_prefix (json_object_get_string_member (source, "url"),
                                               "https://"));
              g_assert_cmpuint (strlen (sha256), ==, 64);
              for (const char *c = sha256; *c != '\0'; c++)
                g_assert_true (g_ascii_isxdigit (*c));
            }
        }
      if (g_str_equal (name, "claimdesk"))
        g_assert_cmpstr (json_object_get_string_member (module, "buildsystem"), ==, "meson");
    }
  g_assert_true (has_app && has_xmlsec && has_sodium);

  /* The application itself is built last, on top of its dependencies. */
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (modules, json_array_get_length (modules) - 1),
                     "name"), ==, "claimdesk");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flatpak/identity", test_identity);
  g_test_add_func ("/flatpak/permissions", test_permissions);
  g_test_add_func ("/flatpak/modules-are-pinned", test_modules_are_pinned);

  return g_test_run ();
}
