/* test-signature-wrapping.c — XML-signature wrapping: a really signed MoH envelope, then altered
 * so that the signature covers one element while the envelope reader walks to another. Each case
 * shows what the reader would read and that the document is refused. */
#include "config.h"

#include <string.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/crypto.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>

#include "cd-data-dir.h"
#include "cd-document.h"
#include "cd-trust-store.h"
#include "cd-xml-safe.h"
#include "cd-xmldsig.h"
#include "demo-trust-fixture.h"

#define DSIG_NS "http://www.w3.org/2000/09/xmldsig#"
#define SIGNED_TYPE "XML2"  /* the LOAIHOSO of the episode the facility signed */
#define FORGED_TYPE "XML4"  /* the LOAIHOSO of the episode an attacker adds */

/* One episode whose single file is a table the claims keep as counted bytes, so that the content
 * read is visible as its LOAIHOSO. `root_attrs` and `hoso_attrs` go inside the start tags. */
static char *
envelope (const char *root_attrs,
          const char *facility,
          const char *hoso_attrs,
          const char *type)
{
  return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<GIAMDINHHS%s>\n"
                          "  <THONGTINDONVI>\n"
                          "    <MACSKCB>%s</MACSKCB>\n"
                          "  </THONGTINDONVI>\n"
                          "  <THONGTINHOSO>\n"
                          "    <NGAYLAP>20250315</NGAYLAP>\n"
                          "    <SOLUONGHOSO>1</SOLUONGHOSO>\n"
                          "    <DANHSACHHOSO>\n"
                          "      <HOSO%s>\n"
                          "        <FILEHOSO>\n"
                          "          <LOAIHOSO>%s</LOAIHOSO>\n"
                          "          <NOIDUNGFILE>PGEvPg==</NOIDUNGFILE>\n"
                          "        </FILEHOSO>\n"
                          "      </HOSO>\n"
                          "    </DANHSACHHOSO>\n"
                          "  </THONGTINHOSO>\n"
                          "  <CHUKYDONVI></CHUKYDONVI>\n"
                          "</GIAMDINHHS>\n",
                          root_attrs, facility, hoso_attrs, type);
}

#define FORGED_HOSO                                                                               \
  "<HOSO><FILEHOSO><LOAIHOSO>" FORGED_TYPE "</LOAIHOSO><NOIDUNGFILE>PGIvPg==</NOIDUNGFILE>"     \
  "</FILEHOSO></HOSO>"

/* Signed the way the gateway signs (cd_xmldsig_sign_bytes), by the TEST-ONLY key of 79001. */
static char *
sign_product (const char       *xml,
              CdXmldsigProfile  profile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSigningKey) key = cd_signing_key_new_for_test_facility ("79001", &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  bytes = cd_xmldsig_sign_bytes (key, xml, strlen (xml), profile, &error);
  g_assert_no_error (error);
  return g_strdup (g_bytes_get_data (bytes, NULL));
}

/* Makes every attribute called `name` an ID, as a schema declaring it would. */
static void
declare_ids (xmlDocPtr   doc,
             xmlNodePtr  node,
             const char *name)
{
  for (; node != NULL; node = node->next)
    {
      xmlAttrPtr attr = node->type == XML_ELEMENT_NODE ? xmlHasProp (node, BAD_CAST name) : NULL;

      if (attr != NULL)
        {
          xmlChar *value = xmlNodeListGetString (doc, attr->children, 1);

          xmlAddID (NULL, doc, value, attr);
          xmlFree (value);
        }
      declare_ids (doc, node->children, name);
    }
}

/* Signed with shapes the product never makes, by the same trusted key: the References `uris`, each
 * with the enveloped-signature transform and then `xpath` if given. Attributes named `id_name`
 * are made IDs first, as a signer whose schema declares them would. */
static char *
sign_custom (const char        *xml,
             const char *const *uris,
             const char        *xpath,
             const char        *id_name)
{
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *key_path = g_build_filename (pki, "facilities", "79001.key.pem", NULL);
  g_autofree char *cert_path = g_build_filename (pki, "facilities", "79001.cert.pem", NULL);
  g_autoptr(xmlDoc) doc = NULL;
  xmlNodePtr root, parent, signature, key_info;
  xmlSecDSigCtxPtr ctx;
  xmlChar *buffer = NULL;
  int size = 0;
  char *out;

  g_assert_true (cd_xmldsig_init (NULL));
  doc = xmlReadMemory (xml, (int) strlen (xml), "custom.xml", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  if (id_name != NULL)
    declare_ids (doc, root, id_name);
  parent = cd_xml_find_child (root, "CHUKYDONVI");
  signature = xmlSecTmplSignatureCreateNsPref (doc, xmlSecTransformInclC14NId,
                                               xmlSecTransformRsaSha256Id, NULL, BAD_CAST "ds");
  xmlAddChild (parent, signature);
  for (guint i = 0; uris[i] != NULL; i++)
    {
      xmlNodePtr reference = xmlSecTmplSignatureAddReference (signature, xmlSecTransformSha256Id,
                                                              NULL, BAD_CAST uris[i], NULL);

      g_assert_nonnull (xmlSecTmplReferenceAddTransform (reference, xmlSecTransformEnvelopedId));
      if (xpath != NULL)
        {
          xmlNodePtr transform = xmlSecTmplReferenceAddTransform (reference,
                                                                  xmlSecTransformXPathId);

          g_assert_cmpint (xmlSecTmplTransformAddXPath (transform, BAD_CAST xpath, NULL), ==, 0);
        }
    }
  key_info = xmlSecTmplSignatureEnsureKeyInfo (signature, NULL);
  g_assert_nonnull (xmlSecTmplX509DataAddCertificate (xmlSecTmplKeyInfoAddX509Data (key_info)));

  ctx = xmlSecDSigCtxCreate (NULL);
  ctx->signKey = xmlSecCryptoAppKeyLoad (key_path, xmlSecKeyDataFormatPem, NULL, NULL, NULL);
  g_assert_nonnull (ctx->signKey);
  g_assert_cmpint (xmlSecCryptoAppKeyCertLoad (ctx->signKey, cert_path, xmlSecKeyDataFormatPem),
                   ==, 0);
  g_assert_cmpint (xmlSecDSigCtxSign (ctx, signature), ==, 0);
  xmlSecDSigCtxDestroy (ctx);

  xmlDocDumpMemoryEnc (doc, &buffer, &size, "UTF-8");
  out = g_strndup ((const char *) buffer, size);
  xmlFree (buffer);
  return out;
}

/* Replaces the first `from` in `text` by `to`; the case is wrong if it is not there. */
static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_autoptr(GString) out = g_string_new (text);

  g_assert_nonnull (strstr (text, from));
  g_string_replace (out, from, to, 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
extract (const char *text,
         const char *start,
         const char *end)
{
  const char *from = strstr (text, start);
  const char *to = from != NULL ? strstr (from, end) : NULL;

  g_assert_nonnull (to);
  return g_strndup (from, to + strlen (end) - from);
}

/* What the envelope reader walks to, found with its own helpers on a plain parse: the LOAIHOSO of
 * every GIAMDINHHS/THONGTINHOSO/DANHSACHHOSO/HOSO/FILEHOSO, and the facility. */
static char *
what_is_read (const char *xml)
{
  g_autoptr(xmlDoc) doc = cd_xml_safe_parse (xml, strlen (xml), "case", NULL, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  xmlNodePtr root, list;
  g_autofree char *facility = NULL;

  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  facility = cd_xml_node_text (cd_xml_find_child (cd_xml_find_child (root, "THONGTINDONVI"),
                                                  "MACSKCB"));
  g_string_append (out, facility);
  list = cd_xml_find_child (cd_xml_find_child (root, "THONGTINHOSO"), "DANHSACHHOSO");
  for (xmlNodePtr hoso = cd_xml_first_child_element (list); hoso != NULL;
       hoso = cd_xml_next_element (hoso))
    {
      g_autofree char *type = NULL;

      if (!cd_xml_node_is (hoso, "HOSO"))
        continue;
      type = cd_xml_node_text (cd_xml_find_child (cd_xml_find_child (hoso, "FILEHOSO"),
                                                  "LOAIHOSO"));
      g_string_append_printf (out, " %s", type);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* With CLAIMDESK_WRAPPING_CORPUS=DIR the cases are also written there: that is how
 * tests/fuzz/corpus/xmldsig/ was made. */
static void
dump_case (const char *source,
           const char *xml)
{
  const char *dir = g_getenv ("CLAIMDESK_WRAPPING_CORPUS");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, source, NULL);
  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
}

/* The case's document is refused: either the parser refuses it (a CD_DOCUMENT_ERROR naming the
 * document and mentioning `problem`) or, when only the digest can tell (content changed), its
 * signature is invalid with a reason mentioning `problem`. Never valid. */
static void
assert_refused (const char *name,
                const char *xml,
                const char *reads,
                gboolean    at_parse,
                const char *problem)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) document = NULL;
  g_autofree char *read = what_is_read (xml);
  g_autofree char *source = g_strconcat (name, ".xml", NULL);

  dump_case (source, xml);
  g_test_message ("%s: the reader walks to “%s”", name, read);
  g_assert_cmpstr (read, ==, reads);

  document = cd_document_parse (xml, strlen (xml), source, &error);
  if (at_parse)
    {
      if (document != NULL)
        {
          g_autofree char *json = NULL;

          cd_document_verify (document, store);
          json = cd_document_to_json (document, FALSE);
          g_error ("%s was not refused: %s", source, json);
        }
      g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_SIGNATURE);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, source));
      if (strstr (error->message, problem) == NULL)
        g_error ("“%s” does not mention “%s”", error->message, problem);
    }
  else
    {
      g_autofree char *json = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (cd_document_verify (document, store), ==, CD_SIGNATURE_INVALID);
      json = cd_document_to_json (document, FALSE);
      g_test_message ("%s", json);
      if (strstr (json, problem) == NULL)
        g_error ("%s does not mention “%s”", json, problem);
    }
}

static char *
signed_enveloped (void)
{
  g_autofree char *xml = envelope ("", "79001", "", SIGNED_TYPE);

  return sign_product (xml, CD_XMLDSIG_PROFILE_ENVELOPED);
}

static char *
signed_by_id (void)
{
  g_autofree char *xml = envelope ("", "79001", "", SIGNED_TYPE);

  return sign_product (xml, CD_XMLDSIG_PROFILE_ID);
}

/* The unaltered documents are valid, so every refusal below is the alteration's doing. */
static void
test_untouched_valid (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autofree char *enveloped = signed_enveloped ();
  g_autofree char *by_id = signed_by_id ();
  const char *const empty[] = { "", NULL };
  g_autofree char *plain = envelope ("", "79001", "", SIGNED_TYPE);
  g_autofree char *custom = sign_custom (plain, empty, NULL, NULL);
  const char *docs[] = { enveloped, by_id, custom };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CdDocument) document = cd_document_parse (docs[i], strlen (docs[i]), "ok.xml",
                                                          &error);
      g_autofree char *read = what_is_read (docs[i]);

      g_assert_no_error (error);
      g_assert_cmpstr (read, ==, "79001 " SIGNED_TYPE);
      g_assert_cmpint (cd_document_verify (document, store), ==, CD_SIGNATURE_VALID);
    }
}

/* (a) A second HOSO beside the signed one, the count raised to match. */
static void
test_sibling_hoso (void)
{
  g_autofree char *xml = signed_enveloped ();
  g_autofree char *counted = replace (xml, "<SOLUONGHOSO>1<", "<SOLUONGHOSO>2<");
  g_autofree char *after = replace (counted, "</HOSO>", "</HOSO>" FORGED_HOSO);
  g_autofree char *before = replace (counted, "<HOSO>", FORGED_HOSO "<HOSO>");

  assert_refused ("sibling-after", after, "79001 " SIGNED_TYPE " " FORGED_TYPE, FALSE,
                  "changed after signing");
  assert_refused ("sibling-before", before, "79001 " FORGED_TYPE " " SIGNED_TYPE, FALSE,
                  "changed after signing");
}

/* (a, b) Unsigned content hidden where the enveloped-signature transform cuts it out: in a
 * ds:Object of the signature. The reader does not walk there, but nothing in the signature may go
 * unsigned. */
static void
test_content_in_object (void)
{
  g_autofree char *xml = signed_enveloped ();
  g_autofree char *hidden = replace (xml, "</ds:Signature>",
                                     "<ds:Object>" FORGED_HOSO "</ds:Object></ds:Signature>");

  assert_refused ("hoso-in-object", hidden, "79001 " SIGNED_TYPE, TRUE, "Object");
}

/* (b) The classic: the signed root moved into an extension element of a forged root without an
 * Id; the reference "#claimdesk-signed" still finds it and its digest still holds. */
static void
test_signed_root_moved (void)
{
  g_autofree char *xml = signed_by_id ();
  g_autofree char *signature = extract (xml, "<ds:Signature", "</ds:Signature>");
  g_autofree char *original = extract (xml, "<GIAMDINHHS", "</GIAMDINHHS>");
  g_autofree char *emptied = replace (original, signature, "");
  g_autofree char *forged = envelope ("", "79001", "", FORGED_TYPE);
  g_autofree char *with_ext = replace (forged, "  <CHUKYDONVI></CHUKYDONVI>",
                                       "  <THONGTINMORONG></THONGTINMORONG>\n"
                                       "  <CHUKYDONVI></CHUKYDONVI>");
  g_autofree char *step = NULL;
  g_autofree char *wrapped = NULL;
  g_autofree char *same_id = NULL;
  g_autofree char *extension = g_strdup_printf ("<THONGTINMORONG>%s</THONGTINMORONG>", emptied);
  g_autofree char *block = g_strdup_printf ("<CHUKYDONVI>%s</CHUKYDONVI>", signature);

  step = replace (with_ext, "<CHUKYDONVI></CHUKYDONVI>", block);
  wrapped = replace (step, "<THONGTINMORONG></THONGTINMORONG>", extension);
  assert_refused ("root-moved", wrapped, "79001 " FORGED_TYPE, TRUE, "not the root");

  /* The forged root claiming the same Id: two elements with one Id. */
  same_id = replace (wrapped, "<GIAMDINHHS>", "<GIAMDINHHS Id=\"claimdesk-signed\">");
  assert_refused ("root-moved-same-id", same_id, "79001 " FORGED_TYPE, TRUE, "claimdesk-signed");
}

/* (c, g) A second element with the signed Id, hidden in the signature, under the very name and
 * under the other names an ID may have (ID, id, xml:id, wsu:Id). */
static void
test_duplicate_id (void)
{
  g_autofree char *xml = signed_by_id ();
  const char *attributes[] = {
    "Id=\"claimdesk-signed\"",
    "ID=\"claimdesk-signed\"",
    "id=\"claimdesk-signed\"",
    "xml:id=\"claimdesk-signed\"",
    "xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/"
    "oasis-200401-wss-wssecurity-utility-1.0.xsd\" wsu:Id=\"claimdesk-signed\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (attributes); i++)
    {
      g_autofree char *object = g_strdup_printf ("<ds:Object %s>" FORGED_HOSO
                                                 "</ds:Object></ds:Signature>", attributes[i]);
      g_autofree char *duplicated = replace (xml, "</ds:Signature>", object);
      g_autofree char *name = g_strdup_printf ("duplicate-id-%u", i + 1);

      g_test_message ("%s", attributes[i]);
      assert_refused (name, duplicated, "79001 " SIGNED_TYPE, TRUE, "claimdesk-signed");
    }
}

/* (d) A reference to an element inside the envelope (its HOSO): everything outside it, the facility
 * included, is then unsigned and changed. */
static void
test_reference_to_child (void)
{
  g_autofree char *xml = envelope ("", "79001", " Id=\"hoso-1\"", SIGNED_TYPE);
  const char *const child[] = { "#hoso-1", NULL };
  g_autofree char *signed_child = sign_custom (xml, child, NULL, "Id");
  g_autofree char *changed = replace (signed_child, "<MACSKCB>79001<", "<MACSKCB>48001<");

  assert_refused ("reference-to-child", changed, "48001 " SIGNED_TYPE, TRUE, "#hoso-1");
}

/* (d, g) The root's Id under another name: ID is not an Id, so "#r" names nothing we accept. */
static void
test_reference_other_id_name (void)
{
  g_autofree char *xml = envelope (" ID=\"r\"", "79001", "", SIGNED_TYPE);
  const char *const to_root[] = { "#r", NULL };
  g_autofree char *signed_root = sign_custom (xml, to_root, NULL, "ID");

  assert_refused ("reference-other-id-name", signed_root, "79001 " SIGNED_TYPE, TRUE, "#r");
}

/* (e) More References than the one the format has: one that covers everything beside one that
 * covers the HOSO; and the same whole-document reference twice. */
static void
test_multiple_references (void)
{
  g_autofree char *xml = envelope ("", "79001", " Id=\"hoso-1\"", SIGNED_TYPE);
  const char *const two[] = { "", "#hoso-1", NULL };
  const char *const twice[] = { "", "", NULL };
  g_autofree char *signed_two = sign_custom (xml, two, NULL, "Id");
  g_autofree char *signed_twice = sign_custom (xml, twice, NULL, "Id");

  assert_refused ("two-references", signed_two, "79001 " SIGNED_TYPE, TRUE, "Reference");
  assert_refused ("same-reference-twice", signed_twice, "79001 " SIGNED_TYPE, TRUE, "Reference");
}

/* (e) Two Signature elements: a second one inside the first's Object, and the signature moved out
 * of CHUKYDONVI into the HOSO, where the enveloped-signature transform still cuts it out. */
static void
test_signature_count_and_place (void)
{
  g_autofree char *xml = signed_enveloped ();
  g_autofree char *signature = extract (xml, "<ds:Signature", "</ds:Signature>");
  g_autofree char *object = g_strdup_printf ("<ds:Object>%s</ds:Object></ds:Signature>",
                                             signature);
  g_autofree char *block_end = g_strdup_printf ("%s</CHUKYDONVI>", object);
  g_autofree char *file_end = g_strdup_printf ("</FILEHOSO>%s", signature);
  g_autofree char *nested = replace (xml, "</ds:Signature></CHUKYDONVI>", block_end);
  g_autofree char *emptied = replace (xml, signature, "");
  g_autofree char *moved = replace (emptied, "</FILEHOSO>", file_end);

  assert_refused ("two-signatures", nested, "79001 " SIGNED_TYPE, TRUE, "2 signatures");
  assert_refused ("signature-in-hoso", moved, "79001 " SIGNED_TYPE, TRUE, "CHUKYDONVI");

  /* The verifier holds every format (rule packs, configuration, employer lists) to the same
   * shape, and still says whom the refused signature claims to be from. */
  {
    g_autoptr(CdTrustStore) store = demo_trust_store ();
    g_autoptr(xmlDoc) doc = cd_xml_safe_parse (moved, strlen (moved), "moved", NULL, NULL);
    g_autoptr(CdSignatureResult) result = cd_xmldsig_verify (store, doc);

    g_assert_cmpint (result->status, ==, CD_SIGNATURE_INVALID);
    g_assert_null (result->covered);
    g_assert_nonnull (strstr (result->reason, "sits in HOSO"));
    g_assert_nonnull (strstr (result->subject, "79001"));
  }
}

/* (f) An XPath transform that takes the HOSO out of what is covered, then the HOSO replaced. */
static void
test_xpath_transform (void)
{
  g_autofree char *xml = envelope ("", "79001", "", SIGNED_TYPE);
  const char *const empty[] = { "", NULL };
  g_autofree char *signed_xpath = sign_custom (xml, empty, "not(ancestor-or-self::HOSO)", NULL);
  g_autofree char *forged_hoso = extract (signed_xpath, "<HOSO>", "</HOSO>");
  g_autofree char *swapped = replace (signed_xpath, forged_hoso, FORGED_HOSO);

  assert_refused ("xpath-transform", swapped, "79001 " FORGED_TYPE, TRUE, "xpath");
}

/* (h) Comments and CDATA inside signed text: canonicalisation without comments drops the comment
 * and writes CDATA as text, so the signature holds; what the reader reads is the very text that
 * was signed, so this is accepted. */
static void
test_comments_read_as_signed (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autofree char *xml = signed_enveloped ();
  g_autofree char *commented = replace (xml, "<MACSKCB>79001<", "<MACSKCB>79<!--48-->001<");
  g_autofree char *cdata = replace (commented, "<LOAIHOSO>" SIGNED_TYPE "<",
                                    "<LOAIHOSO><![CDATA[" SIGNED_TYPE "]]><");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) document = cd_document_parse (cdata, strlen (cdata), "commented.xml",
                                                      &error);
  g_autofree char *read = what_is_read (cdata);
  g_autofree char *json = NULL;

  dump_case ("commented.xml", cdata);
  g_assert_no_error (error);
  g_assert_cmpstr (read, ==, "79001 " SIGNED_TYPE);
  g_assert_cmpint (cd_document_verify (document, store), ==, CD_SIGNATURE_VALID);
  json = cd_document_to_json (document, FALSE);
  g_assert_nonnull (strstr (json, "\"facility\":\"79001\""));
}

/* A table sent on its own with its own CHUKYDONVI (XML12) is held to the same shape: the committed
 * fixture, valid as it is, refused with a second signature in its block. */
static void
test_table_alone (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                 "signed-xml12-31001.xml", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *doubled = NULL;
  g_autofree char *block_end = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) valid = NULL;
  g_autoptr(CdDocument) refused = NULL;

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  valid = cd_document_parse (xml, strlen (xml), "xml12.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_document_get_kind (valid), ==, CD_DOCUMENT_KIND_MOH_XML12);

  signature = extract (xml, "<ds:Signature", "</ds:Signature>");
  block_end = g_strdup_printf ("</ds:Signature>%s</CHUKYDONVI>", signature);
  doubled = replace (xml, "</ds:Signature></CHUKYDONVI>", block_end);
  refused = cd_document_parse (doubled, strlen (doubled), "xml12-two-signatures.xml", &error);
  g_assert_null (refused);
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_SIGNATURE);
  g_assert_true (g_str_has_prefix (error->message, "xml12-two-signatures.xml: "));
  g_assert_nonnull (strstr (error->message, "2 signatures"));
}

/* The verifier answers which element it covered and cd_document_verify compares it, by pointer,
 * with the one the parser read: a root swapped for an identical copy after parsing is another
 * element, however alike, and the signature no longer vouches for what was read. */
static void
test_covered_is_read (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autofree char *xml = signed_enveloped ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) document = cd_document_parse (xml, strlen (xml), "swapped.xml", &error);
  g_autoptr(CdSignatureResult) result = NULL;
  g_autofree char *json = NULL;
  xmlDocPtr doc;
  xmlNodePtr read;

  g_assert_no_error (error);
  doc = cd_document_get_xml (document);
  result = cd_xmldsig_verify (store, doc);
  g_assert_cmpint (result->status, ==, CD_SIGNATURE_VALID);
  g_assert_true (result->covered == xmlDocGetRootElement (doc));

  read = xmlDocSetRootElement (doc, xmlDocCopyNode (xmlDocGetRootElement (doc), doc, 1));
  g_assert_cmpint (cd_document_verify (document, store), ==, CD_SIGNATURE_INVALID);
  json = cd_document_to_json (document, FALSE);
  g_assert_nonnull (strstr (json, "not the GIAMDINHHS that was read"));
  xmlFreeNode (read);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/signature-wrapping/untouched-valid", test_untouched_valid);
  g_test_add_func ("/signature-wrapping/sibling-hoso", test_sibling_hoso);
  g_test_add_func ("/signature-wrapping/content-in-object", test_content_in_object);
  g_test_add_func ("/signature-wrapping/signed-root-moved", test_signed_root_moved);
  g_test_add_func ("/signature-wrapping/duplicate-id", test_duplicate_id);
  g_test_add_func ("/signature-wrapping/reference-to-child", test_reference_to_child);
  g_test_add_func ("/signature-wrapping/reference-other-id-name", test_reference_other_id_name);
  g_test_add_func ("/signature-wrapping/multiple-references", test_multiple_references);
  g_test_add_func ("/signature-wrapping/signature-count-and-place",
                   test_signature_count_and_place);
  g_test_add_func ("/signature-wrapping/xpath-transform", test_xpath_transform);
  g_test_add_func ("/signature-wrapping/comments-read-as-signed", test_comments_read_as_signed);
  g_test_add_func ("/signature-wrapping/table-alone", test_table_alone);
  g_test_add_func ("/signature-wrapping/covered-is-read", test_covered_is_read);
  return g_test_run ();
}
