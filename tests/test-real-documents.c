/* test-real-documents.c — what ClaimDesk makes of documents written outside this project.
 *
 * `tests/data/real-documents/` holds de-identified copies of two hospitals' 130/4750 exports, a
 * signed e-invoice and XMLDSig interop vectors (SOURCES.md there says where each came from). Each
 * file's outcome through cd_document_parse is recorded below, so that any change in what we accept
 * or refuse shows up here and has to be meant. An outcome is one line:
 *
 *   a document refused whole:  "refused <code>: <words of its message>"
 *   a document read:           "<kind>" then, for an envelope, the tables of its episodes:
 *                              "read XML1,XML7" "refused XML1[MA_THE_BHYT]" "empty XML8"
 *                              "other XML2,XML3" (tables the claims do not use)
 *                              and for any table read leniently "notes SO_CON=remark,…".
 */
#include <string.h>

#include "cd-document.h"

typedef struct
{
  const char *file;
  const char *outcome;
} RealDocument;

static const RealDocument documents[] = {
  /* XMLDSig vectors and the e-invoice are not evidence; their signatures are checked apart. */
  { "dsig-enveloped-rsa-sha1.xml",
    "refused wrong-root: SOAP 1.1 Envelope in the namespace "
    "http://schemas.xmlsoap.org/soap/envelope/, found Envelope in the namespace urn:envelope" },
  { "dsig-enveloped-x509-sha256.xml",
    "refused wrong-root: found Envelope in the namespace urn:envelope" },
  { "dsig-w3c-c14n-namespaces.xml", "refused wrong-root: the root element Root" },
  { "dsig-w3c-dtd-entities.xml", "refused forbidden: DOCTYPE" },
  { "dsig-w3c-enveloped-dsa.xml",
    "refused wrong-root: found Envelope in the namespace http://example.org/envelope" },
  { "dsig-w3c-x509-crt-crl.xml", "refused wrong-root: the root element Signature" },
  { "einvoice-viettel-signed.xml", "refused unknown-kind: HDon is an e-invoice" },
  /* A vendor's bundle without the envelope: named, not guessed at. */
  { "hobby-hs-root.xml", "refused unknown-kind: the root HS is a vendor's bundle" },
  /* Inline (not base64) tables, empty slots for the tables not filled. */
  { "ls-envelope-inline.xml",
    "moh-envelope read XML1,XML7,XML9 empty XML8,XML10,XML11,XML13,XML14 "
    "other XML2,XML3,XML4,XML5,XML6,XML15" },
  { "ls-xml1-alone.xml",
    "moh-xml1 notes CHAN_DOAN_VAO=placeholder" },
  { "ls-xml7-alone.xml", "moh-xml7" },
  { "pc-bom-xml5-xml9.xml",
    "moh-envelope read XML1,XML7,XML8,XML9 other XML2,XML3,XML4,XML5,XML14 notes "
    "PP_DIEUTRI=placeholder,HO_TEN_CON=placeholder" },
  /* A card number that is the holder's 10-digit SI code is read; one a digit short is not. */
  { "pc-card-10digit.xml", "moh-envelope read XML1 other XML2,XML3" },
  { "pc-card-14char.xml",
    "moh-envelope read XML7,XML8 refused XML1[MA_THE_BHYT] other XML2,XML3,XML4" },
  /* A personal-ID field holding a 10-digit SI code is not a personal ID: that table is refused. */
  { "pc-cccd-10digit.xml", "moh-envelope refused XML1[SO_CCCD] other XML2,XML3" },
  { "pc-cccd-dot.xml",
    "moh-envelope read XML1 other XML3,XML4 notes SO_CCCD=placeholder" },
  /* As published: XML1 not well-formed, XML2 not base64; XML3 is still counted. */
  { "pc-corrupted-inner.xml", "moh-envelope refused XML1[-],XML2[-] other XML3" },
  { "pc-er-xml13-placeholder.xml",
    "moh-envelope read XML1,XML13 other XML3,XML4 notes "
    "SO_CHUYENTUYEN=filled-template,MA_LYDO_CT=code-with-label" },
  { "pc-icd-dagger.xml", "moh-envelope read XML1 other XML2,XML3,XML4" },
  { "pc-icd-kt-asterisk.xml",
    "moh-envelope read XML1 other XML2,XML3,XML14" },
  { "pc-ip-makhoa-xml13.xml",
    "moh-envelope read XML1,XML7,XML8,XML13 other XML3,XML4 notes "
    "GHI_CHU=placeholder,SO_CHUYENTUYEN=placeholder" },
  { "pc-ip-makhoa-xml9.xml",
    "moh-envelope read XML1,XML7,XML8,XML9 other XML2,XML3,XML4,XML14 notes "
    "TOMTAT_KQ=placeholder,GHI_CHU=placeholder,MA_THE_TAM=certificate-serial,"
    "HO_TEN_CON=placeholder,SO_CON=remark" },
  { "pc-ip-xml7-xml8.xml", "moh-envelope read XML1,XML7,XML8 other XML3,XML4" },
  { "pc-ip-xml9.xml",
    "moh-envelope read XML1,XML9 other XML2,XML3,XML4,XML14" },
  { "pc-op-multi-icd.xml", "moh-envelope read XML1 other XML2,XML3,XML4" },
  { "pc-op-xml1-3.xml",
    "moh-envelope read XML1 other XML2,XML3,XML4,XML14" },
  /* A discharge paper without its discharge date is incomplete: refused, the visit kept. */
  { "pc-songaydtri-null.xml",
    "moh-envelope read XML1 refused XML7[NGAY_RA],XML8[NGAY_RA] other "
    "XML2,XML3,XML4,XML14 notes SO_NGAY_DTRI=placeholder" },
  { "pc-xml1-alone.xml", "moh-xml1" },
  { "pc-xml13-alone.xml",
    "moh-xml13 notes SO_CHUYENTUYEN=placeholder,MA_LYDO_CT=code-with-label" },
  { "pc-xml13-placeholder-2.xml",
    "moh-envelope read XML1,XML13 other XML3 notes "
    "SO_CHUYENTUYEN=placeholder,MA_LYDO_CT=code-with-label" },
  { "pc-xml13-placeholder.xml",
    "moh-envelope read XML1,XML13 other XML3 notes "
    "SO_CHUYENTUYEN=placeholder,MA_LYDO_CT=code-with-label" },
  { "pc-xml14-alone.xml", "refused unknown-kind: the MoH table XML14" },
  { "pc-xml5-alone.xml", "refused unknown-kind: the MoH table XML5" },
  { "pc-xml7-alone.xml", "moh-xml7" },
  { "pc-xml7-of-rejected-alone.xml", "moh-xml7" },
  { "pc-xml8-alone.xml", "moh-xml8" },
  { "pc-xml9-alone.xml", "moh-xml9" },
  { "pc-xml9-mathetam.xml",
    "moh-envelope read XML1,XML9 other XML3,XML4,XML14 notes "
    "MA_THE_TAM=certificate-serial,SO_CON=remark" },
  { "pc-xml9-placeholder-alone.xml",
    "moh-xml9 notes MA_THE_TAM=certificate-serial,HO_TEN_CON=placeholder,SO_CON=remark" },
};

static void
append_group (GString    *out,
              const char *label,
              GString    *items)
{
  if (items->len > 0)
    g_string_append_printf (out, " %s %s", label, items->str);
}

static void
append_item (GString    *items,
             const char *item)
{
  g_string_append_printf (items, "%s%s", items->len > 0 ? "," : "", item);
}

static void
append_notes (GString    *notes,
              JsonObject *table)
{
  JsonArray *array = json_object_has_member (table, "notes")
                     ? json_object_get_array_member (table, "notes") : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *note = json_array_get_object_element (array, i);
      g_autofree char *item = g_strdup_printf ("%s=%s",
                                               json_object_get_string_member (note, "field"),
                                               json_object_get_string_member (note, "read_as"));

      append_item (notes, item);
    }
}

/* "XML1[MA_THE_BHYT,SO_CCCD]": the fields of every problem ("-" for the table as a whole). */
static char *
refused_item (JsonObject *table)
{
  JsonArray *problems = json_object_get_array_member (table, "problems");
  g_autoptr(GString) fields = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      const char *field = json_object_get_string_member_with_default (
        json_array_get_object_element (problems, i), "field", "-");

      if (strstr (fields->str, field) == NULL)
        append_item (fields, field);
    }
  return g_strdup_printf ("%s[%s]", json_object_get_string_member (table, "type"), fields->str);
}

static char *
describe_envelope (JsonObject *content)
{
  JsonArray *episodes = json_object_get_array_member (content, "episodes");
  g_autoptr(GString) read = g_string_new (NULL), refused = g_string_new (NULL);
  g_autoptr(GString) empty = g_string_new (NULL), other = g_string_new (NULL);
  g_autoptr(GString) notes = g_string_new (NULL);
  GString *out = g_string_new ("moh-envelope");

  for (guint e = 0; e < json_array_get_length (episodes); e++)
    {
      JsonArray *tables = json_object_get_array_member (
        json_array_get_object_element (episodes, e), "documents");

      for (guint t = 0; t < json_array_get_length (tables); t++)
        {
          JsonObject *table = json_array_get_object_element (tables, t);
          const char *type = json_object_get_string_member (table, "type");

          if (json_object_get_boolean_member_with_default (table, "refused", FALSE))
            {
              g_autofree char *item = refused_item (table);

              append_item (refused, item);
            }
          else if (json_object_get_boolean_member_with_default (table, "empty", FALSE))
            append_item (empty, type);
          else if (json_object_has_member (table, "interpreted"))
            append_item (other, type);
          else
            {
              append_item (read, type);
              append_notes (notes, table);
            }
        }
    }
  append_group (out, "read", read);
  append_group (out, "refused", refused);
  append_group (out, "empty", empty);
  append_group (out, "other", other);
  append_group (out, "notes", notes);
  return g_string_free (out, FALSE);
}

static char *
describe (CdDocument *document)
{
  g_autoptr(GString) notes = g_string_new (NULL);
  GString *out;

  if (cd_document_get_kind (document) == CD_DOCUMENT_KIND_MOH_ENVELOPE)
    return describe_envelope (cd_document_get_content (document));
  out = g_string_new (cd_document_kind_to_string (cd_document_get_kind (document)));
  append_notes (notes, cd_document_get_content (document));
  append_group (out, "notes", notes);
  return g_string_free (out, FALSE);
}

static void
test_outcomes (void)
{
  guint mismatches = 0;

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "real-documents",
                                                     documents[i].file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CdDocument) document = cd_document_parse_file (path, &error);
      g_autofree char *outcome = NULL;
      gboolean matches;

      if (document != NULL)
        {
          outcome = describe (document);
          matches = g_str_equal (outcome, documents[i].outcome);
        }
      else
        {
          /* The code exactly, then words of the message, which names the file too. */
          g_autofree char *prefix = g_strdup_printf ("refused %s: ",
                                                     cd_document_error_to_string (error->code));
          const char *expected = documents[i].outcome;

          outcome = g_strconcat (prefix, error->message, NULL);
          matches = g_str_has_prefix (expected, prefix)
                    && strstr (error->message, expected + strlen (prefix)) != NULL
                    && strstr (error->message, documents[i].file) != NULL;
        }
      if (!matches)
        {
          g_printerr ("%s\n  expected: %s\n  got:      %s\n", documents[i].file,
                      documents[i].outcome, outcome);
          mismatches++;
        }
    }
  g_assert_cmpuint (mismatches, ==, 0);
}

/* Every file of the folder is in the table, and when the workplace's own collection sits beside
 * the project (../shared, as in CI; optional, never required), it holds no file the table does
 * not know: a new real document there is seen here. */
static void
test_every_file_is_listed (void)
{
  const char *folders[] = { "data/real-documents", "../../shared/data/real-documents" };

  for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, folders[f], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      guint n_xml = 0;

      if (dir == NULL)
        {
          g_assert_cmpuint (f, >, 0);  /* our own copy must be there */
          continue;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          gboolean listed = FALSE;

          if (!g_str_has_suffix (name, ".xml"))
            continue;
          n_xml++;
          for (guint i = 0; i < G_N_ELEMENTS (documents) && !listed; i++)
            listed = g_str_equal (documents[i].file, name);
          if (!listed)
            g_error ("%s/%s has no outcome in test-real-documents.c", folders[f], name);
        }
      if (f == 0)
        g_assert_cmpuint (n_xml, ==, G_N_ELEMENTS (documents));
    }
}

static CdDocument *
parse_real (const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "real-documents", file,
                                                 NULL);
  g_autoptr(GError) error = NULL;
  CdDocument *document = cd_document_parse_file (path, &error);

  g_assert_no_error (error);
  return document;
}

static char *
real_text (const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "real-documents", file,
                                                 NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The first table of `type` in the envelope's first episode. */
static JsonObject *
envelope_table (CdDocument *document,
                const char *type)
{
  JsonArray *episodes = json_object_get_array_member (cd_document_get_content (document),
                                                      "episodes");
  JsonArray *tables = json_object_get_array_member (json_array_get_object_element (episodes, 0),
                                                    "documents");

  for (guint i = 0; i < json_array_get_length (tables); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (tables, i),
                                                    "type"), type))
      return json_array_get_object_element (tables, i);
  g_error ("no %s in the envelope", type);
}

static JsonObject *
first_record (JsonObject *table)
{
  return json_array_get_object_element (json_object_get_array_member (table, "records"), 0);
}

/* A billing-table (XML1) fault no longer throws away the discharge paper beside it: the bad table
 * is refused with its field, value and reason, and the envelope lists it. */
static void
test_one_bad_table_refuses_only_itself (void)
{
  g_autoptr(CdDocument) document = parse_real ("pc-card-14char.xml");
  JsonObject *visit = envelope_table (document, "XML1");
  JsonObject *discharge = envelope_table (document, "XML7");
  JsonObject *problem = json_array_get_object_element (
    json_object_get_array_member (visit, "problems"), 0);
  JsonArray *refused = json_object_get_array_member (cd_document_get_content (document),
                                                     "refused");

  g_assert_true (json_object_get_boolean_member (visit, "refused"));
  g_assert_cmpstr (json_object_get_string_member (visit, "code"), ==, "invalid-field");
  g_assert_cmpstr (json_object_get_string_member (problem, "field"), ==, "MA_THE_BHYT");
  g_assert_cmpstr (json_object_get_string_member (problem, "value"), ==, "TE194059447207");
  g_assert_nonnull (strstr (json_object_get_string_member (problem, "reason"), "13 digits"));
  g_assert_cmpstr (json_object_get_string_member (first_record (discharge), "NGAY_RA"), ==,
                   "2026-02-28T10:25");
  g_assert_cmpuint (json_array_get_length (refused), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (refused, 0),
                                               "episode"), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (refused,
                                                                                          0),
                                                           "message"),
                            "pc-card-14char.xml HOSO 1: XML1: MA_THE_BHYT"));
}

/* One error does not hide the next: every problem of a table is reported. */
static void
test_every_problem_of_a_table (void)
{
  g_autofree char *text = real_text ("pc-xml9-alone.xml");
  g_autoptr(GString) broken = g_string_new (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) document = NULL;

  g_assert_cmpuint (g_string_replace (broken, "<GIOI_TINH_CON>1<", "<GIOI_TINH_CON>7<", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (broken, "<NGAY_SINH_CON>202602081033<",
                                      "<NGAY_SINH_CON>202602301033<", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (broken, "<HO_TEN_NND>NGUYỄN VĂN MẪU<", "<HO_TEN_NND><",
                                      1), ==, 1);
  document = cd_document_parse (broken->str, broken->len, "xml9.xml", &error);
  g_assert_null (document);
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "xml9.xml: XML9: record 1: GIOI_TINH_CON: “7”"));
  g_assert_nonnull (strstr (error->message, "; NGAY_SINH_CON: “202602301033”"));
  g_assert_nonnull (strstr (error->message, "; HO_TEN_NND: the required field is missing"));
}

/* "K01;K27": a visit through several departments. */
static void
test_department_lists (void)
{
  g_autoptr(CdDocument) alone = parse_real ("ls-xml1-alone.xml");
  g_autoptr(CdDocument) envelope = parse_real ("pc-ip-makhoa-xml9.xml");
  JsonArray *departments = json_object_get_array_member (
    first_record (cd_document_get_content (alone)), "MA_KHOA");

  g_assert_cmpuint (json_array_get_length (departments), ==, 4);
  g_assert_cmpstr (json_array_get_string_element (departments, 0), ==, "K02");
  g_assert_cmpstr (json_array_get_string_element (departments, 3), ==, "K26");
  departments = json_object_get_array_member (first_record (envelope_table (envelope, "XML1")),
                                              "MA_KHOA");
  g_assert_cmpuint (json_array_get_length (departments), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (departments, 1), ==, "K27");
}

/* A birth certificate fetched alone still ties to its episode. */
static void
test_birth_certificate_keeps_its_episode (void)
{
  g_autoptr(CdDocument) document = parse_real ("pc-xml9-alone.xml");

  g_assert_cmpstr (json_object_get_string_member (first_record (cd_document_get_content (document)),
                                                  "MA_LK"), ==, "000330");
}

/* The dual classification's marks are accepted and kept: G55.2*, K77*, and the dagger. */
static void
test_icd_marks (void)
{
  g_autoptr(CdDocument) asterisk = parse_real ("pc-icd-dagger.xml");
  g_autoptr(CdDocument) secondary = parse_real ("pc-icd-kt-asterisk.xml");
  g_autofree char *text = real_text ("pc-xml1-alone.xml");
  g_autoptr(GString) dagger = g_string_new (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) daggered = NULL;
  JsonArray *codes = json_object_get_array_member (first_record (envelope_table (secondary,
                                                                                 "XML1")),
                                                   "MA_BENH_KT");
  gboolean found = FALSE;

  g_assert_cmpstr (json_object_get_string_member (first_record (envelope_table (asterisk, "XML1")),
                                                  "MA_BENH_CHINH"), ==, "G55.2*");
  for (guint i = 0; i < json_array_get_length (codes); i++)
    found = found || g_str_equal (json_array_get_string_element (codes, i), "K77*");
  g_assert_true (found);

  g_assert_cmpuint (g_string_replace (dagger, "<MA_BENH_CHINH>K57.3<",
                                      "<MA_BENH_CHINH>A17.0†<", 1), ==, 1);
  daggered = cd_document_parse (dagger->str, dagger->len, "xml1.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (first_record (cd_document_get_content (daggered)),
                                                  "MA_BENH_CHINH"), ==, "A17.0†");
  /* A mark is one character after a whole code, nothing else. */
  g_string_replace (dagger, "A17.0†", "A17.0**", 1);
  g_clear_pointer (&daggered, cd_document_unref);
  daggered = cd_document_parse (dagger->str, dagger->len, "xml1.xml", &error);
  g_assert_null (daggered);
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
}

/* Inline tables, the serial in the temporary-card field, the dotted blanks. */
static void
test_vendor_variants (void)
{
  g_autoptr(CdDocument) inline_tables = parse_real ("ls-envelope-inline.xml");
  g_autoptr(CdDocument) serial = parse_real ("pc-xml9-mathetam.xml");
  g_autoptr(CdDocument) transfer = parse_real ("pc-er-xml13-placeholder.xml");
  JsonObject *discharge = first_record (envelope_table (inline_tables, "XML7"));
  JsonObject *birth = first_record (envelope_table (serial, "XML9"));
  JsonObject *referral = first_record (envelope_table (transfer, "XML13"));

  g_assert_true (json_object_get_boolean_member (envelope_table (inline_tables, "XML7"),
                                                 "inline"));
  g_assert_cmpstr (json_object_get_string_member (discharge, "NGAY_RA"), ==, "2025-12-03T08:00");
  g_assert_true (json_object_get_boolean_member (envelope_table (inline_tables, "XML8"), "empty"));
  /* The birth certificate's serial is the serial, not a temporary card. */
  g_assert_false (json_object_has_member (birth, "MA_THE_TAM"));
  g_assert_cmpstr (json_object_get_string_member (birth, "SO"), ==, "120. GCS.94170.26");
  g_assert_cmpstr (json_object_get_string_member (referral, "SO_CHUYENTUYEN"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (referral, "MA_LYDO_CT"), ==, "2");
}

/* Base64 wrapped every 64 characters (the Lạng Sơn export) reads as the one-line original. */
static void
test_base64_wrapped_at_64 (void)
{
  g_autofree char *text = real_text ("pc-ip-xml7-xml8.xml");
  g_autoptr(GRegex) payload = g_regex_new ("<NOIDUNGFILE>([^<]+)</NOIDUNGFILE>", 0, 0, NULL);
  g_autoptr(GString) wrapped = g_string_new (NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(CdDocument) original = NULL, rewrapped = NULL;
  g_autofree char *a = NULL, *b = NULL;
  const char *rest = text;

  g_assert_true (g_regex_match (payload, text, 0, &match));
  while (g_match_info_matches (match))
    {
      int start, end;

      g_match_info_fetch_pos (match, 1, &start, &end);
      g_string_append_len (wrapped, rest, text + start - rest);
      for (int at = start; at < end; at += 64)
        g_string_append_printf (wrapped, "%.*s\r\n", MIN (64, end - at), text + at);
      rest = text + end;
      g_match_info_next (match, NULL);
    }
  g_string_append (wrapped, rest);

  original = parse_real ("pc-ip-xml7-xml8.xml");
  rewrapped = cd_document_parse (wrapped->str, wrapped->len, "pc-ip-xml7-xml8.xml", NULL);
  g_assert_nonnull (rewrapped);
  a = cd_document_to_json (original, FALSE);
  b = cd_document_to_json (rewrapped, FALSE);
  g_assert_cmpstr (a, ==, b);
}

/* A list table holding elements that are not its records is refused, not read as an empty list:
 * "no birth certificate" would hide one written under another name. */
static void
test_unknown_records_are_no_empty_list (void)
{
  g_autofree char *text = real_text ("pc-xml9-alone.xml");
  g_autoptr(GString) renamed = g_string_new (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) document = NULL;

  g_assert_cmpuint (g_string_replace (renamed, "<DU_LIEU_GIAY_CHUNG_SINH>", "<GIAY_CHUNG_SINH>",
                                      0), ==, 1);
  g_assert_cmpuint (g_string_replace (renamed, "</DU_LIEU_GIAY_CHUNG_SINH>",
                                      "</GIAY_CHUNG_SINH>", 0), ==, 1);
  document = cd_document_parse (renamed->str, renamed->len, "xml9.xml", &error);
  g_assert_null (document);
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message,
                            "holds GIAY_CHUNG_SINH where DU_LIEU_GIAY_CHUNG_SINH records belong"));
}

/* A remark is dropped only when it cannot be the number: "(2)" is refused, not read as absent. */
static void
test_remark_with_a_digit_is_refused (void)
{
  g_autofree char *text = real_text ("pc-xml9-placeholder-alone.xml");
  g_autoptr(GString) numbered = g_string_new (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) document = NULL;

  g_assert_cmpuint (g_string_replace (numbered, "(tự link trong hồ sơ sơ sinh)", "(2)", 1), ==, 1);
  document = cd_document_parse (numbered->str, numbered->len, "xml9.xml", &error);
  g_assert_null (document);
  g_assert_nonnull (strstr (error->message, "SO_CON: “(2)” is not valid"));
}

/* The serial in MA_THE_TAM goes to SO when the hospital left SO empty, and never overwrites it. */
static void
test_serial_moves_to_an_empty_so (void)
{
  g_autofree char *text = real_text ("pc-xml9-placeholder-alone.xml");
  g_autoptr(GString) empty = g_string_new (text);
  g_autoptr(GString) other = g_string_new (text);
  g_autoptr(CdDocument) moved = NULL, kept = NULL;

  g_assert_cmpuint (g_string_replace (empty, "<SO> ........................ GCS.94170.26</SO>",
                                      "<SO/>", 1), ==, 1);
  moved = cd_document_parse (empty->str, empty->len, "xml9.xml", NULL);
  g_assert_nonnull (moved);
  g_assert_cmpstr (json_object_get_string_member (first_record (cd_document_get_content (moved)),
                                                  "SO"),
                   ==, "........................ GCS.94170.26");

  g_assert_cmpuint (g_string_replace (other, "<SO> ........................ GCS.94170.26</SO>",
                                      "<SO>77</SO>", 1), ==, 1);
  kept = cd_document_parse (other->str, other->len, "xml9.xml", NULL);
  g_assert_nonnull (kept);
  g_assert_cmpstr (json_object_get_string_member (first_record (cd_document_get_content (kept)),
                                                  "SO"), ==, "77");
}

/* A placeholder where a required value belongs is that value missing. */
static void
test_placeholder_in_a_required_field (void)
{
  g_autofree char *text = real_text ("pc-xml7-alone.xml");
  g_autoptr(GString) blank = g_string_new (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDocument) document = NULL;

  g_assert_cmpuint (g_string_replace (blank, "<NGAY_RA>202603021656<", "<NGAY_RA>null<", 1), ==,
                    1);
  document = cd_document_parse (blank->str, blank->len, "xml7.xml", &error);
  g_assert_null (document);
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD);
  g_assert_nonnull (strstr (error->message, "NGAY_RA: a required field holds only a placeholder"));
}

/* An inline table with text or CDATA beside it is refused: the text would otherwise be dropped. */
static void
test_text_beside_an_inline_table (void)
{
  g_autofree char *text = real_text ("ls-envelope-inline.xml");
  g_autoptr(GString) mixed = g_string_new (text);
  g_autoptr(CdDocument) document = NULL;
  JsonObject *discharge;

  g_assert_cmpuint (g_string_replace (mixed,
                                      "<NOIDUNGFILE>\n            <CHI_TIEU_DU_LIEU_GIAY_RA_VIEN>",
                                      "<NOIDUNGFILE><![CDATA[SGVsbG8=]]>"
                                      "<CHI_TIEU_DU_LIEU_GIAY_RA_VIEN>", 1), ==, 1);
  document = cd_document_parse (mixed->str, mixed->len, "inline.xml", NULL);
  g_assert_nonnull (document);
  discharge = envelope_table (document, "XML7");
  g_assert_true (json_object_get_boolean_member (discharge, "refused"));
  g_assert_nonnull (strstr (json_object_get_string_member (discharge, "message"),
                            "NOIDUNGFILE mixes text with the inline table"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/real-documents/outcomes", test_outcomes);
  g_test_add_func ("/real-documents/every-file-is-listed", test_every_file_is_listed);
  g_test_add_func ("/real-documents/one-bad-table-refuses-only-itself",
                   test_one_bad_table_refuses_only_itself);
  g_test_add_func ("/real-documents/every-problem-of-a-table", test_every_problem_of_a_table);
  g_test_add_func ("/real-documents/department-lists", test_department_lists);
  g_test_add_func ("/real-documents/birth-certificate-keeps-its-episode",
                   test_birth_certificate_keeps_its_episode);
  g_test_add_func ("/real-documents/icd-marks", test_icd_marks);
  g_test_add_func ("/real-documents/vendor-variants", test_vendor_variants);
  g_test_add_func ("/real-documents/base64-wrapped-at-64", test_base64_wrapped_at_64);
  g_test_add_func ("/real-documents/unknown-records-are-no-empty-list",
                   test_unknown_records_are_no_empty_list);
  g_test_add_func ("/real-documents/remark-with-a-digit-is-refused",
                   test_remark_with_a_digit_is_refused);
  g_test_add_func ("/real-documents/serial-moves-to-an-empty-so", test_serial_moves_to_an_empty_so);
  g_test_add_func ("/real-documents/placeholder-in-a-required-field",
                   test_placeholder_in_a_required_field);
  g_test_add_func ("/real-documents/text-beside-an-inline-table", test_text_beside_an_inline_table);

  return g_test_run ();
}
