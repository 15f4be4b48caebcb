/* test-gui-screenshots.c — `claimdesk --demo --screenshot DIR` saves real pictures of the main
 * screens. Run by meson in Vietnamese and in English (the locale comes from the environment). */
#include <glib/gstdio.h>
#include <string.h>
#include <gtk/gtk.h>

static void
assert_picture (const char *dir,
                const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree guchar *pixels = NULL;
  int width, height;
  gsize stride;

  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, >=, 360);
  g_assert_cmpint (height, >=, 300);

  /* Not a blank or single-colour picture: text and widgets give many colours. */
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * (gsize) height);
  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y += 3)
    for (int x = 0; x < width; x += 3)
      {
        guint32 pixel;

        memcpy (&pixel, pixels + (gsize) y * stride + (gsize) x * 4, 4);
        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      }
  g_assert_cmpuint (g_hash_table_size (colours), >=, 32);
  g_unlink (path);
}

static void
test_screenshots_are_saved (void)
{
  const char *app = g_getenv ("CLAIMDESK_APP");
  g_autofree char *dir = g_dir_make_tmp ("claimdesk-shots-XXXXXX", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *argv[] = { app, "--demo", "--screenshot", dir, NULL };

  g_assert_nonnull (app);
  g_assert_nonnull (dir);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  /* A failure says how it ended (an exit status, or the signal that killed it) and what it said. */
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("claimdesk %s; it said: %s", error->message, err);
  g_clear_error (&error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "list.png"));

  /* The list is shot after the demo officer is signed in: not the sign-in page again. */
  {
    g_autofree char *sign_in_path = g_build_filename (dir, "sign-in.png", NULL);
    g_autofree char *list_path = g_build_filename (dir, "list.png", NULL);
    g_autofree char *sign_in = NULL;
    g_autofree char *list = NULL;
    gsize sign_in_len = 0, list_len = 0;

    g_assert_true (g_file_get_contents (sign_in_path, &sign_in, &sign_in_len, NULL));
    g_assert_true (g_file_get_contents (list_path, &list, &list_len, NULL));
    g_assert_false (sign_in_len == list_len && memcmp (sign_in, list, list_len) == 0);
  }
  assert_picture (dir, "sign-in.png");
  assert_picture (dir, "list.png");
  assert_picture (dir, "claim.png");
  assert_picture (dir, "new-claim.png");
  assert_picture (dir, "search.png");
  assert_picture (dir, "approval.png");
  assert_picture (dir, "preferences.png");
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gui/screenshots/saved", test_screenshots_are_saved);
  return g_test_run ();
}
