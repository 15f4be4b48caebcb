/* cd-paper-kinds.h — the paper documents an officer may record, and the fields of each.
 *
 * Each kind is one of the electronic kinds (a MoH table or a civil-status record) so that a paper
 * document's fields can take exactly the shape the electronic parser gives
 * (docs/paper-documents.md).
 * A field carries its MoH or civil-status name, a label for people, a type (which says how it is
 * typed and checked, and how it is stored: an ISO date, a number, a boolean…) and whether the form
 * requires it. The rules, case detection and cross-checks read these fields; nothing else is asked.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CD_PAPER_FIELD_TEXT,         /* free text: names, diagnoses */
  CD_PAPER_FIELD_CODE,         /* letters, digits and . _ - / (serials, certificate numbers) */
  CD_PAPER_FIELD_DATE,         /* YYYY-MM-DD or DD/MM/YYYY, a real calendar day; stored ISO */
  CD_PAPER_FIELD_FACILITY,     /* a 5-character health-facility code */
  CD_PAPER_FIELD_ICD10,        /* an ICD-10 code: A00, A00.1 */
  CD_PAPER_FIELD_PERSONAL_ID,  /* a 12-digit personal ID */
  CD_PAPER_FIELD_PERSON_DOC,   /* a personal ID, a 9-digit old ID or a passport number */
  CD_PAPER_FIELD_SI_CODE,      /* a 10-digit social-insurance code */
  CD_PAPER_FIELD_NUMBER,       /* a whole number, with a maximum where the form has one */
  CD_PAPER_FIELD_YES_NO,       /* yes/no (also 1/0, có/không); stored as a boolean */
  CD_PAPER_FIELD_SEX,          /* male/female/unknown (also 1/2/3, nam/nữ) */
} CdPaperFieldType;

typedef struct
{
  const char       *name;      /* the MoH or civil-status field name: "SO_SERI", "nksNgaySinh" */
  const char       *label;     /* untranslated; cd_paper_field_get_label () translates it */
  CdPaperFieldType  type;
  gboolean          required;
  int               max;       /* CD_PAPER_FIELD_NUMBER: the largest accepted value, 0 for none */
} CdPaperField;

typedef struct
{
  const char         *kind;       /* documents.kind: "leave_certificate", "birth_registration"… */
  const char         *label;      /* untranslated; cd_paper_kind_get_label () translates it */
  const char         *table;      /* the MoH table ("XML11"), NULL for a civil-status record */
  const char         *root;       /* the MoH root element, NULL for a civil-status record */
  const char         *event;      /* civil status: "birth" or "death"; NULL for a MoH table */
  const char         *system;     /* where its electronic twin comes from: medical, civil_status */
  const char         *date_field; /* the date that places it in time (claims link by it) */
  const CdPaperField *fields;     /* ended by a { NULL } entry */
} CdPaperKind;

/* Every kind, in the order a form offers them. */
const CdPaperKind  *cd_paper_kinds                  (guint                *n_kinds);
/* The kind of `kind` (documents.kind), or NULL. */
const CdPaperKind  *cd_paper_kind_find              (const char           *kind);
const CdPaperField *cd_paper_kind_find_field        (const CdPaperKind    *kind,
                                                     const char           *name);
guint               cd_paper_kind_n_fields          (const CdPaperKind    *kind);
const char         *cd_paper_kind_get_label         (const CdPaperKind    *kind);
const char         *cd_paper_field_get_label        (const CdPaperField   *field);
/* "date", "text", "code", "facility", "icd10", "personal_id", "person_doc", "si_code", "number",
 * "yes_no", "sex": the type's name in `paper kinds --json`. */
const char         *cd_paper_field_type_to_string   (CdPaperFieldType      type);
/* How a person types it, translated: "YYYY-MM-DD or DD/MM/YYYY", "5 characters, e.g. 79001"… */
const char         *cd_paper_field_type_get_hint    (CdPaperFieldType      type);

G_END_DECLS
