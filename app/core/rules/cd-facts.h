/* cd-facts.h — the claim facts of evaluate-contract.md, parsed and checked.
 *
 * Parsing rejects what is malformed or impossible (CD_RULES_ERROR_INVALID_FACTS, exit 2) with the
 * field path first: "case.leave[0].to: date 2026-02-30 does not exist". Whether the facts earn a
 * benefit is the engine's business, not this module's: a day outside an entitlement is valid input.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-calendar.h"
#include "cd-claim-types.h"
#include "cd-date.h"

G_BEGIN_DECLS

/* CdBenefit and its names come from cd-claim-types.h: one list for the store and the rules. */

typedef enum
{
  CD_CAUSE_ILLNESS,
  CD_CAUSE_ACCIDENT,
  CD_CAUSE_COMMUTING_ACCIDENT,
  CD_CAUSE_RELAPSE,
  CD_CAUSE_ORGAN_DONATION,
  CD_CAUSE_SELF_INFLICTED,     /* excluded by Art 42(2) */
  CD_CAUSE_NARCOTICS,          /* excluded by Art 42(2) */
  CD_CAUSE_WORK_ACCIDENT_FIRST, /* the first period off after a work accident: another scheme */
} CdCause;

typedef enum
{
  CD_SICKNESS_KIND_LONG_TERM,
  CD_SICKNESS_KIND_SURGERY,
  CD_SICKNESS_KIND_OTHER,
} CdSicknessKind;

typedef enum
{
  CD_MATERNITY_KIND_MULTIPLE_BIRTH,
  CD_MATERNITY_KIND_CAESAREAN,
  CD_MATERNITY_KIND_OTHER,
} CdMaternityKind;

typedef enum
{
  CD_CONTRACEPTION_IUD,
  CD_CONTRACEPTION_STERILISATION,
} CdContraception;

typedef struct
{
  CdDay from;
  CdDay to;
} CdPeriod;

typedef struct
{
  CdDay date;
  int   minutes_absent;
  int   minutes_scheduled;
} CdPartialDay;

typedef struct
{
  CdMonth month;
  gint64  salary;
} CdContribution;

typedef struct
{
  int         sickness_wd_halves;   /* own sickness WD paid at the standard rate, in half days */
  int         sickness_days_halves; /* own sickness days paid at any rate, in half days */
  int         recovery_days;
  GHashTable *child_wd_halves;      /* child key (char *) → half days */
} CdUsageYear;

/* The `case` object: the union of every benefit's fields; each benefit reads its own. */
typedef struct
{
  /* sickness, child_sickness */
  GArray         *leave;           /* CdPeriod */
  GArray         *partial_days;    /* CdPartialDay */
  GArray         *excluded;        /* CdPeriod */
  CdCause         cause;
  gboolean        long_term_disease;
  gboolean        surgery;
  gboolean        inpatient;
  char           *child_key;
  CdDay           child_birth_date; /* also commissioning_mother, adoption */

  /* recovery */
  CdDay           last_sickness_ended_on;
  CdSicknessKind  last_sickness_kind;
  CdDay           recovery_from;
  int             recovery_days;
  CdDay           maternity_leave_ended_on;
  CdMaternityKind maternity_kind;
  gboolean        early_return;

  /* prenatal_checkup */
  GArray         *visits;          /* CdPeriod */
  int             visits_before;

  /* pregnancy_loss, contraception */
  CdDay           event_date;
  int             gestation_weeks;
  int             gestation_days;
  CdDay           leave_from;      /* also childbirth, surrogacy */
  int             leave_days;
  CdContraception method;

  /* childbirth and the births of others */
  CdDay           birth_date;
  int             children;
  int             living_children_before;      /* -1 when not given */
  int             wife_living_children_before; /* -1 when not given */
  gboolean        caesarean;
  int             weeks_at_birth;              /* 0 when not given */
  gboolean        infertility_treatment;
  gboolean        pregnancy_rest;
  CdDay           early_return_on;
  CdDay           child_died_on;
  CdDay           mother_died_on;

  /* childbirth_takeover */
  gboolean        mother_insured;
  gboolean        mother_eligible;             /* also lump_sum_father */
  CdDay           takeover_from;
  GArray         *mother_contributions;        /* CdContribution, sorted; NULL when not given */

  /* father_leave */
  GArray         *parts;           /* CdPeriod */

  /* surrogacy, commissioning_mother, adoption */
  CdDay           handover_date;
  CdDay           receipt_date;
  gboolean        surrogate_eligible;
  gboolean        other_adopter_takes_leave;

  /* voluntary_maternity */
  int             voluntary_months_in_window;
} CdCase;

typedef struct
{
  CdBenefit       benefit;
  CdDay           decided_on;      /* CD_DAY_NONE when not given */

  gboolean        sex_known;
  gboolean        female;
  gboolean        insured;
  int             si_years;
  gboolean        heavy_or_difficult;
  gboolean        armed_forces_officer;
  GArray         *contributions;   /* CdContribution, sorted by month, no duplicates */
  CdMonth         first_month;     /* CD_MONTH_NONE when null */

  CdWorkSchedule  schedule;
  GHashTable     *usage;           /* year → CdUsageYear */
  GHashTable     *documents;       /* kind → present; NULL when the facts do not say */

  /* "options": how to go on when the rule pack lacks something (docs/rules.md). Off by default:
   * the command line's exit 3 is a contract; the workstation turns them on and shows the named
   * assumption instead. */
  gboolean        assume_missing_calendar;
  gboolean        assume_missing_parameter;

  CdCase          c;
} CdFacts;

CdFacts    *cd_facts_parse_node   (JsonNode    *root,
                                   GError     **error);
CdFacts    *cd_facts_parse_data   (const char  *data,
                                   gssize       length,
                                   GError     **error);
void        cd_facts_free         (CdFacts     *self);

/* The usage of a year (an empty record when the facts give none); never NULL. */
const CdUsageYear *cd_facts_get_usage (const CdFacts *self,
                                       int            year);

/* The contribution of a month, or NULL. */
const CdContribution *cd_facts_find_contribution (GArray  *contributions,
                                                  CdMonth  month);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdFacts, cd_facts_free)

G_END_DECLS
