/* test-password.c — Argon2id hashing of local account passwords. */
#include "cd-password.h"

static void
test_hash_and_verify (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = cd_password_hash ("mật khẩu đủ dài", &error);
  g_autofree char *again = cd_password_hash ("mật khẩu đủ dài", &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (stored, "$argon2id$"));
  /* Salted: the same password never gives the same stored string. */
  g_assert_cmpstr (stored, !=, again);
  g_assert_true (cd_password_verify (stored, "mật khẩu đủ dài"));
  g_assert_false (cd_password_verify (stored, "mat khau du dai"));
  g_assert_false (cd_password_verify (stored, ""));
  g_assert_false (cd_password_needs_rehash (stored));
}

static void
test_short_password_is_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = cd_password_hash ("ngắn", &error);

  g_assert_null (stored);
  g_assert_error (error, CD_PASSWORD_ERROR, CD_PASSWORD_ERROR_TOO_SHORT);
}

static void
test_garbage_hash_never_verifies (void)
{
  g_assert_false (cd_password_verify ("", "anything at all"));
  g_assert_false (cd_password_verify ("plaintext-password", "plaintext-password"));
  g_assert_false (cd_password_verify ("$argon2id$v=19$m=65536,t=2,p=1$garbage", "x"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/password/hash-and-verify", test_hash_and_verify);
  g_test_add_func ("/password/short-password-is-refused", test_short_password_is_refused);
  g_test_add_func ("/password/garbage-hash-never-verifies", test_garbage_hash_never_verifies);

  return g_test_run ();
}
