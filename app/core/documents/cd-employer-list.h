/* cd-employer-list.h — the employer's list of claims (Mẫu 01B-HSB) in its I-VAN envelope.
 *
 * The envelope is Hoso/NoiDung {ThongTinDonVi, ThongTinHoSo {…, ToKhais/FileToKhai[]}} signed by
 * the unit at Hoso/CKy_Dvi; the list is the FileToKhai whose MaToKhai is the layout's form, a
 * base64 M01B-HSB document (docs/documents.md, "Employer lists"). Which column of the form is which
 * field of a row is data, not code: the layout (data/lists/01b-hsb.json), so that a new version of
 * the form is a data change.
 *
 * The list as a whole is refused (a CD_DOCUMENT_ERROR naming the source) when it cannot be trusted
 * to be a list at all: unsafe XML, wrong root, no unit, an unknown dossier code, a bad period, no
 * form, bad base64, too many rows. A row that cannot be read is kept, with its raw cells and its
 * problems named by row and column: one bad row never loses the others.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-trust-store.h"
#include "cd-xmldsig.h"

G_BEGIN_DECLS

/* A list holds at most this many rows (Part 1 and Part 2 together). */
#define CD_EMPLOYER_LIST_MAX_ROWS 5000
/* One cell holds at most this many bytes. */
#define CD_EMPLOYER_LIST_MAX_CELL 1024

typedef struct _CdEmployerListLayout CdEmployerListLayout;

typedef enum
{
  CD_EMPLOYER_LIST_PART_NEW = 1,         /* Part 1: new claims */
  CD_EMPLOYER_LIST_PART_ADJUSTMENT = 2,  /* Part 2: adjustments to claims already decided */
} CdEmployerListPart;

typedef struct
{
  char *column;   /* the form's column ("A", "1", "D"), or "section" */
  char *message;  /* translated, names the row and column */
} CdEmployerListProblem;

typedef struct
{
  CdEmployerListPart part;
  guint              number;     /* column A; 0 when unreadable */
  guint              position;   /* 1-based position in its part, whatever column A says */
  char              *section;    /* Part 1: "A.I", "B.III"…; NULL in Part 2 */
  char              *benefit;    /* cd_benefit_to_string name from the section; NULL if unknown */
  char              *case_code;  /* the section's sub-case, e.g. "OM_THUONG"; NULL if unknown */
  char              *name;       /* column B */
  char              *si_code;    /* column 1, when it is a valid SI number */
  char              *from;       /* column 2 as YYYY-MM-DD (Part 1) */
  char              *to;         /* column 3 as YYYY-MM-DD (Part 1) */
  JsonObject        *fields;     /* every typed field, by the layout's field names */
  JsonObject        *cells;      /* the raw cell texts, by column */
  GPtrArray         *problems;   /* CdEmployerListProblem */
} CdEmployerListRow;

typedef struct
{
  char              *source;
  /* ThongTinDonVi */
  char              *unit_code;      /* MaSoBHXH */
  char              *unit_name;      /* TenDoiTuong */
  char              *tax_code;       /* MaSoThue, may be NULL */
  char              *signer_name;    /* NguoiKy, may be NULL */
  char              *phone;          /* DienThoai, may be NULL */
  /* ThongTinHoSo */
  char              *procedure;      /* TenThuTuc, may be NULL */
  char              *dossier_code;   /* MaThuTuc: 630a, 630b or 630c (the layout's dossiers) */
  char              *period;         /* KyKeKhai as YYYY-MM */
  char              *created;        /* NgayLap as YYYY-MM-DD, may be NULL */
  /* the form's header */
  guint              batch;          /* 0 when absent */
  guint              month;
  guint              year;
  char              *unit_account;   /* may be NULL */
  char              *unit_bank;
  char              *unit_branch;
  GPtrArray         *rows;           /* CdEmployerListRow, Part 1 then Part 2 */
  /* the unit's signature on the envelope */
  gboolean           signature_checked;  /* FALSE when no trust store was given */
  CdSignatureStatus  signature_status;
  char              *signer;             /* the certificate subject, may be NULL */
  char              *signature_reason;   /* why not valid, may be NULL */
} CdEmployerList;

/* The layout of a list form: which column is which field, the sections and the dossier codes. */
CdEmployerListLayout *cd_employer_list_layout_load        (const char            *path,
                                                           GError               **error);
/* The shipped layout, <data dir>/lists/01b-hsb.json, loaded once per process. Not to be freed. */
CdEmployerListLayout *cd_employer_list_layout_get_default (GError               **error);
void                  cd_employer_list_layout_free        (CdEmployerListLayout  *layout);
const char           *cd_employer_list_layout_get_form    (CdEmployerListLayout  *layout);

/* Parses an envelope. `layout` NULL means the default; `store` NULL means the signature is not
 * checked (signature_checked FALSE). */
CdEmployerList       *cd_employer_list_parse              (CdEmployerListLayout  *layout,
                                                           CdTrustStore          *store,
                                                           const char            *data,
                                                           gsize                  length,
                                                           const char            *source,
                                                           GError               **error);
void                  cd_employer_list_free               (CdEmployerList        *list);
/* How many rows have at least one problem. */
guint                 cd_employer_list_count_problem_rows (CdEmployerList        *list);

/* {"part": 1, "number": 3, "section": "A.I", "benefit": …, "fields": {…}, "cells": {…},
 * "problems": [{"column": "2", "message": …}]} */
JsonNode             *cd_employer_list_row_to_json        (const CdEmployerListRow *row);
/* The list's header and signature with "rows": [...]. */
JsonNode             *cd_employer_list_to_json            (CdEmployerList        *list);
const char           *cd_employer_list_part_to_string     (CdEmployerListPart     part);

/* Building (the reference gateway and the tests): the envelope around an M01B-HSB body, with an
 * empty CKy_Dvi, ready for cd_employer_list_sign. */
typedef struct
{
  const char *unit_code;
  const char *unit_name;
  const char *tax_code;
  const char *signer_name;
  const char *phone;
  const char *dossier_code;
  const char *period;      /* YYYY-MM */
  const char *created;     /* YYYY-MM-DD */
} CdEmployerListEnvelope;

GBytes               *cd_employer_list_build_envelope     (const CdEmployerListEnvelope *info,
                                                           const char            *form,
                                                           const char            *body,
                                                           gsize                  length);
/* Signs the envelope inside Hoso/CKy_Dvi (enveloped profile) and returns the signed bytes. */
GBytes               *cd_employer_list_sign               (CdSigningKey          *key,
                                                           GBytes                *envelope,
                                                           GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdEmployerList, cd_employer_list_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdEmployerListLayout, cd_employer_list_layout_free)

G_END_DECLS
