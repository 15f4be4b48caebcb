/* cd-result.h — the evaluation result of evaluate-contract.md, built by the engine, written as
 * JSON.
 *
 * Codes are static strings from cd-rule-texts.c; each line, unpaid period and reason gets its
 * citation (and sentences) from there, so what the result says and what docs/rules.md lists cannot
 * drift apart.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-date.h"
#include "cd-facts.h"
#include "cd-money.h"

G_BEGIN_DECLS

typedef enum
{
  CD_UNIT_WD,
  CD_UNIT_CALENDAR_DAYS,
  CD_UNIT_MONTHS,
} CdUnit;

typedef struct
{
  const char *code;
  CdDay       from;
  CdDay       to;
  int         day_halves;  /* days in half-day steps (odd days when unit is months) */
  CdUnit      unit;
  int         months;
  CdRational  base;
  CdRational  rate;
  int         divisor;
  gint64      amount;
} CdLine;

typedef struct
{
  const char *code;
  CdDay       from;
  CdDay       to;
  int         day_halves;
  CdUnit      unit;
  const char *citation;    /* more precise than the code's (static or pack-owned), or NULL */
} CdUnpaid;

typedef struct
{
  const char *kind;
  const char *why;
} CdDocument;

typedef struct
{
  CdBenefit   benefit;
  gboolean    eligible;
  GArray     *lines;        /* CdLine */
  GArray     *unpaid;       /* CdUnpaid */
  gint64      lump_sum;
  GPtrArray  *reasons;      /* const char * codes, each once */
  GPtrArray  *assumptions;  /* const char * codes, each once */
  GHashTable *notes;        /* assumption code → GPtrArray of what it is about ("2028") */
  GArray     *documents;    /* CdDocument */
  char       *rulepack;
} CdResult;

CdResult *cd_result_new            (CdBenefit    benefit,
                                    const char  *rulepack);
void      cd_result_free           (CdResult    *self);

void      cd_result_add_line       (CdResult    *self,
                                    const CdLine *line);
/* Adds unpaid days and the reason that explains them. */
void      cd_result_add_unpaid     (CdResult    *self,
                                    const char  *code,
                                    CdDay        from,
                                    CdDay        to,
                                    int          day_halves,
                                    CdUnit       unit);
/* The same, citing the precise provision that applied (e.g. the limit's paragraph). */
void      cd_result_add_unpaid_cited (CdResult  *self,
                                    const char  *code,
                                    const char  *citation,
                                    CdDay        from,
                                    CdDay        to,
                                    int          day_halves,
                                    CdUnit       unit);
void      cd_result_add_reason     (CdResult    *self,
                                    const char  *code);
void      cd_result_add_assumption (CdResult    *self,
                                    const char  *code);
/* An assumption about something named: its sentences have a "{}" that the notes fill (the years
 * with no calendar, the parameters assumed), and the JSON lists them as "about". */
void      cd_result_add_assumption_note (CdResult *self,
                                    const char  *code,
                                    const char  *note);
void      cd_result_add_document   (CdResult    *self,
                                    const char  *kind,
                                    const char  *why);
/* Not eligible: drops lines and lump sum, records why. */
void      cd_result_refuse         (CdResult    *self,
                                    const char  *code);

gint64    cd_result_get_total      (CdResult    *self);

/* `documents_present` (kind → present, or NULL) marks which required documents the facts hold. */
JsonNode *cd_result_to_json        (CdResult    *self,
                                    GHashTable  *documents_present);
char     *cd_result_to_string      (CdResult    *self,
                                    GHashTable  *documents_present,
                                    gboolean     pretty);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdResult, cd_result_free)

G_END_DECLS
