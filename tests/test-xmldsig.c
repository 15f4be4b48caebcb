/* test-xmldsig.c — facility signing and verification: valid, invalid, unsigned, untrusted. */
#include "config.h"

#include <glib/gstdio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <string.h>

#include "cd-data-dir.h"
#include "cd-document.h"
#include "cd-trust-store.h"
#include "cd-xml-safe.h"
#include "cd-xmldsig.h"
#include "demo-trust-fixture.h"
#include "test-util.h"

static char *
read_fixture (const char *dir,
              const char *name,
              gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", dir, name, NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, length, NULL));
  return data;
}

static CdSigningKey *
facility_key (const char *code)
{
  g_autoptr(GError) error = NULL;
  CdSigningKey *key = cd_signing_key_new_for_test_facility (code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (cd_signing_key_get_subject (key), code));
  return key;
}

static CdSigningKey *
untrusted_key (void)
{
  g_autofree char *key_path = cd_data_dir_build ("pki", "untrusted", "facilities", "99001.key.pem",
                                                 NULL);
  g_autofree char *cert_path = cd_data_dir_build ("pki", "untrusted", "facilities",
                                                  "99001.cert.pem", NULL);
  g_autoptr(GError) error = NULL;
  CdSigningKey *key = cd_signing_key_new_from_files (key_path, cert_path, &error);

  g_assert_no_error (error);
  return key;
}

/* Verifies serialized bytes the way the client will: safe parse, then xmlsec. */
static CdSignatureResult *
verify_bytes (CdTrustStore *store,
              const char   *data,
              gsize         length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = cd_xml_safe_parse (data, length, "signed.xml", NULL, &error);

  g_assert_no_error (error);
  return cd_xmldsig_verify (store, doc);
}

static GBytes *
sign_fixture (CdSigningKey     *key,
              const char       *name,
              CdXmldsigProfile  profile)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  GBytes *signed_bytes;

  data = read_fixture ("documents", name, &length);
  signed_bytes = cd_xmldsig_sign_bytes (key, data, length, profile, &error);
  g_assert_no_error (error);
  return signed_bytes;
}

static void
test_sign_and_verify (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autoptr(CdSigningKey) key = facility_key ("79001");
  CdXmldsigProfile profiles[] = { CD_XMLDSIG_PROFILE_ENVELOPED, CD_XMLDSIG_PROFILE_ID };

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autoptr(GBytes) signed_bytes = sign_fixture (key, "envelope-79001.xml", profiles[i]);
      gsize length = 0;
      const char *data = g_bytes_get_data (signed_bytes, &length);
      g_autoptr(CdSignatureResult) result = verify_bytes (store, data, length);
      g_autoptr(GError) error = NULL;
      g_autoptr(CdDocument) document = NULL;

      g_assert_cmpint (result->status, ==, CD_SIGNATURE_VALID);
      g_assert_cmpint (result->profile, ==, profiles[i]);
      g_assert_null (result->reason);
      g_assert_nonnull (strstr (result->subject, "CN=Cơ sở KCB 79001 (TEST-ONLY)"));
      g_assert_nonnull (strstr (data, "<CHUKYDONVI><ds:Signature"));

      /* The signed document still parses into the same content. */
      document = cd_document_parse (data, length, "signed.xml", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (cd_document_get_content (document),
                                                      "facility"), ==, "79001");
    }
}

static void
test_one_changed_byte (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autoptr(CdSigningKey) key = facility_key ("01001");
  const char *targets[] = { "<MACSKCB>01001", "<NGAYLAP>20250408", "<ds:SignatureValue>",
                            "<ds:DigestValue>" };

  for (guint p = 0; p < 2; p++)
    for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
      {
        g_autoptr(GBytes) signed_bytes = sign_fixture (key, "envelope-01001.xml", p);
        gsize length = g_bytes_get_size (signed_bytes);
        g_autofree char *data = g_memdup2 (g_bytes_get_data (signed_bytes, NULL), length);
        char *at = g_strstr_len (data, length, targets[i]);
        g_autoptr(CdSignatureResult) result = NULL;

        g_assert_nonnull (at);
        at += strlen (targets[i]) - 1;
        /* One byte: the last digit of the value, or the first character of the base64. */
        if (targets[i][strlen (targets[i]) - 1] == '>')
          at++;
        *at = *at == 'A' ? 'B' : (*at == '1' ? '2' : (*at == '8' ? '9' : 'A'));
        result = verify_bytes (store, data, length);
        g_test_message ("%s (profile %u): %s", targets[i], p, result->reason);
        g_assert_cmpint (result->status, ==, CD_SIGNATURE_INVALID);
        g_assert_nonnull (result->reason);
      }
}

static void
test_untrusted (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autoptr(CdSigningKey) key = untrusted_key ();
  g_autoptr(GBytes) signed_bytes = sign_fixture (key, "xml12-giam-dinh-y-khoa.xml",
                                                 CD_XMLDSIG_PROFILE_ENVELOPED);
  gsize length = 0;
  const char *data = g_bytes_get_data (signed_bytes, &length);
  g_autoptr(CdSignatureResult) result = verify_bytes (store, data, length);
  g_autoptr(CdSignatureResult) no_store = verify_bytes (NULL, data, length);

  g_assert_cmpint (result->status, ==, CD_SIGNATURE_UNTRUSTED);
  g_assert_nonnull (strstr (result->subject, "99001"));
  g_assert_cmpint (no_store->status, ==, CD_SIGNATURE_UNTRUSTED);
}

static void
test_unsigned (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(CdSignatureResult) result = NULL;

  data = read_fixture ("documents", "envelope-79001.xml", &length);
  result = verify_bytes (store, data, length);
  g_assert_cmpint (result->status, ==, CD_SIGNATURE_UNSIGNED);
  g_assert_null (result->subject);
  g_assert_cmpstr (cd_signature_status_to_string (result->status), ==, "unsigned");
}

static void
test_committed_fixtures (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  struct { const char *name; CdSignatureStatus status; CdXmldsigProfile profile; const char *who; }
  cases[] = {
    { "signed-envelope-79001.xml", CD_SIGNATURE_VALID, CD_XMLDSIG_PROFILE_ENVELOPED, "79001" },
    { "signed-id-envelope-01001.xml", CD_SIGNATURE_VALID, CD_XMLDSIG_PROFILE_ID, "01001" },
    { "signed-xml12-31001.xml", CD_SIGNATURE_VALID, CD_XMLDSIG_PROFILE_ENVELOPED, "31001" },
    { "signed-untrusted-envelope-99001.xml", CD_SIGNATURE_UNTRUSTED, CD_XMLDSIG_PROFILE_ENVELOPED,
      "99001" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *data = NULL;
      gsize length = 0;
      g_autoptr(CdSignatureResult) result = NULL;

      g_test_message ("%s", cases[i].name);
      data = read_fixture ("documents", cases[i].name, &length);
      result = verify_bytes (store, data, length);
      g_assert_cmpint (result->status, ==, cases[i].status);
      g_assert_cmpint (result->profile, ==, cases[i].profile);
      g_assert_nonnull (strstr (result->subject, cases[i].who));
    }
}

static void
test_reference_must_cover_document (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autofree char *data = NULL;
  g_autofree char *wrapped = NULL;
  g_autofree char *remote = NULL;
  g_autoptr(GString) text = NULL;
  gsize length = 0;
  char *body;
  g_autoptr(CdSignatureResult) wrapped_result = NULL;
  g_autoptr(CdSignatureResult) remote_result = NULL;

  /* The Id-signed envelope moved under another root: its digest still holds, but the signature no
   * longer covers the document that would be read. */
  data = read_fixture ("documents", "signed-id-envelope-01001.xml", &length);
  body = strstr (data, "<GIAMDINHHS");
  g_assert_nonnull (body);
  wrapped = g_strconcat ("<WRAPPER><GIAMDINHHS_GIA/>", body, "</WRAPPER>", NULL);
  wrapped_result = verify_bytes (store, wrapped, strlen (wrapped));
  g_assert_cmpint (wrapped_result->status, ==, CD_SIGNATURE_INVALID);

  /* A reference to something outside the document is never fetched. */
  text = g_string_new (data);
  g_string_replace (text, "URI=\"#claimdesk-signed\"", "URI=\"http://attacker.example/x\"", 1);
  remote = g_string_free (g_steal_pointer (&text), FALSE);
  remote_result = verify_bytes (store, remote, strlen (remote));
  g_assert_cmpint (remote_result->status, ==, CD_SIGNATURE_INVALID);
}

static void
test_key_errors (void)
{
  g_autofree char *key_path = cd_data_dir_build ("pki", "facilities", "79001.key.pem", NULL);
  g_autofree char *other_cert = cd_data_dir_build ("pki", "facilities", "48001.cert.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSigningKey) mismatched = cd_signing_key_new_from_files (key_path, other_cert, &error);
  g_autoptr(CdSigningKey) missing = NULL;
  g_autoptr(CdSigningKey) garbage = NULL;

  g_assert_null (mismatched);
  g_assert_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_KEY);
  g_clear_error (&error);
  missing = cd_signing_key_new_for_test_facility ("00000", &error);
  g_assert_null (missing);
  g_assert_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_KEY);
  g_clear_error (&error);
  garbage = cd_signing_key_new_from_pem ("nope", 4, "nope", 4, &error);
  g_assert_null (garbage);
  g_assert_error (error, CD_XMLDSIG_ERROR, CD_XMLDSIG_ERROR_KEY);
}

static void
test_trust_store (void)
{
  g_autofree char *tmp = test_tmpdir_new ();
  g_autofree char *bad = g_build_filename (tmp, "bad.pem", NULL);
  g_autofree char *ignored = g_build_filename (tmp, "notes.txt", NULL);
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_auto(GStrv) subjects = cd_trust_store_dup_subjects (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) empty = NULL;
  g_autoptr(CdTrustStore) broken = NULL;
  g_autoptr(CdTrustStore) absent = NULL;

  g_assert_cmpuint (g_strv_length (subjects), ==, 1);
  g_assert_nonnull (strstr (subjects[0], "ClaimDesk TEST-ONLY CA — not for production"));

  g_assert_true (g_file_set_contents (ignored, "not a certificate", -1, NULL));
  empty = cd_trust_store_new_from_dir (tmp, &error);
  g_assert_null (empty);
  g_assert_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (bad, "-----BEGIN CERTIFICATE-----\nxx\n", -1, NULL));
  broken = cd_trust_store_new_from_dir (tmp, &error);
  g_assert_null (broken);
  g_assert_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_BAD_CERT);
  g_clear_error (&error);

  absent = cd_trust_store_new_from_dir ("/nonexistent/claimdesk-trust", &error);
  g_assert_null (absent);
  g_assert_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_IO);
  test_tmpdir_free (g_steal_pointer (&tmp));
}

/* The workstation's own anchors live in its user data folder ($XDG_DATA_HOME, made private to
 * this program in main): empty until an administrator adds a CA, and never the test CA of the data
 * dir, although CLAIMDESK_DATADIR points at data/, whose pki/trust holds it. */
static void
test_workstation_trust (void)
{
  g_autofree char *anchors = cd_data_dir_trust_anchors ();
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *test_ca = g_build_filename (pki, "trust", "claimdesk-test-ca.pem", NULL);
  g_autofree char *copied = g_build_filename (anchors, "office-ca.pem", NULL);
  g_autofree char *pem = NULL;
  g_autofree char *envelope = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) missing = NULL;
  g_autoptr(CdTrustStore) empty = NULL;
  g_autoptr(CdTrustStore) filled = NULL;
  g_autoptr(CdSignatureResult) untrusted = NULL;
  g_autoptr(CdSignatureResult) trusted = NULL;
  gsize length = 0;

  g_assert_true (g_str_has_prefix (anchors, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (anchors, "/claimdesk/trust"));
  g_assert_false (g_file_test (anchors, G_FILE_TEST_EXISTS));

  /* A new workstation: no folder, no anchors, no error; a document signed under the test CA is
   * untrusted. */
  missing = cd_trust_store_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_trust_store_get_n_certificates (missing), ==, 0);
  envelope = read_fixture ("documents", "signed-envelope-79001.xml", &length);
  untrusted = verify_bytes (missing, envelope, length);
  g_assert_cmpint (untrusted->status, ==, CD_SIGNATURE_UNTRUSTED);

  /* The folder made but empty: the same. */
  g_assert_cmpint (g_mkdir_with_parents (anchors, 0700), ==, 0);
  empty = cd_trust_store_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_trust_store_get_n_certificates (empty), ==, 0);

  /* An administrator's CA in it is trusted (here the test CA, copied in by hand). */
  g_assert_true (g_file_get_contents (test_ca, &pem, NULL, NULL));
  g_assert_true (g_file_set_contents (copied, pem, -1, NULL));
  filled = cd_trust_store_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_trust_store_get_n_certificates (filled), ==, 1);
  trusted = verify_bytes (filled, envelope, length);
  g_assert_cmpint (trusted->status, ==, CD_SIGNATURE_VALID);

  /* A file there that is no certificate is an error, not an empty store. */
  g_assert_cmpint (g_unlink (copied), ==, 0);
  g_assert_true (g_file_set_contents (copied, "-----BEGIN CERTIFICATE-----\nxx\n", -1, NULL));
  g_assert_null (cd_trust_store_new_default (&error));
  g_assert_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_BAD_CERT);
  g_assert_cmpint (g_unlink (copied), ==, 0);
  g_assert_cmpint (g_rmdir (anchors), ==, 0);
}

static void
test_pki_is_test_only (void)
{
  const char *codes[] = { "01001", "01002", "31001", "48001", "79001", "92001" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *name = g_strconcat (codes[i], ".cert.pem", NULL);
      g_autofree char *path = cd_data_dir_build ("pki", "facilities", name, NULL);
      g_autoptr(CdSigningKey) key = facility_key (codes[i]);
      BIO *bio = BIO_new_file (path, "r");
      X509 *cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
      struct tm not_after;

      /* Unmistakably test-only, and valid long enough for the committed fixtures. */
      g_assert_nonnull (strstr (cd_signing_key_get_subject (key), "TEST-ONLY"));
      g_assert_nonnull (cert);
      g_assert_cmpint (ASN1_TIME_to_tm (X509_get0_notAfter (cert), &not_after), ==, 1);
      g_assert_cmpint (not_after.tm_year + 1900, >=, 2046);
      X509_free (cert);
      BIO_free (bio);
    }
}

static void
test_data_dir (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("CLAIMDESK_DATADIR"));
  g_autofree char *trust = NULL;

  g_assert_nonnull (saved);
  g_assert_cmpstr (cd_data_dir_get (), ==, saved);
  trust = cd_data_dir_build ("pki", "trust", NULL);
  g_assert_true (g_str_has_prefix (trust, saved));
  g_assert_true (g_str_has_suffix (trust, "pki/trust"));

  /* Without the override, the installed data dir, or — uninstalled — the source tree's data/. */
  g_unsetenv ("CLAIMDESK_DATADIR");
  if (g_file_test (PKGDATADIR, G_FILE_TEST_IS_DIR))
    g_assert_cmpstr (cd_data_dir_get (), ==, PKGDATADIR);
  else
    g_assert_cmpstr (cd_data_dir_get (), ==, SOURCE_DATADIR);
  g_setenv ("CLAIMDESK_DATADIR", saved, TRUE);
}

static void
test_document_verify (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autofree char *signed_path = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                        "signed-xml12-31001.xml", NULL);
  g_autofree char *json_path = g_test_build_filename (G_TEST_DIST, "data", "documents",
                                                      "civil-birth.json", NULL);
  g_autoptr(CdDocument) xml12 = cd_document_parse_file (signed_path, NULL);
  g_autoptr(CdDocument) birth = cd_document_parse_file (json_path, NULL);
  g_autofree char *xml12_json = NULL;
  g_autofree char *birth_json = NULL;

  g_assert_cmpint (cd_document_verify (xml12, store), ==, CD_SIGNATURE_VALID);
  xml12_json = cd_document_to_json (xml12, FALSE);
  g_assert_nonnull (strstr (xml12_json, "\"signature\":{\"status\":\"valid\""));
  g_assert_nonnull (strstr (xml12_json, "\"profile\":\"enveloped\""));
  g_assert_nonnull (strstr (xml12_json, "KCB 31001"));

  g_assert_cmpint (cd_document_verify (birth, store), ==, CD_SIGNATURE_UNSIGNED);
  birth_json = cd_document_to_json (birth, FALSE);
  g_assert_nonnull (strstr (birth_json, "\"signature\":{\"status\":\"unsigned\"}"));
}

typedef struct
{
  CdSigningKey *key;
  CdTrustStore *store;
  GBytes       *input;
  guint         rounds;
  guint         valid;
} Worker;

static gpointer
sign_many (gpointer data)
{
  Worker *worker = data;

  for (guint i = 0; i < worker->rounds; i++)
    {
      gsize length = 0;
      const char *input = g_bytes_get_data (worker->input, &length);
      g_autoptr(GBytes) out = cd_xmldsig_sign_bytes (worker->key, input, length,
                                                     CD_XMLDSIG_PROFILE_ENVELOPED, NULL);
      g_autoptr(CdSignatureResult) result = NULL;

      if (out == NULL)
        continue;
      result = verify_bytes (worker->store, g_bytes_get_data (out, NULL), g_bytes_get_size (out));
      if (result->status == CD_SIGNATURE_VALID)
        worker->valid++;
    }
  return NULL;
}

static void
test_one_key_many_threads (void)
{
  g_autoptr(CdTrustStore) store = demo_trust_store ();
  g_autoptr(CdSigningKey) key = facility_key ("92001");
  g_autofree char *data = NULL;
  g_autoptr(GBytes) input = NULL;
  Worker workers[4];
  GThread *threads[4];
  gsize length = 0;
  gint64 start;

  data = read_fixture ("documents", "xml11-nghi-viec-bhxh.xml", &length);
  input = g_bytes_new (data, length);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    {
      workers[i] = (Worker) { key, store, input, 25, 0 };
      threads[i] = g_thread_new ("signer", sign_many, &workers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (workers[i].valid, ==, 25);
    }
  g_test_message ("100 sign+verify on 4 threads: %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *user_data = test_tmpdir_new ();
  int status;

  /* Before anything asks GLib for the user data dir, which it reads once. */
  g_setenv ("XDG_DATA_HOME", user_data, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xmldsig/sign-and-verify", test_sign_and_verify);
  g_test_add_func ("/xmldsig/one-changed-byte", test_one_changed_byte);
  g_test_add_func ("/xmldsig/untrusted", test_untrusted);
  g_test_add_func ("/xmldsig/unsigned", test_unsigned);
  g_test_add_func ("/xmldsig/committed-fixtures", test_committed_fixtures);
  g_test_add_func ("/xmldsig/reference-must-cover-document", test_reference_must_cover_document);
  g_test_add_func ("/xmldsig/key-errors", test_key_errors);
  g_test_add_func ("/xmldsig/trust-store", test_trust_store);
  g_test_add_func ("/xmldsig/workstation-trust", test_workstation_trust);
  g_test_add_func ("/xmldsig/pki-is-test-only", test_pki_is_test_only);
  g_test_add_func ("/xmldsig/data-dir", test_data_dir);
  g_test_add_func ("/xmldsig/document-verify", test_document_verify);
  g_test_add_func ("/xmldsig/one-key-many-threads", test_one_key_many_threads);
  status = g_test_run ();
  test_tmpdir_free (g_steal_pointer (&user_data));
  return status;
}
