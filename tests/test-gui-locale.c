/* test-gui-locale.c — the app comes up in the language of the locale.
 *
 * Run twice by meson: under LANG=vi_VN.UTF-8 expecting Vietnamese, under C.UTF-8 expecting English.
 * The expected language is the first argument after the GTest ones: `vi` or `en`. */
#include "config.h"

#include <locale.h>

#include "cd-window.h"
#include "gui-test-util.h"

static const char *expected_language;

static void
test_window_language (void)
{
  g_autoptr(CdApplication) app = gui_test_registered_app ();
  CdWindow *window = cd_window_new (app);
  AdwStatusPage *empty = ADW_STATUS_PAGE (gui_test_find_widget (GTK_WIDGET (window),
                                                                ADW_TYPE_STATUS_PAGE));
  const char *title = adw_status_page_get_title (empty);

  if (g_str_equal (expected_language, "vi"))
    {
      /* A missing vi_VN.UTF-8 locale would silently give English: say so instead. */
      g_assert_nonnull (setlocale (LC_MESSAGES, NULL));
      g_assert_true (g_str_has_prefix (setlocale (LC_MESSAGES, NULL), "vi_VN"));
      /* Nobody is signed in: the first thing anyone sees is the sign-in page. */
      g_assert_cmpstr (title, ==, "Đăng nhập");
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "ClaimDesk");
    }
  else
    {
      g_assert_cmpstr (title, ==, "Sign In");
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);
  expected_language = argc > 1 ? argv[argc - 1] : "en";
  g_assert_true (g_str_equal (expected_language, "vi") || g_str_equal (expected_language, "en"));

  g_test_add_func ("/gui/locale/window-language", test_window_language);
  return g_test_run ();
}
