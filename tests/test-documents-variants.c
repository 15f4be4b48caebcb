/* test-documents-variants.c — the same document written the ways real exchanges write it reads
 * the same.
 *
 * Every unsigned fixture is rewritten by each variant a vendor's export or a gateway may bring (a
 * byte-order mark, CRLF line ends, another case in the encoding declaration, no indentation, tabs,
 * other namespace prefixes, base64 wrapped in lines, inner documents with a BOM and CRLF) and must
 * give exactly the normalized JSON of the original. Refusing what is wrong stays the hostile
 * tests' job; these make sure that strictness does not refuse what is right.
 */
#include <string.h>

#include "cd-base64.h"
#include "cd-document.h"
#include "cd-moh-tables.h"

typedef char *(*Rewrite) (const char *text);

typedef struct
{
  const char *name;
  Rewrite     rewrite;
  gboolean    xml_only;
} Variant;

static const char *fixtures[] = {
  "envelope-01001.xml", "envelope-79001.xml",
  "population-lookup.xml", "population-match.xml", "population-relatives.xml",
  "population-status.xml",
  "xml1-sinh-con.xml", "xml1-viem-phoi.xml", "xml7-giay-ra-vien.xml", "xml8-tom-tat-benh-an.xml",
  "xml9-giay-chung-sinh.xml", "xml10-nghi-duong-thai.xml", "xml11-nghi-viec-bhxh.xml",
  "xml12-giam-dinh-y-khoa.xml", "xml13-giay-chuyen-tuyen.xml",
  "civil-birth.json", "civil-death.json",
};

static char *
replace (const char *text,
         const char *pattern,
         const char *replacement)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);

  g_assert_nonnull (regex);
  return g_regex_replace (regex, text, -1, 0, replacement, 0, NULL);
}

static const char *
skip_bom (const char *text)
{
  return g_str_has_prefix (text, "\xEF\xBB\xBF") ? text + 3 : text;
}

static char *
with_bom (const char *text)
{
  return g_strconcat ("\xEF\xBB\xBF", skip_bom (text), NULL);
}

static char *
with_crlf (const char *text)
{
  g_autofree char *lf = replace (text, "\r\n", "\n");

  return replace (lf, "\n", "\r\n");
}

/* The declaration a Windows export writes: lower-case encoding, single quotes, standalone. */
static char *
with_lower_case_declaration (const char *text)
{
  g_autofree char *bare = replace (skip_bom (text), "^\\s*<\\?xml[^?]*\\?>\\s*", "");

  return g_strconcat ("<?xml version='1.0' encoding='utf-8' standalone='yes'?>\n", bare, NULL);
}

/* A blank line and indentation before the declaration, as some exports start. */
static char *
with_leading_blank_line (const char *text)
{
  return g_strconcat ("\r\n  ", skip_bom (text), NULL);
}

/* One line, no whitespace between elements (what a serializer without pretty-printing writes). */
static char *
compact (const char *text)
{
  return replace (text, ">\\s+<", "><");
}

static char *
with_tabs (const char *text)
{
  return replace (text, "^( {2})+", "\t");
}

/* Every element under a prefix: the default namespace becomes `q:`, an unnamespaced document is
 * put in a vendor's namespace, and the SOAP prefix is the one another toolkit uses. */
static char *
with_other_prefixes (const char *text)
{
  g_autofree char *soap = replace (skip_bom (text), "(</?|xmlns:)soap([:=])", "\\1SOAP-ENV\\2");
  g_autofree char *declared = NULL;
  g_autofree char *prefixed = NULL;

  if (strstr (soap, "xmlns=\"") != NULL)
    declared = replace (soap, "xmlns=\"", "xmlns:q=\"");
  else
    declared = replace (soap, "\\A(\\s*(<\\?[^?]*\\?>\\s*)?<[A-Za-z_][A-Za-z0-9_.:-]*)",
                        "\\1 xmlns:q=\"urn:vendor:export\"");
  prefixed = replace (declared, "<(/?)([A-Za-z_][A-Za-z0-9_.-]*)(?=[\\s/>])", "<\\1q:\\2");
  return g_steal_pointer (&prefixed);
}

static gboolean
wrap_one (const GMatchInfo *match,
          GString          *out,
          gpointer          user_data)
{
  g_autofree char *open = g_match_info_fetch (match, 1);
  g_autofree char *content = g_match_info_fetch (match, 2);
  g_autofree char *close = g_match_info_fetch (match, 3);
  gsize length = strlen (content);

  g_string_append (out, open);
  for (gsize i = 0; i < length; i += 76)
    {
      g_string_append (out, "\r\n");
      g_string_append_len (out, content + i, (gssize) MIN (76, length - i));
    }
  g_string_append (out, "\r\n");
  g_string_append (out, close);
  return FALSE;
}

/* base64 in 76-column lines (MIME style), as some vendors' encoders write it. */
static char *
with_wrapped_base64 (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("(<NOIDUNGFILE>)([^<]*)(</NOIDUNGFILE>)", 0, 0, NULL);

  return g_regex_replace_eval (regex, text, -1, 0, 0, wrap_one, NULL, NULL);
}

static gboolean
rewrite_inner (const GMatchInfo *match,
               GString          *out,
               gpointer          user_data)
{
  g_autofree char *open = g_match_info_fetch (match, 1);
  g_autofree char *type = g_match_info_fetch (match, 2);
  g_autofree char *content = g_match_info_fetch (match, 3);
  g_autofree char *close = g_match_info_fetch (match, 4);
  g_autoptr(GBytes) bytes = cd_base64_decode_strict (content);
  g_autofree char *inner = NULL;
  g_autofree char *crlf = NULL;
  g_autofree char *bom = NULL;
  g_autofree char *encoded = NULL;

  g_assert_nonnull (bytes);
  /* Tables we do not read are kept as a byte count, which a rewrite changes on purpose. */
  if (cd_moh_table_from_code (type) == CD_MOH_TABLE_UNKNOWN)
    {
      g_string_append_printf (out, "%s%s%s", open, content, close);
      return FALSE;
    }
  inner = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  crlf = with_crlf (inner);
  bom = with_bom (crlf);
  encoded = g_base64_encode ((const guchar *) bom, strlen (bom));
  g_string_append_printf (out, "%s%s%s", open, encoded, close);
  return FALSE;
}

/* Inner documents written by a Windows tool: a BOM and CRLF inside the base64. */
static char *
with_windows_inner_documents (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("(<LOAIHOSO>([^<]*)</LOAIHOSO>\\s*<NOIDUNGFILE>)([^<]*)"
                                         "(</NOIDUNGFILE>)", 0, 0, NULL);

  return g_regex_replace_eval (regex, text, -1, 0, 0, rewrite_inner, NULL, NULL);
}

/* JSON: whole numbers written as strings, as a gateway that types nothing writes them. */
static char *
with_numbers_as_strings (const char *text)
{
  return replace (text, "(\":\\s*)([0-9]+)(\\s*[,}\\]])", "\\1\"\\2\"\\3");
}

/* JSON: short codes written as numbers, as the justice system's samples write them. */
static char *
with_codes_as_numbers (const char *text)
{
  return replace (text, "(\":\\s*)\"([1-9][0-9]{0,3})\"", "\\1\\2");
}

static const Variant variants[] = {
  { "bom", with_bom, FALSE },
  { "crlf", with_crlf, FALSE },
  { "bom-crlf-tabs", NULL, FALSE },
  { "lower-case-declaration", with_lower_case_declaration, TRUE },
  { "leading-blank-line", with_leading_blank_line, TRUE },
  { "compact", compact, TRUE },
  { "tabs", with_tabs, FALSE },
  { "other-prefixes", with_other_prefixes, TRUE },
  { "wrapped-base64", with_wrapped_base64, TRUE },
  { "windows-inner-documents", with_windows_inner_documents, TRUE },
  { "numbers-as-strings", with_numbers_as_strings, FALSE },
  { "codes-as-numbers", with_codes_as_numbers, FALSE },
};

/* Variants stack: a real file often has several at once. */
static char *
apply (const Variant *variant,
       const char    *text)
{
  g_autofree char *tabs = NULL;
  g_autofree char *crlf = NULL;

  if (variant->rewrite != NULL)
    return variant->rewrite (text);
  tabs = with_tabs (text);
  crlf = with_crlf (tabs);
  return with_bom (crlf);
}

static char *
normalized (const char *data,
            gsize       length,
            const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) document = cd_document_parse (data, length, source, &error);

  if (document == NULL)
    g_error ("%s", error->message);
  return cd_document_to_json (document, TRUE);
}

static void
test_variant (gconstpointer data)
{
  const Variant *variant = data;
  guint changed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                     fixtures[i], NULL);
      g_autofree char *text = NULL;
      g_autofree char *rewritten = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;
      gsize length = 0;

      if (variant->xml_only && g_str_has_suffix (fixtures[i], ".json"))
        continue;
      g_assert_true (g_file_get_contents (path, &text, &length, NULL));
      rewritten = apply (variant, text);
      changed += g_strcmp0 (rewritten, text) != 0 ? 1 : 0;
      g_test_message ("%s, %s", fixtures[i], variant->name);
      expected = normalized (text, length, fixtures[i]);
      actual = normalized (rewritten, strlen (rewritten), fixtures[i]);
      g_assert_cmpstr (actual, ==, expected);
    }
  /* A rewrite that changes nothing tests nothing. */
  g_assert_cmpuint (changed, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *path = g_strdup_printf ("/documents-variants/%s", variants[i].name);

      g_test_add_data_func (path, &variants[i], test_variant);
    }
  return g_test_run ();
}
