/* test-signature-foreign.c — signatures on documents from outside: a real TT78 e-invoice signed by
 * Viettel-CA, the xmlsec and W3C interop vectors (tests/data/real-documents/SOURCES.md), each with
 * the answer we expect, so that a change in what is accepted shows here; then the e-invoice altered
 * byte by byte, and documents signed here with the TEST-ONLY key. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/crypto.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>

#include "cd-data-dir.h"
#include "cd-trust-store.h"
#include "cd-xml-safe.h"
#include "cd-xmldsig.h"
#include "cd-xmldsig-foreign.h"
#include "demo-trust-fixture.h"
#include "test-util.h"

#define EINVOICE     "einvoice-viettel-signed.xml"
#define DLHDON_URI   "#017be399-080c-42ab-9483-1ad139112e7f"
#define OWN_DOCUMENT "<Invoice Id=\"inv-1\"><Amount>1000</Amount><Sig/></Invoice>"

/* What we answer for each real file, and a word its reason must hold. */
typedef struct
{
  const char               *file;
  CdForeignSignatureStatus  status;
  const char               *keyword;
  const char               *algorithm;  /* NULL when the document is not read */
  guint                     n_references;
} RealCase;

static const RealCase real_cases[] = {
  /* rsa-sha1 accepted on HDon; both References hold; Viettel-CA is not in our store */
  { EINVOICE, CD_FOREIGN_SIGNATURE_UNTRUSTED, "not chained", "rsa-sha1", 2 },
  /* rsa-sha1 on another root (it also has an XPath transform and only a KeyName) */
  { "dsig-enveloped-rsa-sha1.xml", CD_FOREIGN_SIGNATURE_REFUSED, "rsa-sha1", "rsa-sha1", 1 },
  /* rsa-sha256, but an XPath transform (and only X509Digest, no certificate) */
  { "dsig-enveloped-x509-sha256.xml", CD_FOREIGN_SIGNATURE_REFUSED, "XPath", "rsa-sha256", 1 },
  { "dsig-w3c-enveloped-dsa.xml", CD_FOREIGN_SIGNATURE_REFUSED, "dsa-sha1", "dsa-sha1", 1 },
  /* DSA, and a remote reference */
  { "dsig-w3c-x509-crt-crl.xml", CD_FOREIGN_SIGNATURE_REFUSED, "dsa-sha1", "dsa-sha1", 1 },
  /* the hardened reader refuses the DOCTYPE before anything else */
  { "dsig-w3c-dtd-entities.xml", CD_FOREIGN_SIGNATURE_REFUSED, "DOCTYPE", NULL, 0 },
  /* DSA, and 27 References through XPath */
  { "dsig-w3c-c14n-namespaces.xml", CD_FOREIGN_SIGNATURE_REFUSED, "dsa-sha1", "dsa-sha1", 27 },
};

static char *
real_path (const char *file)
{
  return g_test_build_filename (G_TEST_DIST, "data", "real-documents", file, NULL);
}

static char *
read_real (const char *file)
{
  g_autofree char *path = real_path (file);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* The e-invoice with `from` replaced by `to`, which must occur exactly once. */
static char *
einvoice_with (const char *from,
               const char *to)
{
  g_autofree char *text = read_real (EINVOICE);
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  g_assert_null (strstr (at + 1, from));
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

static CdForeignSignatureResult *
verify_text (CdTrustStore *store,
             const char   *text)
{
  return cd_xmldsig_verify_foreign_data (store, text, strlen (text), "test.xml");
}

static void
assert_reason (const CdForeignSignatureResult *result,
               CdForeignSignatureStatus        status,
               const char                     *keyword)
{
  gboolean has_keyword = keyword == NULL
                         || (result->reason != NULL && strstr (result->reason, keyword) != NULL);

  if (result->status != status || !has_keyword)
    g_error ("expected %s with “%s”, got %s: %s", cd_foreign_signature_status_to_string (status),
             keyword, cd_foreign_signature_status_to_string (result->status),
             result->reason != NULL ? result->reason : "(no reason)");
}

static void
test_real_file (gconstpointer data)
{
  const RealCase *c = data;
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autofree char *text = read_real (c->file);
  g_autoptr(CdForeignSignatureResult) result = NULL;

  result = cd_xmldsig_verify_foreign_data (store, text, strlen (text), c->file);
  assert_reason (result, c->status, c->keyword);
  g_assert_cmpstr (result->signature_algorithm, ==, c->algorithm);
  g_assert_cmpuint (result->references->len, ==, c->n_references);
}

static void
test_einvoice_references (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autofree char *text = read_real (EINVOICE);
  g_autoptr(CdForeignSignatureResult) result = verify_text (store, text);
  const CdForeignReference *content, *stamp;

  assert_reason (result, CD_FOREIGN_SIGNATURE_UNTRUSTED, "unable to get local issuer");
  g_assert_cmpstr (result->root, ==, "HDon");
  g_assert_cmpuint (result->n_signatures, ==, 1);
  g_assert_nonnull (strstr (result->subject, "UID=MST:0104831030-091"));
  content = g_ptr_array_index (result->references, 0);
  stamp = g_ptr_array_index (result->references, 1);
  g_assert_cmpstr (content->uri, ==, DLHDON_URI);
  g_assert_cmpstr (content->element, ==, "/HDon/DLHDon");
  g_assert_cmpstr (content->digest, ==, "sha1");
  g_assert_cmpstr (stamp->uri, ==, "#TimeStamp");
  g_assert_cmpstr (stamp->element, ==, "/HDon/DSCKS/NBan/Signature/Object");

  /* Without a store the bytes still hold, and nobody is trusted. */
  g_clear_pointer (&result, cd_foreign_signature_result_free);
  result = verify_text (NULL, text);
  assert_reason (result, CD_FOREIGN_SIGNATURE_UNTRUSTED, "no trust store");
}

/* The invoice's number, one digit changed. */
static void
test_einvoice_content_changed (void)
{
  g_autofree char *text = einvoice_with ("<SHDon>1390239</SHDon>", "<SHDon>1390238</SHDon>");
  g_autoptr(CdForeignSignatureResult) result = verify_text (NULL, text);

  assert_reason (result, CD_FOREIGN_SIGNATURE_INVALID, DLHDON_URI);
}

/* The signing time, one second later: the ds:Object the second Reference signs. */
static void
test_einvoice_timestamp_changed (void)
{
  g_autofree char *text = einvoice_with ("09:32:18", "09:32:19");
  g_autoptr(CdForeignSignatureResult) result = verify_text (NULL, text);

  assert_reason (result, CD_FOREIGN_SIGNATURE_INVALID, "#TimeStamp");
}

static void
test_einvoice_value_changed (void)
{
  g_autofree char *text = einvoice_with ("<SignatureValue>UAWRA6", "<SignatureValue>UAWRA7");
  g_autoptr(CdForeignSignatureResult) result = verify_text (NULL, text);

  assert_reason (result, CD_FOREIGN_SIGNATURE_INVALID, "signature value");
}

/* A change outside what the References cover is not seen, and the answer says what they cover. */
static void
test_einvoice_outside_coverage (void)
{
  g_autofree char *text = einvoice_with ("<NMua/>", "<NMua>added later</NMua>");
  g_autoptr(CdForeignSignatureResult) result = verify_text (NULL, text);

  assert_reason (result, CD_FOREIGN_SIGNATURE_UNTRUSTED, NULL);
}

/* Signature wrapping: the signed DLHDon moved into DSCKS, where its Id still finds it, and a forged
 * DLHDon without Id put where a reader looks. The bytes the Reference names are unchanged. */
static void
test_einvoice_wrapped (void)
{
  g_autofree char *text = read_real (EINVOICE);
  const char *start = strstr (text, "<DLHDon ");
  const char *end = strstr (text, "</DLHDon>");
  const char *forged = "<DLHDon><TTChung><SHDon>9999999</SHDon></TTChung></DLHDon>";
  g_autofree char *genuine = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *wrapped = NULL;
  g_autofree char *doubled = NULL;
  g_autoptr(CdForeignSignatureResult) result = NULL;
  const CdForeignReference *content;
  char *dscks;

  g_assert_nonnull (start);
  g_assert_nonnull (end);
  end += strlen ("</DLHDon>");
  genuine = g_strndup (start, end - start);
  rest = g_strdup (end);
  dscks = strstr (rest, "<DSCKS>");
  g_assert_nonnull (dscks);
  dscks += strlen ("<DSCKS>");
  wrapped = g_strdup_printf ("%.*s%s%.*s<Extra>%s</Extra>%s", (int) (start - text), text, forged,
                             (int) (dscks - rest), rest, genuine, dscks);
  result = verify_text (NULL, wrapped);
  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "/HDon/DLHDon");
  content = g_ptr_array_index (result->references, 0);
  g_assert_cmpstr (content->element, ==, "/HDon/DSCKS/Extra/DLHDon");

  /* The forged one beside the signed one, both under HDon. */
  doubled = g_strdup_printf ("%.*s%s%s", (int) (start - text), text, forged, start);
  g_clear_pointer (&result, cd_foreign_signature_result_free);
  result = verify_text (NULL, doubled);
  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "2 DLHDon");
}

static char *
read_document (const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "documents", file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);

  g_assert_no_error (error);
  return g_strndup (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped));
}

/* Our own signed envelope, as it is and wrapped in an annex of an unsigned document: its strict
 * profile (one signature covering the root) refuses the second, so this verifier sends both there
 * instead of answering with its looser rules. */
static void
test_own_format (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autofree char *envelope = read_document ("signed-id-envelope-01001.xml");
  g_autofree char *wrapped = NULL;
  g_autoptr(CdForeignSignatureResult) result = NULL;
  gsize root = strstr (envelope, "<GIAMDINHHS") - envelope;

  g_assert_cmpuint (root, <, strlen (envelope));
  wrapped = g_strdup_printf ("<HOSOBOSUNG><GHICHU>unsigned</GHICHU><PHULUC>%s</PHULUC>"
                             "</HOSOBOSUNG>", envelope + root);
  result = verify_text (store, wrapped);
  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "claimdesk-cli parse-document --verify");
  g_assert_nonnull (strstr (result->reason, "/HOSOBOSUNG/PHULUC/GIAMDINHHS"));

  g_clear_pointer (&result, cd_foreign_signature_result_free);
  result = verify_text (store, envelope);
  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "claimdesk-cli parse-document --verify");
  g_assert_nonnull (strstr (result->reason, "GIAMDINHHS"));
}

/* The document as text: read back from it, no Id is registered but by the verifier. */
static char *
document_text (xmlDocPtr doc)
{
  xmlChar *bytes = NULL;
  int size = 0;
  char *text;

  xmlDocDumpMemory (doc, &bytes, &size);
  text = g_strndup ((const char *) bytes, size);
  xmlFree (bytes);
  return text;
}

/* Signs `signature`, a template, with the TEST-ONLY facility key, its certificate in KeyInfo. */
static void
sign_template (xmlNodePtr signature)
{
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *key_path = g_build_filename (pki, "facilities", "79001.key.pem", NULL);
  g_autofree char *cert_path = g_build_filename (pki, "facilities", "79001.cert.pem", NULL);
  xmlNodePtr key_info = xmlSecTmplSignatureEnsureKeyInfo (signature, NULL);
  xmlNodePtr x509 = xmlSecTmplKeyInfoAddX509Data (key_info);
  xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate (NULL);

  g_assert_nonnull (xmlSecTmplX509DataAddCertificate (x509));
  ctx->signKey = xmlSecCryptoAppKeyLoad (key_path, xmlSecKeyDataFormatPem, NULL, NULL, NULL);
  g_assert_nonnull (ctx->signKey);
  g_assert_cmpint (xmlSecCryptoAppKeyCertLoad (ctx->signKey, cert_path, xmlSecKeyDataFormatPem),
                   ==, 0);
  g_assert_cmpint (xmlSecDSigCtxSign (ctx, signature), ==, 0);
  xmlSecDSigCtxDestroy (ctx);
}

/* OWN_DOCUMENT with an empty signature template in Sig. */
static xmlNodePtr
own_template (xmlDocPtr  *doc,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  xmlNodePtr signature;

  g_assert_true (cd_xmldsig_init (&error));
  *doc = cd_xml_safe_parse (OWN_DOCUMENT, strlen (OWN_DOCUMENT), "own", NULL, &error);
  g_assert_no_error (error);
  signature = xmlSecTmplSignatureCreate (*doc, xmlSecTransformExclC14NId,
                                         xmlSecTransformRsaSha256Id, BAD_CAST id);
  xmlAddChild (cd_xml_find_child (xmlDocGetRootElement (*doc), "Sig"), signature);
  return signature;
}

/* A Reference to the signature itself, with the enveloped-signature transform: the digest is of
 * nothing, and the signature held "valid" while signing nothing of the document. */
static void
test_self_reference (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(CdForeignSignatureResult) result = NULL;
  g_autofree char *text = NULL;
  xmlNodePtr signature = own_template (&doc, "sig-1");
  xmlNodePtr reference = xmlSecTmplSignatureAddReference (signature, xmlSecTransformSha256Id, NULL,
                                                          BAD_CAST "#sig-1", NULL);

  g_assert_nonnull (xmlSecTmplReferenceAddTransform (reference, xmlSecTransformEnvelopedId));
  g_assert_nonnull (xmlAddID (NULL, doc, BAD_CAST "sig-1", xmlHasProp (signature, BAD_CAST "Id")));
  sign_template (signature);
  text = document_text (doc);
  result = verify_text (store, text);
  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "points at the signature itself");
}

/* A signature whose one Reference is its own ds:Object, read as the TT78 time stamp is: it signs
 * a time and nothing of the document. Signed with the Object outside, then moved in, so that the
 * digest is the one the verifier computes. */
static void
test_object_only (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(CdForeignSignatureResult) result = NULL;
  g_autofree char *text = NULL;
  xmlNodePtr signature = own_template (&doc, NULL);
  xmlNodePtr reference = xmlSecTmplSignatureAddReference (signature, xmlSecTransformSha256Id, NULL,
                                                          BAD_CAST "#stamp", NULL);
  xmlNodePtr object = xmlNewDocNode (doc, NULL, BAD_CAST "Object", NULL);
  xmlNsPtr ns = xmlNewNs (object, xmlSecDSigNs, NULL);

  g_assert_nonnull (xmlSecTmplReferenceAddTransform (reference, xmlSecTransformEnvelopedId));
  xmlSetNs (object, ns);
  xmlNewChild (object, ns, BAD_CAST "SigningTime", BAD_CAST "2026-12-06T09:00:00");
  xmlAddNextSibling (signature, object);
  g_assert_nonnull (xmlAddID (NULL, doc, BAD_CAST "stamp",
                              xmlNewProp (object, BAD_CAST "Id", BAD_CAST "stamp")));
  sign_template (signature);
  xmlUnlinkNode (object);
  xmlAddChild (signature, object);
  text = document_text (doc);
  result = verify_text (store, text);
  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "signs nothing of the document");
}

/* RSA-SHA256, an accepted signature algorithm, with a SHA-1 digest on a root other than HDon: the
 * digest's own refusal, reached without the signature algorithm's. */
static void
test_sha1_digest_only (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(CdForeignSignatureResult) result = NULL;
  g_autofree char *text = NULL;
  xmlNodePtr signature = own_template (&doc, NULL);
  xmlNodePtr reference = xmlSecTmplSignatureAddReference (signature, xmlSecTransformSha1Id, NULL,
                                                          BAD_CAST "", NULL);

  g_assert_nonnull (xmlSecTmplReferenceAddTransform (reference, xmlSecTransformEnvelopedId));
  sign_template (signature);
  text = document_text (doc);
  result = verify_text (store, text);
  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "SHA-1 digest");
  g_assert_nonnull (strstr (result->reason, "not on Invoice"));
  g_assert_cmpstr (result->signature_algorithm, ==, "rsa-sha256");
}

/* The same signature on a document that is not a TT78 invoice: SHA-1 is not accepted there. */
static void
test_sha1_elsewhere (void)
{
  g_autofree char *renamed = einvoice_with ("<HDon>", "<HoaDon>");
  g_autofree char *text = NULL;
  g_autoptr(CdForeignSignatureResult) result = NULL;
  char *end = strstr (renamed, "</HDon>");

  g_assert_nonnull (end);
  text = g_strdup_printf ("%.*s</HoaDon>%s", (int) (end - renamed), renamed,
                          end + strlen ("</HDon>"));
  result = verify_text (NULL, text);
  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "sha1");
  g_assert_nonnull (strstr (result->reason, "HoaDon"));
}

static void
test_remote_reference (void)
{
  g_autofree char *text = einvoice_with ("URI=\"#TimeStamp\"",
                                         "URI=\"http://example.org/timestamp.xml\"");
  g_autoptr(CdForeignSignatureResult) result = verify_text (NULL, text);

  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "http://example.org/timestamp.xml");
}

static void
test_xpointer_reference (void)
{
  g_autofree char *text = einvoice_with ("URI=\"#TimeStamp\"", "URI=\"#xpointer(/)\"");
  g_autoptr(CdForeignSignatureResult) result = verify_text (NULL, text);

  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "XPointer");
}

/* The time stamp read whole, and the whole document signed too: the Object would count twice. */
static void
test_timestamp_and_whole_document (void)
{
  g_autofree char *text = einvoice_with ("URI=\"" DLHDON_URI "\"", "URI=\"\"");
  g_autoptr(CdForeignSignatureResult) result = verify_text (NULL, text);

  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "cannot both hold");
}

/* Only a ds:Object of the signature is read whole; nothing else inside it. */
static void
test_reference_inside_signature (void)
{
  g_autofree char *text = einvoice_with ("URI=\"#TimeStamp\"", "URI=\"#id1\"");
  g_autoptr(CdForeignSignatureResult) result = verify_text (NULL, text);

  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "points inside the signature");
}

/* A second element carrying the referenced Id: which one is signed would depend on the reader. */
static void
test_duplicate_id (void)
{
  g_autofree char *text = einvoice_with ("<NMua/>", "<NMua Id=\"TimeStamp\"/>");
  g_autoptr(CdForeignSignatureResult) result = verify_text (NULL, text);

  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "two elements");
}

static void
test_xslt_transform (void)
{
  g_autofree char *text = einvoice_with (
    "<Reference URI=\"#TimeStamp\"><Transforms>",
    "<Reference URI=\"#TimeStamp\"><Transforms><Transform "
    "Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"/>");
  g_autoptr(CdForeignSignatureResult) result = verify_text (NULL, text);

  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "XSLT");
}

/* The caller's tree is left as it was: no Id registered, the time stamp still in its Signature. */
static void
test_document_unchanged (void)
{
  g_autofree char *text = read_real (EINVOICE);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = cd_xml_safe_parse (text, strlen (text), EINVOICE, NULL, &error);
  g_autoptr(CdForeignSignatureResult) result = NULL;
  xmlChar *before = NULL, *after = NULL;
  int before_size = 0, after_size = 0;

  g_assert_no_error (error);
  xmlDocDumpMemory (doc, &before, &before_size);
  result = cd_xmldsig_verify_foreign (NULL, doc);
  assert_reason (result, CD_FOREIGN_SIGNATURE_UNTRUSTED, NULL);
  xmlDocDumpMemory (doc, &after, &after_size);
  g_assert_cmpmem (before, before_size, after, after_size);
  g_assert_null (xmlGetID (doc, BAD_CAST "TimeStamp"));
  xmlFree (before);
  xmlFree (after);
}

/* Our own signature (RSA-SHA256, X509 certificate) by the TEST-ONLY facility key, which chains to
 * the TEST-ONLY CA. */
static char *
sign_own (CdXmldsigProfile profile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSigningKey) key = cd_signing_key_new_for_test_facility ("79001", &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  bytes = cd_xmldsig_sign_bytes (key, OWN_DOCUMENT, strlen (OWN_DOCUMENT), profile, &error);
  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_own_key_valid (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();

  for (guint i = 0; i < 2; i++)
    {
      CdXmldsigProfile profile = i == 0 ? CD_XMLDSIG_PROFILE_ENVELOPED : CD_XMLDSIG_PROFILE_ID;
      g_autofree char *text = sign_own (profile);
      g_autofree char *changed = NULL;
      g_autoptr(CdForeignSignatureResult) result = verify_text (store, text);
      g_autoptr(CdForeignSignatureResult) broken = NULL;
      const CdForeignReference *reference;
      char *amount;

      assert_reason (result, CD_FOREIGN_SIGNATURE_VALID, NULL);
      g_assert_null (result->reason);
      g_assert_cmpstr (result->signature_algorithm, ==, "rsa-sha256");
      g_assert_nonnull (result->subject);
      reference = g_ptr_array_index (result->references, 0);
      g_assert_cmpstr (reference->digest, ==, "sha256");
      g_assert_cmpstr (reference->element, ==, "/Invoice");

      changed = g_strdup (text);
      amount = strstr (changed, "1000");
      g_assert_nonnull (amount);
      amount[0] = '9';
      broken = verify_text (store, changed);
      assert_reason (broken, CD_FOREIGN_SIGNATURE_INVALID, "changed after signing");
    }
}

/* A bare RSAKeyValue: the bytes verify, but no certificate names anyone. */
static void
test_bare_key (void)
{
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *key_path = g_build_filename (pki, "facilities", "79001.key.pem", NULL);
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(CdForeignSignatureResult) result = NULL;
  xmlNodePtr signature, reference, key_info;
  xmlSecDSigCtxPtr ctx;

  g_assert_true (cd_xmldsig_init (&error));
  doc = cd_xml_safe_parse (OWN_DOCUMENT, strlen (OWN_DOCUMENT), "own", NULL, &error);
  g_assert_no_error (error);
  signature = xmlSecTmplSignatureCreate (doc, xmlSecTransformExclC14NId,
                                         xmlSecTransformRsaSha256Id, NULL);
  xmlAddChild (cd_xml_find_child (xmlDocGetRootElement (doc), "Sig"), signature);
  reference = xmlSecTmplSignatureAddReference (signature, xmlSecTransformSha256Id, NULL,
                                               BAD_CAST "", NULL);
  g_assert_nonnull (xmlSecTmplReferenceAddTransform (reference, xmlSecTransformEnvelopedId));
  key_info = xmlSecTmplSignatureEnsureKeyInfo (signature, NULL);
  g_assert_nonnull (xmlSecTmplKeyInfoAddKeyValue (key_info));
  ctx = xmlSecDSigCtxCreate (NULL);
  ctx->signKey = xmlSecCryptoAppKeyLoad (key_path, xmlSecKeyDataFormatPem, NULL, NULL, NULL);
  g_assert_nonnull (ctx->signKey);
  g_assert_cmpint (xmlSecDSigCtxSign (ctx, signature), ==, 0);
  xmlSecDSigCtxDestroy (ctx);

  result = cd_xmldsig_verify_foreign (store, doc);
  assert_reason (result, CD_FOREIGN_SIGNATURE_UNTRUSTED, "no certificate names the signer");
  g_assert_null (result->subject);
}

static void
test_unsigned (void)
{
  g_autoptr(CdForeignSignatureResult) result = verify_text (NULL, OWN_DOCUMENT);

  assert_reason (result, CD_FOREIGN_SIGNATURE_REFUSED, "no ds:Signature");
}

/* The command: JSON for the e-invoice (exit 0); the DOCTYPE vector is a bad input, told on stderr
 * (exit 1); the DSA vector is read and refused (exit 1); two trust options are bad usage (2). */
static void
test_cli (void)
{
  g_autofree char *einvoice = real_path (EINVOICE);
  g_autofree char *doctype = real_path ("dsig-w3c-dtd-entities.xml");
  g_autofree char *dsa = real_path ("dsig-w3c-enveloped-dsa.xml");
  const char *json_argv[] = { g_getenv ("CLAIMDESK_CLI"), "verify-signature", "--json", einvoice,
                              NULL };
  const char *line_argv[] = { g_getenv ("CLAIMDESK_CLI"), "verify-signature", doctype, NULL };
  const char *covered_argv[] = { g_getenv ("CLAIMDESK_CLI"), "verify-signature", einvoice, NULL };
  const char *dsa_argv[] = { g_getenv ("CLAIMDESK_CLI"), "verify-signature", dsa, NULL };
  const char *usage_argv[] = { g_getenv ("CLAIMDESK_CLI"), "verify-signature", "--verify",
                               "--trust-dir", "/nonexistent", einvoice, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *references;

  g_assert_cmpint (test_run (json_argv, &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, einvoice);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "untrusted");
  g_assert_cmpstr (json_object_get_string_member (object, "root"), ==, "HDon");
  g_assert_cmpstr (json_object_get_string_member (object, "signature_algorithm"), ==, "rsa-sha1");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "subject"), "VIETTEL"));
  g_assert_nonnull (json_object_get_string_member (object, "reason"));
  references = json_object_get_array_member (object, "references");
  g_assert_cmpuint (json_array_get_length (references), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (references, 1),
                                                  "uri"), ==, "#TimeStamp");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (references, 0),
                                                  "digest"), ==, "sha1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (references, 0),
                                                  "element"), ==, "/HDon/DLHDon");

  /* The line says what is covered: a foreign signature need not cover the whole document. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (covered_argv, &out, &err), ==, 0);
  g_assert_cmpuint (test_count_lines (out), ==, 1);
  g_assert_nonnull (strstr (out, "/HDon/DLHDon, /HDon/DSCKS/NBan/Signature/Object"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (line_argv, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (test_count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, "DOCTYPE"));
  g_assert_nonnull (strstr (err, doctype));

  /* A document read: one line on stdout, also when the answer is a refusal. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (dsa_argv, &out, &err), ==, 1);
  g_assert_cmpuint (test_count_lines (out), ==, 1);
  g_assert_nonnull (strstr (out, "dsa-sha1"));
  g_assert_cmpstr (err, ==, "");

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (test_run (usage_argv, &out, &err), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (real_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/signature-foreign/real/", real_cases[i].file, NULL);

      g_test_add_data_func (path, &real_cases[i], test_real_file);
    }
  g_test_add_func ("/signature-foreign/einvoice/references", test_einvoice_references);
  g_test_add_func ("/signature-foreign/einvoice/content-changed", test_einvoice_content_changed);
  g_test_add_func ("/signature-foreign/einvoice/timestamp-changed",
                   test_einvoice_timestamp_changed);
  g_test_add_func ("/signature-foreign/einvoice/value-changed", test_einvoice_value_changed);
  g_test_add_func ("/signature-foreign/einvoice/outside-coverage", test_einvoice_outside_coverage);
  g_test_add_func ("/signature-foreign/einvoice/document-unchanged", test_document_unchanged);
  g_test_add_func ("/signature-foreign/refused/sha1-elsewhere", test_sha1_elsewhere);
  g_test_add_func ("/signature-foreign/refused/remote-reference", test_remote_reference);
  g_test_add_func ("/signature-foreign/refused/xpointer-reference", test_xpointer_reference);
  g_test_add_func ("/signature-foreign/refused/duplicate-id", test_duplicate_id);
  g_test_add_func ("/signature-foreign/refused/xslt-transform", test_xslt_transform);
  g_test_add_func ("/signature-foreign/refused/timestamp-and-whole-document",
                   test_timestamp_and_whole_document);
  g_test_add_func ("/signature-foreign/refused/reference-inside-signature",
                   test_reference_inside_signature);
  g_test_add_func ("/signature-foreign/refused/unsigned", test_unsigned);
  g_test_add_func ("/signature-foreign/refused/einvoice-wrapped", test_einvoice_wrapped);
  g_test_add_func ("/signature-foreign/refused/own-format", test_own_format);
  g_test_add_func ("/signature-foreign/refused/self-reference", test_self_reference);
  g_test_add_func ("/signature-foreign/refused/object-only", test_object_only);
  g_test_add_func ("/signature-foreign/refused/sha1-digest-only", test_sha1_digest_only);
  g_test_add_func ("/signature-foreign/own-key/valid", test_own_key_valid);
  g_test_add_func ("/signature-foreign/own-key/bare-key", test_bare_key);
  g_test_add_func ("/signature-foreign/cli", test_cli);
  return g_test_run ();
}
