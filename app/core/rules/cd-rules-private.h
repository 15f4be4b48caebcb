/* cd-rules-private.h — what the per-benefit rule files share inside the engine. */
#pragma once

#include "cd-calendar.h"
#include "cd-rules-engine.h"

G_BEGIN_DECLS

/* One evaluation in progress. */
typedef struct
{
  CdRulePack    *pack;
  const CdFacts *facts;
  CdResult      *result;
} CdEval;

/* Sets an exit-2 error naming the field. */
gboolean cd_eval_invalid             (GError       **error,
                                      const char    *format,
                                      ...) G_GNUC_PRINTF (2, 3);

/* A parameter in force on `day`; under options.assume_missing_parameter, a value that has run
 * out is carried on and named (policy.parameter_assumed). */
gboolean cd_eval_lookup              (CdEval        *ev,
                                      const char    *name,
                                      CdDay          day,
                                      CdRational    *out,
                                      const char   **out_citation,
                                      GError       **error);
gboolean cd_eval_param               (CdEval        *ev,
                                      const char    *name,
                                      CdDay          day,
                                      CdRational    *out,
                                      GError       **error);
gboolean cd_eval_param_int           (CdEval        *ev,
                                      const char    *name,
                                      CdDay          day,
                                      int           *out,
                                      GError       **error);

/* The working-day test for the claimant's employer; names the POLICY that decided a day, if any. */
gboolean cd_eval_is_working_day      (CdEval        *ev,
                                      CdDay          day,
                                      gboolean      *out_working,
                                      GError       **error);

/* A current participant is required: otherwise refuses (claimant.not_insured), returns FALSE. */
gboolean cd_eval_require_insured     (CdEval        *ev);

/* Notes an event before Law 41 came into force. */
void     cd_eval_note_event          (CdEval        *ev,
                                      CdDay          day);

/* Sickness base: capped SI salary of the last contributed month before the leave's month. */
gboolean cd_eval_sickness_base       (CdEval        *ev,
                                      CdDay          start,
                                      CdDay          end,
                                      CdRational    *out,
                                      GError       **error);

/* Maternity base: average of the 6 most recent contributed months before the leave (capped). */
gboolean cd_eval_maternity_average   (CdEval        *ev,
                                      GArray        *contributions,
                                      const char    *field,
                                      CdDay          start,
                                      CdRational    *out,
                                      GError       **error);

/* The same for the mother's own birth (childbirth, surrogate, loss treated as a birth): a birth
 * month that is in her eligibility window counts in the average when the leave starts in it. */
gboolean cd_eval_birth_average       (CdEval        *ev,
                                      CdDay          start,
                                      CdDay          birth,
                                      CdRational    *out,
                                      GError       **error);

/* Contributed months in the `window` months before `event`, with the 15th-of-month edge. */
int      cd_eval_months_in_window    (GArray        *contributions,
                                      CdDay          event,
                                      int            window);

/* Whether the claimant meets a childbirth condition of section 5.1 for an event on `event`. */
gboolean cd_eval_birth_condition     (CdEval        *ev,
                                      CdDay          event,
                                      gboolean       infertility_treatment,
                                      gboolean       pregnancy_rest,
                                      gboolean      *out_met,
                                      GError       **error);

/* children × multiple × RL of the month of `day`. */
gboolean cd_eval_lump_sum            (CdEval        *ev,
                                      CdDay          day,
                                      int            children,
                                      gint64        *out,
                                      GError       **error);

/* A line paid in whole months and odd days, from … to (base × months + base ÷ 30 × odd). */
gboolean cd_eval_months_line         (CdEval        *ev,
                                      const char    *code,
                                      CdDay          from,
                                      CdDay          to,
                                      CdRational     base,
                                      GError       **error);

/* A line paid per day at base × rate ÷ divisor × days (day_halves / 2). */
void     cd_eval_days_line           (CdEval        *ev,
                                      const char    *code,
                                      CdDay          from,
                                      CdDay          to,
                                      int            day_halves,
                                      CdUnit         unit,
                                      CdRational     base,
                                      CdRational     rate,
                                      int            divisor);

/* Unpaid working days gathered into one period per reason while a part or visit is walked. */
typedef struct
{
  const char *code;
  CdDay       from;
  CdDay       to;
  int         day_halves;
} CdUnpaidRun;

void     cd_eval_unpaid_run_add      (CdEval        *ev,
                                      CdUnpaidRun   *run,
                                      const char    *code,
                                      CdDay          day);
void     cd_eval_unpaid_run_flush    (CdEval        *ev,
                                      CdUnpaidRun   *run);

/* The per-benefit rules, one file each. */
gboolean cd_rules_sickness               (CdEval *ev, GError **error);
gboolean cd_rules_child_sickness         (CdEval *ev, GError **error);
gboolean cd_rules_recovery_after_sickness  (CdEval *ev, GError **error);
gboolean cd_rules_recovery_after_maternity (CdEval *ev, GError **error);
gboolean cd_rules_prenatal_checkup       (CdEval *ev, GError **error);
gboolean cd_rules_pregnancy_loss         (CdEval *ev, GError **error);
gboolean cd_rules_contraception          (CdEval *ev, GError **error);
gboolean cd_rules_childbirth             (CdEval *ev, GError **error);
gboolean cd_rules_childbirth_takeover    (CdEval *ev, GError **error);
gboolean cd_rules_father_leave           (CdEval *ev, GError **error);
gboolean cd_rules_lump_sum_father        (CdEval *ev, GError **error);
gboolean cd_rules_surrogacy              (CdEval *ev, GError **error);
gboolean cd_rules_commissioning_mother   (CdEval *ev, GError **error);
gboolean cd_rules_adoption               (CdEval *ev, GError **error);
gboolean cd_rules_voluntary_maternity    (CdEval *ev, GError **error);

/* The mother's childbirth leave period (shared by childbirth and the takeover). */
gboolean cd_rules_childbirth_period      (CdEval *ev,
                                          CdDay  *out_start,
                                          CdDay  *out_end,
                                          const char **out_code,
                                          GError **error);

G_END_DECLS
