/* cd-fact-schema.h — which facts an officer confirms for each benefit: paths, kinds and labels.
 *
 * The new-claim form shows, for the case the officer chose, the claimant's and employer's facts
 * every benefit shares and then the facts of that benefit's case, each as a row of its kind. This
 * table is the one place that says which those are; the facts parser (cd-facts.c, cd-facts-case.c)
 * stays the one place that says what they mean. tests/test-fact-schema.c checks that the parser
 * reads every path named here as the kind named here, so the form cannot offer a fact the engine
 * would ignore or read as something else.
 *
 * Only the benefits case detection proposes have a form (cd-case-detect.c); the others have no
 * case fields yet.
 */
#pragma once

#include <glib.h>

#include "cd-claim-types.h"

G_BEGIN_DECLS

typedef enum
{
  CD_FACT_TEXT,         /* a string: a word the engine knows ("female", "illness") or an ID */
  CD_FACT_DATE,         /* "YYYY-MM-DD" */
  CD_FACT_INT,          /* a whole number */
  CD_FACT_BOOL,
  CD_FACT_PERIOD_FROM,  /* the path names a list of {from, to}: the first item's "from" */
  CD_FACT_PERIOD_TO,    /* … and the first item's "to" */
} CdFactKind;

typedef struct
{
  const char *path;   /* dotted, from the root of claimdesk-facts-1: "case.leave_from" */
  CdFactKind  kind;
  const char *label;  /* untranslated: cd_fact_field_get_label translates it */
} CdFactField;

/* The facts every form shows first: the claimant's and the employer's. */
const CdFactField *cd_fact_schema_get_common_fields (guint              *n_fields);
/* The case facts of `benefit`'s form, in the order the form shows them; NULL (and 0) for a
 * benefit that has no form yet. */
const CdFactField *cd_fact_schema_get_case_fields   (CdBenefit           benefit,
                                                     guint              *n_fields);

/* The field's name for people, translated. */
const char        *cd_fact_field_get_label          (const CdFactField  *field);
/* Where the field's value is, as the parser's messages name it: the path itself, or for a
 * period's end "case.leave[0].from". */
char              *cd_fact_field_dup_value_path     (const CdFactField  *field);

G_END_DECLS
