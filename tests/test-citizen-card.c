/* test-citizen-card.c — the QR code of a chip-based citizen ID card: what scanners really type is
 * read, what is not a card's is refused with a message that names the field and its value. */
#include <string.h>

#include "cd-citizen-card.h"
#include "cd-document-error.h"

#define AN_ADDRESS "Số 12, Ngõ 3, Phường Láng Hạ, Đống Đa, Hà Nội"
#define AN_PAYLOAD "001090012345|123456789|Nguyễn Văn An|01011990|Nam|" AN_ADDRESS "|15082021"

static CdCitizenCard *
parse_ok (const char *payload)
{
  g_autoptr(GError) error = NULL;
  CdCitizenCard *card = cd_citizen_card_parse_qr (payload, &error);

  g_assert_no_error (error);
  g_assert_nonnull (card);
  return card;
}

static void
assert_an (const CdCitizenCard *card)
{
  g_assert_cmpstr (card->personal_id, ==, "001090012345");
  g_assert_cmpstr (card->old_id, ==, "123456789");
  g_assert_cmpstr (card->full_name, ==, "Nguyễn Văn An");
  g_assert_cmpstr (card->birth_date, ==, "1990-01-01");
  g_assert_cmpstr (card->sex, ==, "Nam");
  g_assert_cmpstr (card->address, ==, AN_ADDRESS);
  g_assert_cmpstr (card->issue_date, ==, "2021-08-15");
}

static void
test_reads_a_card (void)
{
  g_autoptr(CdCitizenCard) card = parse_ok (AN_PAYLOAD);
  g_autoptr(CdCitizenCard) copy = NULL;

  assert_an (card);
  copy = cd_citizen_card_copy (card);
  assert_an (copy);
  g_assert_true (copy->full_name != card->full_name);
}

/* Holders who never had an old identity card: the field is there, empty. */
static void
test_empty_old_id (void)
{
  g_autoptr(CdCitizenCard) card =
    parse_ok ("079203001234||Trần Thị Bình|15032003|Nữ|12 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh"
              "|10052022");

  g_assert_cmpstr (card->personal_id, ==, "079203001234");
  g_assert_null (card->old_id);
  g_assert_cmpstr (card->full_name, ==, "Trần Thị Bình");
  g_assert_cmpstr (card->birth_date, ==, "2003-03-15");
  g_assert_cmpstr (card->sex, ==, "Nữ");
  g_assert_cmpstr (card->issue_date, ==, "2022-05-10");
}

/* What scanners add around and inside the payload is no part of it. */
static void
test_scanner_noise (void)
{
  static const char * const payloads[] = {
    AN_PAYLOAD "\r\n",
    AN_PAYLOAD "\r",
    AN_PAYLOAD "\n",
    AN_PAYLOAD "\t",
    "  " AN_PAYLOAD "  \r\n",
    AN_PAYLOAD "|",                          /* a trailing separator */
    AN_PAYLOAD "||\r\n",
    "001090012345 | 123456789 |Nguyễn  Văn\tAn|01011990|Nam|" AN_ADDRESS "|15082021",
  };

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autoptr(CdCitizenCard) card = NULL;

      g_test_message ("payload %u", i);
      card = parse_ok (payloads[i]);
      assert_an (card);
    }
}

/* Decomposed accents (NFD), as some scanners type them, are read as the composed (NFC) text the
 * registers hold. */
static void
test_nfd_is_composed (void)
{
  g_autofree char *nfd = g_utf8_normalize (AN_PAYLOAD, -1, G_NORMALIZE_NFD);
  g_autoptr(CdCitizenCard) card = NULL;

  g_assert_cmpstr (nfd, !=, AN_PAYLOAD);
  card = parse_ok (nfd);
  assert_an (card);
}

typedef struct
{
  const char *payload;
  int         code;
  const char *field;   /* the field the message must name */
  const char *value;   /* and the value it must quote, if any */
} BadCase;

static const BadCase bad_cases[] = {
  /* Too few fields: the address and issue date are gone. */
  { "001090012345|123456789|Nguyễn Văn An|01011990|Nam", CD_DOCUMENT_ERROR_MALFORMED,
    "7 fields", "has 5" },
  /* Too many: not the layout we know, so no field can be trusted to be where it is read. */
  { AN_PAYLOAD "|extra", CD_DOCUMENT_ERROR_MALFORMED, "7 fields", "has 8" },
  { "001090012345|123456789|Nguyễn|Văn An|01011990|Nam|HN|15082021", CD_DOCUMENT_ERROR_MALFORMED,
    "7 fields", "has 8" },
  /* An ID typed by hand followed by a stray "|". */
  { "001090012345|", CD_DOCUMENT_ERROR_MALFORMED, "7 fields", "has 2" },
  /* The personal ID, checked as everywhere else. */
  { "999099012345|123456789|Nguyễn Văn An|01011990|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "personal ID", "“999099012345”" },
  { "00109001234|123456789|Nguyễn Văn An|01011990|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "personal ID", "“00109001234”" },
  { "|123456789|Nguyễn Văn An|01011990|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "personal ID", "“”" },
  { "0010900123AB|123456789|Nguyễn Văn An|01011990|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "personal ID", "“0010900123AB”" },
  { "001490012345|123456789|Nguyễn Văn An|01011990|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "personal ID", "century digit" },
  { "001090012345|12345|Nguyễn Văn An|01011990|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "old ID", "“12345”" },
  { "001090012345|123456789|  |01011990|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_MISSING_FIELD, "full name", NULL },
  /* Dates that are no day. */
  { "001090012345|123456789|Nguyễn Văn An|31021990|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "birth date", "“31021990”" },
  { "001090012345|123456789|Nguyễn Văn An|1990-01-01|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "birth date", "“1990-01-01”" },
  { "001090012345|123456789|Nguyễn Văn An|0101199|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "birth date", "“0101199”" },
  { "001090012345|123456789|Nguyễn Văn An|00011990|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "birth date", "“00011990”" },
  { "001090012345|123456789|Nguyễn Văn An|29021991|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "birth date", "“29021991”" },
  /* A real day, but not in the year of birth the personal ID says (1990). */
  { "001090012345|123456789|Nguyễn Văn An|01011991|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "birth date", "“01011991” in 1991, but its personal ID "
    "001090012345 is of someone born in 1990" },
  { "079090001234||Trần Thị Bình|15032003|Nữ|HN|10052022",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "birth date", "born in 1990" },
  { "001090012345|123456789|Nguyễn Văn An|01011990|Nam|HN|15132021",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "issue date", "“15132021”" },
  { "001090012345|123456789|Nguyễn Văn An|01011990|Nam|HN|",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "issue date", "“”" },
  { "001090012345|123456789|Nguyễn Văn An|01011990|Nam|HN|15081989",
    CD_DOCUMENT_ERROR_INVALID_FIELD, "issue date", "“15081989” before the birth date “01011990”" },
  /* Not text at all. */
  { "001090012345|123456789|Nguy\xe1\xbb|01011990|Nam|HN|15082021",
    CD_DOCUMENT_ERROR_ENCODING, "UTF-8", NULL },
};

static void
test_refuses_what_is_not_a_card (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *bad = &bad_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(CdCitizenCard) card = NULL;

      g_test_message ("case %u", i);
      card = cd_citizen_card_parse_qr (bad->payload, &error);
      g_assert_null (card);
      g_assert_error (error, CD_DOCUMENT_ERROR, bad->code);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "The card's QR code "));
      g_assert_nonnull (strstr (error->message, bad->field));
      if (bad->value != NULL)
        g_assert_nonnull (strstr (error->message, bad->value));
    }
}

/* The example of the issue: a birth date that is no day is named with its value. */
static void
test_birth_date_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCitizenCard) card =
    cd_citizen_card_parse_qr ("001090012345|123456789|Nguyễn Văn An|31021990|Nam|HN|15082021",
                              &error);

  g_assert_null (card);
  g_assert_cmpstr (error->message, ==,
                   "The card's QR code has a birth date “31021990” that is not a date");
}

static void
test_refuses_a_long_scan (void)
{
  g_autoptr(GString) payload = g_string_new (AN_PAYLOAD);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCitizenCard) card = NULL;

  while (payload->len <= CD_CITIZEN_CARD_QR_MAX_LENGTH)
    g_string_append (payload, "|more");
  card = cd_citizen_card_parse_qr (payload->str, &error);
  g_assert_null (card);
  g_assert_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_TOO_LARGE);
}

/* Only a scan has a "|": an ID typed by hand, whole or not, is not a payload. */
static void
test_tells_a_scan_from_a_typed_id (void)
{
  g_assert_true (cd_citizen_card_is_qr_payload (AN_PAYLOAD));
  g_assert_true (cd_citizen_card_is_qr_payload ("001090012345|"));
  g_assert_false (cd_citizen_card_is_qr_payload ("001090012345"));
  g_assert_false (cd_citizen_card_is_qr_payload ("0010"));
  g_assert_false (cd_citizen_card_is_qr_payload (""));
  g_assert_false (cd_citizen_card_is_qr_payload (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/citizen-card/reads-a-card", test_reads_a_card);
  g_test_add_func ("/citizen-card/empty-old-id", test_empty_old_id);
  g_test_add_func ("/citizen-card/scanner-noise", test_scanner_noise);
  g_test_add_func ("/citizen-card/nfd-is-composed", test_nfd_is_composed);
  g_test_add_func ("/citizen-card/refuses-what-is-not-a-card", test_refuses_what_is_not_a_card);
  g_test_add_func ("/citizen-card/birth-date-message", test_birth_date_message);
  g_test_add_func ("/citizen-card/refuses-a-long-scan", test_refuses_a_long_scan);
  g_test_add_func ("/citizen-card/tells-a-scan-from-a-typed-id",
                   test_tells_a_scan_from_a_typed_id);

  return g_test_run ();
}
