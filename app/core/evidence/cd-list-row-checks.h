/* cd-list-row-checks.h — what an employer wrote in a list row, against the evidence.
 *
 * The row is the employer's statement; the certificates, the registers and central are the
 * evidence. Each disagreement is a finding (cd-finding.h) with a stable code, shown to the officer,
 * never fixed: the evidence decides the amount, the officer decides the row.
 *
 *   list.name_mismatch        the row's name is not that of the person its SI number names
 *   list.no_certificate       no document shows the row's case over its period
 *   list.period_mismatch      the row's dates differ from the certificate's (sickness), or a
 *                             maternity leave that does not start by the birth
 *   list.days_mismatch        column 4 claims more days than the period holds
 *   list.weekly_rest_mismatch the weekly rest days of column E are not the unit's, as central has
 *   list.child_birth_mismatch the child's birth date of column D is not the register's
 *   list.duplicate_row        the same person and period earlier in this list
 *   list.already_decided      the same person, benefit and period decided before
 *
 * Pure: the batch (cd-list-batch.h) gathers the evidence, this module only compares.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-employer-lists.h"
#include "cd-finding.h"

G_BEGIN_DECLS

/* What the evidence says about a row; strings borrowed, NULL when unknown. */
typedef struct
{
  const char *person_name;       /* the name of the person the row's SI number names */
  const char *certificate_from;  /* the leave the certificate shows (sickness rows) */
  const char *certificate_to;
  gboolean    needs_certificate; /* the case rests on a document (not a recovery) */
  gboolean    has_case;          /* the documents show the row's case */
  const char *child_birth_date;  /* the register's birth date of the row's child */
  const char *birth_date;        /* a childbirth's: the day of the birth the leave follows */
  const char *event_from;        /* a check-up's, loss's or procedure's: the day the document
                                  * shows, when the leave starts */
  JsonArray  *weekly_rest;       /* the unit's weekly rest days, as central has them */
  guint       duplicate_of;      /* the number of an earlier row of this list for it, or 0 */
  const char *decided_claim;     /* the number of a decided claim for the same case, or NULL */
} CdListRowEvidence;

/* Findings (CdFinding), empty when the row agrees with the evidence. */
GPtrArray  *cd_list_row_check          (const CdStoredListRow   *row,
                                        const CdListRowEvidence *evidence);

/* The days in [from, to] that are not in `weekly_rest` ("mon" … "sun"; NULL: Saturday and
 * Sunday): what column 4 may claim at most for a sickness row. */
guint       cd_list_row_count_days     (const char              *from,
                                        const char              *to,
                                        JsonArray               *weekly_rest);

/* Whether any finding is at least a warning: such a row is not `ready`. */
gboolean    cd_list_row_findings_block (GPtrArray               *findings);

G_END_DECLS
