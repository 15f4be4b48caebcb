/* test-documents-hostile.c — hostile and broken inputs are refused with a specific error, never a
 * crash and never a partial record. */
#include <string.h>

#include "cd-document.h"
#include "cd-xml-safe.h"

typedef struct
{
  const char     *file;
  CdDocumentError code;
  const char     *reason;  /* a piece of the message */
} HostileCase;

static const HostileCase cases[] = {
  { "xxe-passwd.xml", CD_DOCUMENT_ERROR_FORBIDDEN, "DOCTYPE" },
  { "billion-laughs.xml", CD_DOCUMENT_ERROR_FORBIDDEN, "DOCTYPE" },
  { "external-dtd.xml", CD_DOCUMENT_ERROR_FORBIDDEN, "DOCTYPE" },
  { "parameter-entity.xml", CD_DOCUMENT_ERROR_FORBIDDEN, "DOCTYPE" },
  { "inner-xxe-envelope.xml", CD_DOCUMENT_ERROR_FORBIDDEN, "HOSO 1 XML1" },
  { "bad-base64.xml", CD_DOCUMENT_ERROR_BAD_BASE64, "NOIDUNGFILE" },
  { "inner-wrong-root.xml", CD_DOCUMENT_ERROR_WRONG_ROOT, "HOSO 1: expected a XML7" },
  { "count-mismatch.xml", CD_DOCUMENT_ERROR_INVALID_FIELD, "SOLUONGHOSO" },
  { "wrong-encoding.xml", CD_DOCUMENT_ERROR_ENCODING, "UTF-8" },
  { "wrong-encoding-declaration.xml", CD_DOCUMENT_ERROR_ENCODING, "ISO-8859-1" },
  { "invalid-utf8.xml", CD_DOCUMENT_ERROR_ENCODING, "invalid UTF-8" },
  { "nul-bytes.xml", CD_DOCUMENT_ERROR_ENCODING, "NUL" },
  { "truncated.xml", CD_DOCUMENT_ERROR_MALFORMED, "not well-formed" },
  { "wrong-root.xml", CD_DOCUMENT_ERROR_WRONG_ROOT, "html" },
  { "impossible-date.xml", CD_DOCUMENT_ERROR_INVALID_FIELD, "20260230" },
  { "too-many-leave-days.xml", CD_DOCUMENT_ERROR_INVALID_FIELD, "SO_NGAY_NGHI" },
  { "missing-serial.xml", CD_DOCUMENT_ERROR_MISSING_FIELD, "SO_SERI" },
  { "bad-personal-id.xml", CD_DOCUMENT_ERROR_INVALID_FIELD, "province" },
  { "bad-health-card.xml", CD_DOCUMENT_ERROR_INVALID_FIELD, "MA_THE_BHYT" },
  { "bad-icd.xml", CD_DOCUMENT_ERROR_INVALID_FIELD, "ICD-10" },
  { "duplicate-field.xml", CD_DOCUMENT_ERROR_INVALID_FIELD, "HO_TEN: appears twice" },
  { "wrong-soap-namespace.xml", CD_DOCUMENT_ERROR_WRONG_NAMESPACE, "dancuquocgia.example" },
  { "soap-fault.xml", CD_DOCUMENT_ERROR_SOAP_FAULT, "bảo trì" },
  { "soap12-envelope.xml", CD_DOCUMENT_ERROR_WRONG_ROOT, "SOAP 1.1" },
  { "malformed.json", CD_DOCUMENT_ERROR_MALFORMED, "JSON" },
  { "impossible-date.json", CD_DOCUMENT_ERROR_INVALID_FIELD, "31/02/2025" },
  { "not-a-registration.json", CD_DOCUMENT_ERROR_UNKNOWN_KIND, "ketQuaXuLy" },
  { "inner-envelope-nested.xml", CD_DOCUMENT_ERROR_WRONG_ROOT, "found GIAMDINHHS" },
  { "envelope-too-many-files.xml", CD_DOCUMENT_ERROR_TOO_MANY_NODES, "1000 FILEHOSO" },
  { "too-many-attributes.xml", CD_DOCUMENT_ERROR_TOO_MANY_ATTRIBUTES, "more than 64 attributes" },
  { "namespace-flood.xml", CD_DOCUMENT_ERROR_TOO_MANY_ATTRIBUTES, "more than 64 attributes" },
  { "too-many-values.json", CD_DOCUMENT_ERROR_TOO_MANY_NODES, "50000 values" },
};

/* The error code of the refused table at place `file` of the envelope's first episode. */
static const char *
refused_code (CdDocument *document,
              gint64      file)
{
  JsonArray *episodes = json_object_get_array_member (cd_document_get_content (document),
                                                      "episodes");
  JsonArray *documents = json_object_get_array_member (json_array_get_object_element (episodes, 0),
                                                       "documents");

  for (guint i = 0; i < json_array_get_length (documents); i++)
    {
      JsonObject *entry = json_array_get_object_element (documents, i);

      if (json_object_get_int_member (entry, "file") == file)
        return json_object_get_string_member (entry, "code");
    }
  return NULL;
}

static void
assert_refused (const char      *data,
                gsize            length,
                const char      *source,
                CdDocumentError  code,
                const char      *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) document = cd_document_parse (data, length, source, &error);

  /* An envelope is read table by table: a hostile inner table is refused alone, with the same
   * code and reason, and the envelope lists it. */
  if (document != NULL && cd_document_get_kind (document) == CD_DOCUMENT_KIND_MOH_ENVELOPE)
    {
      JsonArray *refused = json_object_get_array_member (cd_document_get_content (document),
                                                         "refused");
      JsonObject *table = NULL;
      const char *message;

      g_assert_cmpuint (json_array_get_length (refused), ==, 1);
      table = json_array_get_object_element (refused, 0);
      message = json_object_get_string_member (table, "message");
      g_assert_nonnull (strstr (message, source));
      if (reason != NULL && strstr (message, reason) == NULL)
        g_error ("“%s” does not mention “%s”", message, reason);
      g_assert_cmpstr (refused_code (document, json_object_get_int_member (table, "file")), ==,
                       cd_document_error_to_string (code));
      return;
    }
  g_assert_null (document);
  g_assert_error (error, CD_DOCUMENT_ERROR, (int) code);
  /* The message names the document and says why. */
  g_assert_nonnull (strstr (error->message, source));
  if (reason != NULL && strstr (error->message, reason) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, reason);
}

static void
test_corpus (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "hostile",
                                                     cases[i].file, NULL);
      g_autofree char *data = NULL;
      gsize length = 0;

      g_test_message ("%s", cases[i].file);
      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      assert_refused (data, length, cases[i].file, cases[i].code, cases[i].reason);
    }
}

static void
test_corpus_is_complete (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "hostile", NULL);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint files = 0;

  /* Every committed hostile file has an expectation above. */
  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      gboolean listed = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        listed = listed || g_str_equal (cases[i].file, name);
      if (!listed)
        g_error ("tests/data/hostile/%s has no expected error", name);
      files++;
    }
  g_assert_cmpuint (files, ==, G_N_ELEMENTS (cases));
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) xml = g_string_new ("<TONG_HOP>");

  for (guint i = 0; i < 10000; i++)
    g_string_append (xml, "<a>");
  for (guint i = 0; i < 10000; i++)
    g_string_append (xml, "</a>");
  g_string_append (xml, "</TONG_HOP>");
  assert_refused (xml->str, xml->len, "deep.xml", CD_DOCUMENT_ERROR_TOO_DEEP, "nested");
}

static void
test_deep_json (void)
{
  g_autoptr(GString) json = g_string_new ("{\"ketQuaXuLy\":");

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, ']');
  g_string_append_c (json, '}');
  assert_refused (json->str, json->len, "deep.json", CD_DOCUMENT_ERROR_TOO_DEEP, "nested");
}

static void
test_huge_text_node (void)
{
  gsize text = cd_xml_limits_default ()->max_text + 1024;
  g_autoptr(GString) xml = g_string_sized_new (text + 64);

  g_string_append (xml, "<TONG_HOP><HO_TEN>");
  for (gsize i = 0; i < text; i++)
    g_string_append_c (xml, 'A');
  g_string_append (xml, "</HO_TEN></TONG_HOP>");
  g_assert_cmpuint (xml->len, <, cd_xml_limits_default ()->max_bytes);
  assert_refused (xml->str, xml->len, "huge-text.xml", CD_DOCUMENT_ERROR_TEXT_TOO_LARGE,
                  "text node");
}

static void
test_oversized_input (void)
{
  gsize size = cd_xml_limits_default ()->max_bytes + 1;
  g_autofree char *data = g_malloc (size);

  memset (data, ' ', size);
  memcpy (data, "<TONG_HOP>", 10);
  assert_refused (data, size, "big.xml", CD_DOCUMENT_ERROR_TOO_LARGE, "bytes");
}

static void
test_too_many_nodes (void)
{
  guint n = cd_xml_limits_default ()->max_nodes + 10;
  g_autoptr(GString) xml = g_string_sized_new (n * 4 + 64);

  g_string_append (xml, "<GIAMDINHHS>");
  for (guint i = 0; i < n; i++)
    g_string_append (xml, "<x/>");
  g_string_append (xml, "</GIAMDINHHS>");
  assert_refused (xml->str, xml->len, "many.xml", CD_DOCUMENT_ERROR_TOO_MANY_NODES, "elements");
}

/* The shape libxml2 2.9 checks pairwise: minutes of work before any callback could stop it. */
static void
test_attribute_flood (void)
{
  g_autoptr(GString) xml = g_string_new ("<GIAMDINHHS");

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (xml, " a%u=\"1\"", i);
  g_string_append (xml, "/>");
  assert_refused (xml->str, xml->len, "attributes.xml", CD_DOCUMENT_ERROR_TOO_MANY_ATTRIBUTES,
                  "more than 64 attributes");
}

/* Under the per-element cap, but millions of attribute nodes in all. */
static void
test_attributes_in_document (void)
{
  const CdXmlLimits *limits = cd_xml_limits_default ();
  g_autoptr(GString) element = g_string_new ("<x");
  g_autoptr(GString) xml = g_string_new ("<GIAMDINHHS>");
  guint elements = limits->max_nodes / limits->max_attributes + 1;

  for (guint i = 0; i < limits->max_attributes; i++)
    g_string_append_printf (element, " a%u=''", i);
  g_string_append (element, "/>\n");
  for (guint i = 0; i < elements; i++)
    g_string_append (xml, element->str);
  g_string_append (xml, "</GIAMDINHHS>");
  assert_refused (xml->str, xml->len, "attribute-nodes.xml", CD_DOCUMENT_ERROR_TOO_MANY_ATTRIBUTES,
                  "attributes");
}

static void
test_long_attribute (void)
{
  gsize size = cd_xml_limits_default ()->max_attribute_bytes + 1;
  g_autoptr(GString) xml = g_string_new ("<TONG_HOP>\n<MA_LK v=\"");

  for (gsize i = 0; i < size; i++)
    g_string_append_c (xml, 'v');
  g_string_append (xml, "\">1</MA_LK></TONG_HOP>");
  assert_refused (xml->str, xml->len, "attribute.xml", CD_DOCUMENT_ERROR_TEXT_TOO_LARGE,
                  "attribute value at line 2");
}

/* Comments and processing instructions are nodes of the tree as much as elements are. */
static void
test_comment_and_pi_floods (void)
{
  guint n = cd_xml_limits_default ()->max_nodes + 1;
  g_autoptr(GString) comments = g_string_new ("<GIAMDINHHS>");
  g_autoptr(GString) instructions = g_string_new ("<GIAMDINHHS>");

  for (guint i = 0; i < n; i++)
    {
      g_string_append (comments, "<!---->");
      g_string_append (instructions, "<?p?>");
    }
  g_string_append (comments, "</GIAMDINHHS>");
  g_string_append (instructions, "</GIAMDINHHS>");
  assert_refused (comments->str, comments->len, "comments.xml", CD_DOCUMENT_ERROR_TOO_MANY_NODES,
                  "comments");
  assert_refused (instructions->str, instructions->len, "pis.xml",
                  CD_DOCUMENT_ERROR_TOO_MANY_NODES, "processing instructions");
}

/* Counted before decoding: the inner document is never decoded, let alone parsed. */
static void
test_inner_base64_cap (void)
{
  gsize size = 8 * 1024 * 1024 + 4;
  g_autoptr(GString) xml = g_string_new ("<GIAMDINHHS><THONGTINDONVI><MACSKCB>79001</MACSKCB>"
                                         "</THONGTINDONVI><THONGTINHOSO><DANHSACHHOSO><HOSO>"
                                         "<FILEHOSO><LOAIHOSO>XML1</LOAIHOSO><NOIDUNGFILE>");

  for (gsize i = 0; i < size; i++)
    g_string_append_c (xml, 'A');
  g_string_append (xml, "</NOIDUNGFILE></FILEHOSO></HOSO></DANHSACHHOSO></THONGTINHOSO>"
                        "</GIAMDINHHS>");
  assert_refused (xml->str, xml->len, "inner.xml", CD_DOCUMENT_ERROR_TOO_LARGE,
                  "NOIDUNGFILE holds 8388612 bytes of base64");
}

/* Just under every cap is still read: the caps refuse floods, not documents. */
static void
test_at_the_caps (void)
{
  const CdXmlLimits *limits = cd_xml_limits_default ();
  g_autoptr(GString) xml = g_string_new ("<TONG_HOP");
  g_autoptr(GError) error = NULL;
  xmlDocPtr doc;

  for (guint i = 1; i < limits->max_attributes; i++)
    g_string_append_printf (xml, " a%u='%s'", i, i == 1 ? "" : "x");
  g_string_append (xml, " z=\"");
  for (gsize i = 0; i < limits->max_attribute_bytes - 1; i++)
    g_string_append_c (xml, 'z');
  g_string_append (xml, "\"");
  g_string_append (xml, "><!-- a > b = \"c --><![CDATA[ <x a='1'> ]]></TONG_HOP>");
  doc = cd_xml_safe_parse (xml->str, xml->len, "caps.xml", limits, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  xmlFreeDoc (doc);
}

static void
test_custom_limits (void)
{
  const CdXmlLimits tight = { .max_bytes = 4096, .max_depth = 3, .max_nodes = 5, .max_text = 8,
                              .max_attributes = 2, .max_attribute_bytes = 4 };
  const char *attributes = "<a x='1' y='2' z='3'/>";
  const char *long_value = "<a x='12345'/>";
  const char *deep = "<a><b><c><d/></c></b></a>";
  const char *wide = "<a><b/><b/><b/><b/><b/></a>";
  const char *long_text = "<a>123456789</a>";
  const char *fine = "<a><b>12345678</b></a>";
  g_autoptr(GError) error = NULL;
  xmlDocPtr doc;

  g_assert_null (cd_xml_safe_parse (deep, strlen (deep), "deep", &tight, &error));
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_DEEP);
  g_clear_error (&error);
  g_assert_null (cd_xml_safe_parse (wide, strlen (wide), "wide", &tight, &error));
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_MANY_NODES);
  g_clear_error (&error);
  g_assert_null (cd_xml_safe_parse (long_text, strlen (long_text), "text", &tight, &error));
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TEXT_TOO_LARGE);
  g_clear_error (&error);
  g_assert_null (cd_xml_safe_parse (attributes, strlen (attributes), "attrs", &tight, &error));
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_MANY_ATTRIBUTES);
  g_clear_error (&error);
  g_assert_null (cd_xml_safe_parse (long_value, strlen (long_value), "value", &tight, &error));
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TEXT_TOO_LARGE);
  g_clear_error (&error);
  doc = cd_xml_safe_parse (fine, strlen (fine), "fine", &tight, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  xmlFreeDoc (doc);
}

static void
test_every_truncation (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                 "envelope-01001.xml", NULL);
  g_autofree char *data = NULL;
  gsize length = 0;

  /* Every prefix of a valid envelope is either refused or (whitespace-only cut) whole. */
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  for (gsize cut = 0; cut < length - 1; cut += 7)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CdDocument) document = cd_document_parse (data, cut, "cut.xml", &error);

      g_assert_null (document);
      g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MALFORMED);
    }
}

static void
test_empty_and_garbage (void)
{
  assert_refused ("", 0, "empty", CD_DOCUMENT_ERROR_MALFORMED, "empty");
  assert_refused ("   \n", 4, "blank", CD_DOCUMENT_ERROR_MALFORMED, "empty");
  assert_refused ("\x89PNG\r\n", 6, "image.png", CD_DOCUMENT_ERROR_UNKNOWN_KIND, NULL);
  assert_refused ("<?xml version=\"1.0\"", 19, "decl", CD_DOCUMENT_ERROR_MALFORMED, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/documents-hostile/corpus", test_corpus);
  g_test_add_func ("/documents-hostile/corpus-is-complete", test_corpus_is_complete);
  g_test_add_func ("/documents-hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/documents-hostile/deep-json", test_deep_json);
  g_test_add_func ("/documents-hostile/huge-text-node", test_huge_text_node);
  g_test_add_func ("/documents-hostile/oversized-input", test_oversized_input);
  g_test_add_func ("/documents-hostile/too-many-nodes", test_too_many_nodes);
  g_test_add_func ("/documents-hostile/attribute-flood", test_attribute_flood);
  g_test_add_func ("/documents-hostile/attributes-in-document", test_attributes_in_document);
  g_test_add_func ("/documents-hostile/long-attribute", test_long_attribute);
  g_test_add_func ("/documents-hostile/comment-and-pi-floods", test_comment_and_pi_floods);
  g_test_add_func ("/documents-hostile/inner-base64-cap", test_inner_base64_cap);
  g_test_add_func ("/documents-hostile/at-the-caps", test_at_the_caps);
  g_test_add_func ("/documents-hostile/custom-limits", test_custom_limits);
  g_test_add_func ("/documents-hostile/every-truncation", test_every_truncation);
  g_test_add_func ("/documents-hostile/empty-and-garbage", test_empty_and_garbage);
  return g_test_run ();
}
