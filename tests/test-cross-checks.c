/* test-cross-checks.c — what does not add up between the sources. */
#include "cd-cross-checks.h"

/* One finding, as the verifications table keeps it and the CLI prints it. */
static void
test_finding_to_json (void)
{
  CdFinding finding = {
    (char *) "identity.name_mismatch", CD_FINDING_ERROR,
    (char *) "Họ tên khác nhau giữa các nguồn.", (char *) "The name differs between sources.",
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  cd_finding_to_json (&finding, builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_assert_cmpstr (text, ==,
                   "[{\"code\":\"identity.name_mismatch\",\"severity\":\"error\","
                   "\"message_vi\":\"Họ tên khác nhau giữa các nguồn.\","
                   "\"message_en\":\"The name differs between sources.\"}]");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cross-checks/finding-to-json", test_finding_to_json);

  return g_test_run ();
}
