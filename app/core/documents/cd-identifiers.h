/* cd-identifiers.h — the identifiers and compact dates of the Vietnamese formats, validated.
 *
 * Every check returns FALSE with a CD_DOCUMENT_ERROR_INVALID_FIELD error that quotes the value and
 * says which rule it broke; the caller prefixes the document and field.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CD_PERSON_DOC_PERSONAL_ID,  /* 12-digit personal identification number (CCCD / số định danh) */
  CD_PERSON_DOC_OLD_ID,       /* 9-digit identity card (CMND) */
  CD_PERSON_DOC_PASSPORT,     /* 8-character passport number */
} CdPersonDocType;

typedef enum
{
  CD_DATE_PRECISION_YEAR,     /* month and day unknown (written 00) */
  CD_DATE_PRECISION_MONTH,    /* day unknown */
  CD_DATE_PRECISION_DAY,
  CD_DATE_PRECISION_MINUTE,   /* yyyyMMddHHmm */
  CD_DATE_PRECISION_SECOND,   /* yyyyMMddHHmmss, seen in some 2025 documents */
} CdDatePrecision;

/* A date as the formats write it: parts may be unknown (00). */
typedef struct
{
  int             year;
  int             month;   /* 0 when unknown */
  int             day;     /* 0 when unknown */
  int             hour;
  int             minute;
  int             second;
  CdDatePrecision precision;
} CdPartialDate;

gboolean    cd_identifier_check_personal_id  (const char       *text,
                                              GError          **error);
gboolean    cd_identifier_check_person_doc   (const char       *text,
                                              CdPersonDocType  *out_type,
                                              GError          **error);
const char *cd_person_doc_type_to_string     (CdPersonDocType   type);
gboolean    cd_identifier_check_si_code      (const char       *text,
                                              GError          **error);
gboolean    cd_identifier_check_health_card  (const char       *text,
                                              GError          **error);
gboolean    cd_identifier_check_facility     (const char       *text,
                                              GError          **error);
gboolean    cd_identifier_check_icd10        (const char       *text,
                                              GError          **error);
/* An ICD-10 code, optionally followed by the dagger (†) or asterisk (*) of the dual
 * classification, as the MoH code lists write it: G55.2*, A17.0†. */
gboolean    cd_identifier_check_icd10_marked (const char       *text,
                                              GError          **error);
/* The code without its dagger or asterisk (a new string): G55.2* → G55.2. */
char       *cd_identifier_icd10_without_mark (const char       *text);

/* Personal-ID facts: the birth year and sex the century/sex digit encodes. */
int         cd_personal_id_get_birth_year    (const char       *personal_id);
gboolean    cd_personal_id_is_female         (const char       *personal_id);

/* yyyyMMdd, yyyyMMddHHmm or yyyyMMddHHmmss, with 00 for an unknown month or day. */
gboolean    cd_date_parse_compact            (const char       *text,
                                              CdPartialDate    *out_date,
                                              GError          **error);
/* dd/MM/yyyy, as the civil-status system writes dates. */
gboolean    cd_date_parse_dmy                (const char       *text,
                                              CdPartialDate    *out_date,
                                              GError          **error);
/* ISO 8601 at the date's precision: 2024, 2024-03, 2024-03-05, 2024-03-05T08:30, …T08:30:15. */
char       *cd_partial_date_to_iso           (const CdPartialDate *date);
/* -1, 0, 1 comparing what both know; unknown parts count as the earliest. */
int         cd_partial_date_compare          (const CdPartialDate *a,
                                              const CdPartialDate *b);

G_END_DECLS
