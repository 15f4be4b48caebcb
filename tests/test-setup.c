/* test-setup.c — the workstation's connection to central, as far as it needs no network: the office
 * credentials, the systems' addresses, trust anchors, central's signed configuration document
 * (signed here with the TEST-ONLY configuration key) and what the office store keeps of them,
 * every change audited and no secret in the file. */
#include <string.h>

#include "cd-audit-log.h"
#include "cd-config-document.h"
#include "cd-data-dir.h"
#include "cd-enrolment.h"
#include "cd-office-settings.h"
#include "cd-office-setup.h"
#include "cd-trust-anchor.h"
#include "cd-xmldsig.h"
#include "test-util.h"
#include "workflow-fixture.h"

#define TEST_CA_SHA256 "39:4F:BE:53:3D:1D:CD:21:4D:B7:EB:D5:8B:47:17:43:" \
                       "D0:F0:A9:50:1F:5C:A6:FF:07:23:69:8E:09:C4:46:5F"
#define SECRET "9d1f0c55e1a4b7c2d3e4f5a6b7c8d9e0aa"

/* ---- credentials and addresses ------------------------------------------------------------- */

static void
test_credential_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdOfficeCredential) credential = cd_office_credential_parse ("cred-1a2b:" SECRET "\n",
                                                                         &error);
  g_autoptr(CdOfficeCredential) copy = NULL;
  g_autofree char *text = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *encoded = g_base64_encode ((const guchar *) "cred-1a2b:" SECRET,
                                              strlen ("cred-1a2b:" SECRET));

  g_assert_no_error (error);
  g_assert_cmpstr (credential->id, ==, "cred-1a2b");
  g_assert_cmpstr (credential->secret, ==, SECRET);
  text = cd_office_credential_to_string (credential);
  g_assert_cmpstr (text, ==, "cred-1a2b:" SECRET);
  basic = cd_office_credential_to_basic_auth (credential);
  expected = g_strconcat ("Basic ", encoded, NULL);
  g_assert_cmpstr (basic, ==, expected);
  copy = cd_office_credential_copy (credential);
  g_assert_true (cd_office_credential_equal (copy, credential));
}

static void
test_credential_malformed (void)
{
  const char *texts[] = { "no-separator", ":" SECRET, "cred-1:", "cred 1:" SECRET,
                          "cred-1:sec ret", "" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CdOfficeCredential) credential = cd_office_credential_parse (texts[i], &error);

      g_assert_null (credential);
      g_assert_error (error, CD_OFFICE_CREDENTIAL_ERROR, CD_OFFICE_CREDENTIAL_ERROR_INVALID);
      /* A message never repeats what may be a secret. */
      g_assert_null (strstr (error->message, SECRET));
    }
}

static void
test_endpoints (void)
{
  g_autoptr(CdEndpoints) one = cd_endpoints_new_two ("https://central.bhxh.vn/", NULL);
  g_autoptr(CdEndpoints) two = cd_endpoints_new_two ("https://central.bhxh.vn",
                                                     "https://lgsp.bhxh.vn//");
  g_autoptr(CdEndpoints) insecure = cd_endpoints_new_two ("http://central.bhxh.vn", NULL);
  g_autoptr(CdEndpoints) partial = cd_endpoints_new ();
  g_autoptr(GError) error = NULL;
  CdSystem system;

  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    g_assert_cmpstr (cd_endpoints_get (one, i), ==, "https://central.bhxh.vn");
  g_assert_cmpstr (cd_endpoints_get (two, CD_SYSTEM_CENTRAL), ==, "https://central.bhxh.vn");
  g_assert_cmpstr (cd_endpoints_get (two, CD_SYSTEM_POPULATION), ==, "https://lgsp.bhxh.vn");
  g_assert_true (cd_endpoints_check (two, NULL));
  g_assert_false (cd_endpoints_equal (one, two));

  /* Plain HTTP off this computer is refused, naming the system and the address. */
  g_assert_false (cd_endpoints_check (insecure, &error));
  g_assert_nonnull (strstr (error->message, "http://central.bhxh.vn"));
  g_assert_nonnull (strstr (error->message, cd_system_get_name (CD_SYSTEM_CENTRAL)));
  g_clear_error (&error);
  cd_endpoints_set (partial, CD_SYSTEM_CENTRAL, "https://central.bhxh.vn");
  g_assert_false (cd_endpoints_check (partial, &error));
  g_assert_nonnull (strstr (error->message, cd_system_get_name (CD_SYSTEM_MEDICAL)));

  g_assert_true (cd_system_from_string ("civil-status", &system));
  g_assert_cmpint (system, ==, CD_SYSTEM_CIVIL_STATUS);
  g_assert_false (cd_system_from_string ("civil", &system));
}

/* ---- trust anchors ------------------------------------------------------------------------- */

static void
test_anchor_details (void)
{
  g_autofree char *path = cd_data_dir_build ("pki", "trust", "claimdesk-test-ca.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anchors = cd_trust_anchors_from_file (path, &error);
  g_autoptr(GDateTime) inside = g_date_time_new_utc (2030, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) after = g_date_time_new_utc (2050, 1, 1, 0, 0, 0);
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  CdTrustAnchor *anchor;

  g_assert_no_error (error);
  g_assert_cmpuint (anchors->len, ==, 1);
  anchor = g_ptr_array_index (anchors, 0);
  /* What an administrator compares with what central announced: subject, validity, SHA-256. */
  g_assert_cmpstr (anchor->subject, ==,
                   "CN=ClaimDesk TEST-ONLY CA — not for production,O=ClaimDesk TEST-ONLY,C=VN");
  g_assert_cmpstr (anchor->issuer, ==, anchor->subject);
  g_assert_cmpstr (anchor->sha256, ==, TEST_CA_SHA256);
  from = g_date_time_format (anchor->not_before, "%F");
  until = g_date_time_format (anchor->not_after, "%F");
  g_assert_cmpstr (from, ==, "2026-11-22");
  g_assert_cmpstr (until, ==, "2047-02-25");
  g_assert_true (anchor->is_ca);
  g_assert_cmpstr (anchor->source, ==, "claimdesk-test-ca.pem");
  g_assert_true (cd_trust_anchor_is_valid_at (anchor, inside));
  g_assert_false (cd_trust_anchor_is_valid_at (anchor, after));
}

static void
test_anchor_bad_pem (void)
{
  static const char garbage[] = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n"
                                "-----END CERTIFICATE-----\n";
  g_autofree char *path = cd_data_dir_build ("pki", "trust", "claimdesk-test-ca.pem", NULL);
  g_autofree char *good = NULL;
  g_autofree char *mixed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anchors = NULL;

  anchors = cd_trust_anchors_from_pem ("hello", 5, "hello.pem", &error);
  g_assert_null (anchors);
  g_assert_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_BAD_CERT);
  g_assert_nonnull (strstr (error->message, "hello.pem"));
  g_clear_error (&error);

  /* One good certificate and one that does not parse: the file is refused whole. */
  g_assert_true (g_file_get_contents (path, &good, NULL, NULL));
  mixed = g_strconcat (good, garbage, NULL);
  anchors = cd_trust_anchors_from_pem (mixed, strlen (mixed), "mixed.pem", &error);
  g_assert_null (anchors);
  g_assert_error (error, CD_TRUST_STORE_ERROR, CD_TRUST_STORE_ERROR_BAD_CERT);
}

/* ---- the configuration document ------------------------------------------------------------ */

typedef struct
{
  const char *office;
  gint64      serial;
  const char *medical;      /* the medical portal's address; the others are central's */
  gboolean    drop_population;
} DocumentSpec;

static char *
document_xml (const DocumentSpec *spec)
{
  g_autofree char *ca_path = cd_data_dir_build ("pki", "trust", "claimdesk-test-ca.pem", NULL);
  g_autofree char *ca = NULL;
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<ClaimDeskConfiguration version=\"1\">\n"
                               "  <Issued>2026-12-01T08:00:00Z</Issued>\n");

  g_assert_true (g_file_get_contents (ca_path, &ca, NULL, NULL));
  g_string_append_printf (xml, "  <Serial>%" G_GINT64_FORMAT "</Serial>\n", spec->serial);
  g_string_append_printf (xml, "  <Office code=\"%s\" province=\"079\">Bảo hiểm xã hội quận Bình "
                               "Thạnh</Office>\n", spec->office);
  g_string_append (xml, "  <Endpoints>\n"
                        "    <Endpoint system=\"central\">https://central.bhxh.vn</Endpoint>\n");
  g_string_append_printf (xml, "    <Endpoint system=\"medical\">%s</Endpoint>\n", spec->medical);
  g_string_append (xml, "    <Endpoint system=\"civil-status\">https://hotich.bhxh.vn/</Endpoint>\n");
  if (!spec->drop_population)
    g_string_append (xml, "    <Endpoint system=\"population\">https://dancu.bhxh.vn</Endpoint>\n");
  g_string_append_printf (xml, "  </Endpoints>\n  <TrustAnchors>\n    <TrustAnchor>%s</TrustAnchor>\n"
                               "  </TrustAnchors>\n</ClaimDeskConfiguration>\n", ca);
  return g_string_free (xml, FALSE);
}

static GBytes *
signed_document (const DocumentSpec *spec,
                 const char         *key_dir,
                 const char         *key_name)
{
  g_autofree char *xml = document_xml (spec);
  g_autofree char *key_file = g_strconcat (key_name, ".key.pem", NULL);
  g_autofree char *cert_file = g_strconcat (key_name, ".cert.pem", NULL);
  g_autofree char *key_path = cd_data_dir_build ("pki", key_dir, key_file, NULL);
  g_autofree char *cert_path = cd_data_dir_build ("pki", key_dir, cert_file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSigningKey) key = cd_signing_key_new_from_files (key_path, cert_path, &error);
  GBytes *bytes;

  g_assert_no_error (error);
  bytes = cd_xmldsig_sign_bytes (key, xml, strlen (xml), CD_XMLDSIG_PROFILE_ENVELOPED, &error);
  g_assert_no_error (error);
  return bytes;
}

static GBytes *
central_document (const DocumentSpec *spec)
{
  return signed_document (spec, "central", "configuration");
}

static const DocumentSpec good_spec = { "BHXH-079-BT", 3, "https://giamdinh.bhxh.vn", FALSE };

/* The TEST-ONLY CA, which issued central's configuration signer: a workstation trusts nothing
 * until its administrator says so, the tests trust what the demo does. */
static CdTrustStore *
shipped_anchors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pki = cd_data_dir_demo_pki ();
  g_autofree char *dir = g_build_filename (pki, "trust", NULL);
  CdTrustStore *trust = cd_trust_store_new_from_dir (dir, &error);

  g_assert_no_error (error);
  return trust;
}

static void
test_document_valid (void)
{
  g_autoptr(CdTrustStore) trust = shipped_anchors ();
  g_autoptr(GBytes) bytes = central_document (&good_spec);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdConfigDocument) document = cd_config_document_parse (bytes, "test", trust, &error);
  g_autofree char *sha = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (document->serial, ==, 3);
  g_assert_cmpstr (document->issued_at, ==, "2026-12-01T08:00:00Z");
  g_assert_cmpstr (document->office_code, ==, "BHXH-079-BT");
  g_assert_cmpstr (document->office_name, ==, "Bảo hiểm xã hội quận Bình Thạnh");
  g_assert_cmpstr (document->province, ==, "079");
  g_assert_cmpstr (cd_endpoints_get (document->endpoints, CD_SYSTEM_CENTRAL), ==,
                   "https://central.bhxh.vn");
  g_assert_cmpstr (cd_endpoints_get (document->endpoints, CD_SYSTEM_MEDICAL), ==,
                   "https://giamdinh.bhxh.vn");
  g_assert_cmpstr (cd_endpoints_get (document->endpoints, CD_SYSTEM_CIVIL_STATUS), ==,
                   "https://hotich.bhxh.vn");
  g_assert_cmpuint (document->anchors->len, ==, 1);
  g_assert_cmpstr (((CdTrustAnchor *) g_ptr_array_index (document->anchors, 0))->sha256, ==,
                   TEST_CA_SHA256);
  g_assert_cmpstr (((CdTrustAnchor *) g_ptr_array_index (document->anchors, 0))->source, ==,
                   "central");
  g_assert_nonnull (strstr (document->signer, "Cấu hình trung ương (TEST-ONLY)"));
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_assert_cmpstr (document->sha256, ==, sha);
}

static void
test_document_tampered (void)
{
  g_autoptr(CdTrustStore) trust = shipped_anchors ();
  g_autoptr(GBytes) bytes = central_document (&good_spec);
  g_autoptr(GBytes) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdConfigDocument) document = NULL;
  gsize length = 0;
  const char *original = g_bytes_get_data (bytes, &length);
  char *data = g_strndup (original, length);
  char *at = strstr (data, "giamdinh.bhxh.vn");

  /* A relay sends the medical portal's requests elsewhere. */
  g_assert_nonnull (at);
  at[0] = 'x';
  changed = g_bytes_new_take (data, length);
  document = cd_config_document_parse (changed, "tampered", trust, &error);
  g_assert_null (document);
  g_assert_error (error, CD_CONFIG_DOCUMENT_ERROR, CD_CONFIG_DOCUMENT_ERROR_BAD_SIGNATURE);
  g_assert_nonnull (strstr (error->message, "tampered"));
}

static void
test_document_unsigned (void)
{
  g_autoptr(CdTrustStore) trust = shipped_anchors ();
  g_autofree char *xml = document_xml (&good_spec);
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  g_autoptr(CdConfigDocument) document = cd_config_document_parse (bytes, "plain", trust, &error);

  g_assert_null (document);
  g_assert_error (error, CD_CONFIG_DOCUMENT_ERROR, CD_CONFIG_DOCUMENT_ERROR_UNSIGNED);
}

static void
test_document_untrusted_signer (void)
{
  g_autoptr(CdTrustStore) trust = shipped_anchors ();
  /* Validly signed, by a facility under a CA this workstation does not trust. */
  g_autoptr(GBytes) bytes = signed_document (&good_spec, "untrusted/facilities", "99001");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdConfigDocument) document = cd_config_document_parse (bytes, "other", trust, &error);

  g_assert_null (document);
  g_assert_error (error, CD_CONFIG_DOCUMENT_ERROR, CD_CONFIG_DOCUMENT_ERROR_UNTRUSTED_SIGNER);
  g_assert_nonnull (strstr (error->message, "99001"));
}

static void
test_document_malformed (void)
{
  g_autoptr(CdTrustStore) trust = shipped_anchors ();
  const DocumentSpec insecure = { "BHXH-079-BT", 3, "http://giamdinh.bhxh.vn", FALSE };
  const DocumentSpec missing = { "BHXH-079-BT", 3, "https://giamdinh.bhxh.vn", TRUE };
  const DocumentSpec *specs[] = { &insecure, &missing };
  const char *reasons[] = { "http://giamdinh.bhxh.vn", "Population database" };

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(GBytes) bytes = central_document (specs[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(CdConfigDocument) document = cd_config_document_parse (bytes, "doc", trust, &error);

      /* Signed, and still not used: every system, each at an address the policy accepts. */
      g_assert_null (document);
      g_assert_error (error, CD_CONFIG_DOCUMENT_ERROR, CD_CONFIG_DOCUMENT_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, reasons[i]));
    }
}

/* ---- the office store ---------------------------------------------------------------------- */

static CdEnrolment *
an_enrolment (const char *office)
{
  CdEnrolment *enrolment = g_new0 (CdEnrolment, 1);

  enrolment->central_url = g_strdup ("https://central.bhxh.vn");
  enrolment->office_code = g_strdup (office);
  enrolment->office_name = g_strdup ("Bảo hiểm xã hội quận Bình Thạnh");
  enrolment->province = g_strdup ("079");
  enrolment->credential = cd_office_credential_new ("cred-5e7a", SECRET);
  return enrolment;
}

static CdConfigDocument *
parsed_document (const DocumentSpec *spec)
{
  g_autoptr(CdTrustStore) trust = shipped_anchors ();
  g_autoptr(GBytes) bytes = central_document (spec);
  g_autoptr(GError) error = NULL;
  CdConfigDocument *document = cd_config_document_parse (bytes, "test", trust, &error);

  g_assert_no_error (error);
  return document;
}

static gboolean
file_holds (const char *path,
            const char *needle)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  gsize size = strlen (needle);

  if (!g_file_get_contents (path, &data, &length, NULL))
    return FALSE;
  for (gsize i = 0; i + size <= length; i++)
    if (memcmp (data + i, needle, size) == 0)
      return TRUE;
  return FALSE;
}

static void
test_store_enrolment_and_document (void)
{
  Store store;
  g_autoptr(CdEnrolment) enrolment = an_enrolment ("BHXH-079-BT");
  g_autoptr(CdConfigDocument) document = parsed_document (&good_spec);
  g_autoptr(CdOfficeSetup) setup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *after = NULL;
  gint64 entries;
  CdAuditLogReport report = { 0 };

  store_open (&store);
  entries = fx_int (&store, "SELECT count(*) FROM audit_log");

  setup = cd_office_setup_read (store.db, &error);
  g_assert_no_error (error);
  g_assert_false (cd_office_setup_is_enrolled (setup));
  g_assert_null (setup->endpoints);
  g_assert_cmpuint (setup->anchors->len, ==, 0);
  g_clear_pointer (&setup, cd_office_setup_free);

  g_assert_true (cd_office_setup_record_enrolment (store.db, fx_admin, enrolment, &error));
  g_assert_no_error (error);
  g_assert_true (cd_office_setup_apply_document (store.db, fx_admin, document, &error));
  g_assert_no_error (error);

  setup = cd_office_setup_read (store.db, &error);
  g_assert_no_error (error);
  g_assert_true (cd_office_setup_is_enrolled (setup));
  g_assert_cmpstr (setup->central_url, ==, "https://central.bhxh.vn");
  g_assert_cmpstr (setup->office_code, ==, "BHXH-079-BT");
  g_assert_cmpstr (setup->office_name, ==, "Bảo hiểm xã hội quận Bình Thạnh");
  g_assert_cmpstr (setup->province, ==, "079");
  g_assert_cmpstr (setup->credential_id, ==, "cred-5e7a");
  /* The office's rules now name the enrolled office. */
  {
    g_autofree char *code = cd_office_settings_dup_office_code (store.db, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (code, ==, "BHXH-079-BT");
  }
  g_assert_true (cd_endpoints_equal (setup->endpoints, document->endpoints));
  g_assert_cmpint (setup->document_serial, ==, 3);
  g_assert_cmpstr (setup->document_sha256, ==, document->sha256);
  g_assert_cmpstr (setup->document_signer, ==, document->signer);
  g_assert_cmpuint (setup->anchors->len, ==, 1);
  g_assert_cmpstr (((CdTrustAnchor *) g_ptr_array_index (setup->anchors, 0))->sha256, ==,
                   TEST_CA_SHA256);

  /* Two audited changes, by the administrator, and the chain still holds. */
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, entries + 2);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action = 'setup.enrol'"
                                   " AND entity = 'settings' AND user_id = (SELECT id FROM users"
                                   " WHERE login = 'admin')"), ==, 1);
  after = fx_text (&store, "SELECT after FROM audit_log WHERE action = 'setup.configuration'");
  g_assert_nonnull (strstr (after, "https://giamdinh.bhxh.vn"));
  g_assert_nonnull (strstr (after, TEST_CA_SHA256));
  g_assert_true (cd_audit_log_verify (store.db, &report, &error));
  g_assert_cmpint (report.kind, ==, CD_AUDIT_BREAK_NONE);
  cd_audit_log_report_clear (&report);

  /* The secret is the caller's to keep: it is nowhere in the store. */
  wal = g_strconcat (store.path, "-wal", NULL);
  g_assert_false (file_holds (store.path, SECRET));
  g_assert_false (file_holds (wal, SECRET));
  g_assert_true (file_holds (store.path, "cred-5e7a") || file_holds (wal, "cred-5e7a"));

  /* The same document again changes nothing and is not audited again. */
  g_assert_true (cd_office_setup_apply_document (store.db, fx_admin, document, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, entries + 2);
  store_close (&store);
}

static void
test_store_refuses_stale_and_foreign (void)
{
  Store store;
  const DocumentSpec older = { "BHXH-079-BT", 2, "https://giamdinh.bhxh.vn", FALSE };
  const DocumentSpec newer = { "BHXH-079-BT", 4, "https://giamdinh2.bhxh.vn", FALSE };
  const DocumentSpec foreign = { "BHXH-001-HK", 9, "https://giamdinh.bhxh.vn", FALSE };
  g_autoptr(CdEnrolment) enrolment = an_enrolment ("BHXH-079-BT");
  g_autoptr(CdConfigDocument) current = parsed_document (&good_spec);
  g_autoptr(CdConfigDocument) old = parsed_document (&older);
  g_autoptr(CdConfigDocument) next = parsed_document (&newer);
  g_autoptr(CdConfigDocument) other = parsed_document (&foreign);
  g_autoptr(CdOfficeSetup) setup = NULL;
  g_autoptr(GError) error = NULL;
  gint64 entries;

  store_open (&store);
  g_assert_true (cd_office_setup_record_enrolment (store.db, NULL, enrolment, &error));
  g_assert_true (cd_office_setup_apply_document (store.db, NULL, current, &error));
  g_assert_no_error (error);
  entries = fx_int (&store, "SELECT count(*) FROM audit_log");

  /* An older document (a replay) and another office's are refused; nothing is written. */
  g_assert_false (cd_office_setup_apply_document (store.db, NULL, old, &error));
  g_assert_error (error, CD_OFFICE_SETUP_ERROR, CD_OFFICE_SETUP_ERROR_STALE);
  g_clear_error (&error);
  g_assert_false (cd_office_setup_apply_document (store.db, NULL, other, &error));
  g_assert_error (error, CD_OFFICE_SETUP_ERROR, CD_OFFICE_SETUP_ERROR_OTHER_OFFICE);
  g_assert_nonnull (strstr (error->message, "BHXH-001-HK"));
  g_clear_error (&error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, entries);

  /* A newer one is applied, recorded as the system when no administrator's session is given. */
  g_assert_true (cd_office_setup_apply_document (store.db, NULL, next, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action ="
                                   " 'setup.configuration' AND user_id IS NULL"), ==, 2);
  setup = cd_office_setup_read (store.db, &error);
  g_assert_cmpstr (cd_endpoints_get (setup->endpoints, CD_SYSTEM_MEDICAL), ==,
                   "https://giamdinh2.bhxh.vn");
  store_close (&store);
}

static void
test_store_only_administrators (void)
{
  Store store;
  g_autoptr(CdEnrolment) enrolment = an_enrolment ("BHXH-079-BT");
  g_autoptr(GError) error = NULL;

  store_open (&store);
  g_assert_false (cd_office_setup_record_enrolment (store.db, fx_officer, enrolment, &error));
  g_assert_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED);
  store_close (&store);
}

static void
test_store_anchors_import_and_remove (void)
{
  Store store;
  g_autofree char *facility = cd_data_dir_build ("pki", "facilities", "79001.cert.pem", NULL);
  g_autofree char *untrusted = cd_data_dir_build ("pki", "untrusted", "ca.cert.pem", NULL);
  g_autoptr(GPtrArray) from_facility = cd_trust_anchors_from_file (facility, NULL);
  g_autoptr(GPtrArray) from_untrusted = cd_trust_anchors_from_file (untrusted, NULL);
  g_autoptr(CdConfigDocument) document = parsed_document (&good_spec);
  g_autoptr(CdOfficeSetup) setup = NULL;
  g_autoptr(CdTrustStore) trust = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bare = NULL;
  gint64 entries;

  store_open (&store);
  g_assert_true (cd_office_setup_apply_document (store.db, fx_admin, document, &error));
  g_assert_true (cd_office_setup_import_anchors (store.db, fx_admin, from_untrusted, &error));
  g_assert_true (cd_office_setup_import_anchors (store.db, fx_admin, from_facility, &error));
  g_assert_no_error (error);
  entries = fx_int (&store, "SELECT count(*) FROM audit_log");
  /* The same file again is no change. */
  g_assert_true (cd_office_setup_import_anchors (store.db, fx_admin, from_facility, &error));
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log"), ==, entries);

  setup = cd_office_setup_read (store.db, &error);
  g_assert_cmpuint (setup->anchors->len, ==, 3);
  g_assert_cmpstr (((CdTrustAnchor *) g_ptr_array_index (setup->anchors, 1))->source, ==,
                   "ca.cert.pem");
  trust = cd_office_setup_dup_trust_store (setup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_trust_store_get_n_certificates (trust), ==, 3);
  g_clear_pointer (&setup, cd_office_setup_free);

  /* Removed by fingerprint, written any way an administrator copies it. */
  bare = g_ascii_strdown (((CdTrustAnchor *) g_ptr_array_index (from_facility, 0))->sha256, -1);
  for (char *p = bare, *q = bare; ; p++)
    if (*p != ':' && (*q++ = *p) == '\0')
      break;
  g_assert_true (cd_office_setup_remove_anchor (store.db, fx_admin, bare, &error));
  g_assert_no_error (error);
  g_assert_false (cd_office_setup_remove_anchor (store.db, fx_admin, bare, &error));
  g_assert_error (error, CD_OFFICE_SETUP_ERROR, CD_OFFICE_SETUP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (fx_int (&store, "SELECT count(*) FROM audit_log WHERE action ="
                                   " 'setup.anchors.remove'"), ==, 1);

  /* A later document replaces central's anchors; the one an administrator imported stays. */
  {
    const DocumentSpec newer = { "BHXH-079-BT", 7, "https://giamdinh.bhxh.vn", FALSE };
    g_autoptr(CdConfigDocument) next = parsed_document (&newer);

    g_assert_true (cd_office_setup_apply_document (store.db, fx_admin, next, &error));
    setup = cd_office_setup_read (store.db, &error);
    g_assert_cmpuint (setup->anchors->len, ==, 2);
    g_assert_cmpstr (((CdTrustAnchor *) g_ptr_array_index (setup->anchors, 0))->source, ==,
                     "central");
    g_assert_cmpstr (((CdTrustAnchor *) g_ptr_array_index (setup->anchors, 1))->source, ==,
                     "ca.cert.pem");
  }
  store_close (&store);
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_store_async (void)
{
  Store store;
  g_autoptr(CdEnrolment) enrolment = an_enrolment ("BHXH-079-BT");
  g_autoptr(CdConfigDocument) document = parsed_document (&good_spec);
  g_autoptr(GAsyncResult) applied = NULL;
  g_autoptr(GAsyncResult) read = NULL;
  g_autoptr(CdOfficeSetup) setup = NULL;
  g_autoptr(GError) error = NULL;

  store_open (&store);
  cd_office_setup_apply_async (store.db, fx_admin, enrolment, document, NULL, on_result, &applied);
  while (applied == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cd_office_setup_apply_finish (store.db, applied, &error));
  g_assert_no_error (error);
  cd_office_setup_read_async (store.path, NULL, on_result, &read);
  while (read == NULL)
    g_main_context_iteration (NULL, TRUE);
  setup = cd_office_setup_read_finish (read, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (setup->office_code, ==, "BHXH-079-BT");
  g_assert_cmpint (setup->document_serial, ==, 3);

  /* An imported anchor, and central's removed, in one job on the writer. */
  {
    g_autofree char *untrusted = cd_data_dir_build ("pki", "untrusted", "ca.cert.pem", NULL);
    g_autoptr(GPtrArray) anchors = cd_trust_anchors_from_file (untrusted, NULL);
    g_autoptr(GAsyncResult) changed = NULL;
    g_autoptr(CdOfficeSetup) after = NULL;

    cd_office_setup_change_anchors_async (store.db, fx_admin, anchors, TEST_CA_SHA256, NULL,
                                          on_result, &changed);
    while (changed == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (cd_office_setup_apply_finish (store.db, changed, &error));
    g_assert_no_error (error);
    after = cd_office_setup_read (store.db, &error);
    g_assert_cmpuint (after->anchors->len, ==, 1);
    g_assert_cmpstr (((CdTrustAnchor *) g_ptr_array_index (after->anchors, 0))->source, ==,
                     "ca.cert.pem");
  }
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();

  g_test_add_func ("/setup/credential/round-trip", test_credential_round_trip);
  g_test_add_func ("/setup/credential/malformed", test_credential_malformed);
  g_test_add_func ("/setup/endpoints", test_endpoints);
  g_test_add_func ("/setup/anchors/details", test_anchor_details);
  g_test_add_func ("/setup/anchors/bad-pem", test_anchor_bad_pem);
  g_test_add_func ("/setup/document/valid", test_document_valid);
  g_test_add_func ("/setup/document/tampered", test_document_tampered);
  g_test_add_func ("/setup/document/unsigned", test_document_unsigned);
  g_test_add_func ("/setup/document/untrusted-signer", test_document_untrusted_signer);
  g_test_add_func ("/setup/document/malformed", test_document_malformed);
  g_test_add_func ("/setup/store/enrolment-and-document", test_store_enrolment_and_document);
  g_test_add_func ("/setup/store/stale-and-foreign", test_store_refuses_stale_and_foreign);
  g_test_add_func ("/setup/store/only-administrators", test_store_only_administrators);
  g_test_add_func ("/setup/store/anchors-import-and-remove", test_store_anchors_import_and_remove);
  g_test_add_func ("/setup/store/async", test_store_async);

  status = g_test_run ();
  fixture_shutdown ();
  return status;
}
