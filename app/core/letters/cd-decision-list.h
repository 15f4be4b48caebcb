/* cd-decision-list.h — the decision list: the office's answer to an employer's list (issue 17).
 *
 * An employer sends a list of employees' claims (01B-HSB, dossier 630a/b/c); the office answers
 * with "Danh sách giải quyết hưởng …" (procedure-2026.md §1.6): the rows in the row groups of the
 * form (A sickness, B maternity by case, C recovery), what is paid for each and how, a subtotal per
 * group and the total, then each refused row with its written reason (L41 Art 48, 62). This module
 * takes that answer as plain data — no store — and writes it as an A4 landscape PDF or as a CSV.
 * The list storage and the list page fill a CdDecisionList; `claimdesk-cli render-decision-list`
 * reads one from JSON (docs/letters.md, "The decision list").
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cd-letter-types.h"

G_BEGIN_DECLS

/* The row groups, in the form's order (procedure-2026.md §1.4, "Row groups"). The pregnancy-loss
 * bands are L41's (Art 52: 22 weeks), not the QĐ 166 form's 25. */
typedef enum
{
  CD_LIST_GROUP_SICKNESS,          /* A.I   ordinary sickness */
  CD_LIST_GROUP_LONG_TERM,         /* A.II  listed long-term disease */
  CD_LIST_GROUP_SICK_CHILD,        /* A.III caring for a sick child */
  CD_LIST_GROUP_PRENATAL,          /* B.I   prenatal check-ups */
  CD_LIST_GROUP_LOSS_LT5W,         /* B.II  pregnancy loss, under 5 weeks */
  CD_LIST_GROUP_LOSS_5TO13W,       /*       5 to under 13 weeks */
  CD_LIST_GROUP_LOSS_13TO22W,      /*       13 to under 22 weeks */
  CD_LIST_GROUP_LOSS_GE22W,        /*       22 weeks or more */
  CD_LIST_GROUP_BIRTH,             /* B.III childbirth */
  CD_LIST_GROUP_ADOPTION,          /* B.IV  adoption of a child under 6 months */
  CD_LIST_GROUP_SURROGACY,         /* B.V   surrogacy */
  CD_LIST_GROUP_MALE_EMPLOYEE,     /* B.VI  male employee whose wife gives birth */
  CD_LIST_GROUP_CONTRACEPTION,     /* B.VII contraception */
  CD_LIST_GROUP_RECOVERY,          /* C     recovery after sickness or maternity */
  CD_LIST_N_GROUPS,
} CdListGroup;

typedef enum
{
  CD_LIST_PAY_ACCOUNT,   /* to the employee's own account (column C) */
  CD_LIST_PAY_UNIT,      /* to the unit's account; the unit pays the employee ("qua đơn vị") */
} CdListPayment;

/* One row of the employer's list with the office's answer. Strings are borrowed. */
typedef struct
{
  CdListGroup    group;
  guint          number;          /* the row's number in the employer's list (column A) */
  const char    *full_name;       /* required */
  const char    *si_number;       /* required: mã số BHXH */
  const char    *from;            /* YYYY-MM-DD, first day off */
  const char    *to;              /* YYYY-MM-DD, last day off */
  guint          months;          /* maternity leave paid in months: whole months, else 0 */
  double         days;            /* the days (or with months > 0, the odd days); halves allowed */
  gint64         rate;            /* whole đồng per day, or per month when rate_monthly */
  gboolean       rate_monthly;
  gint64         amount;          /* whole đồng; counted in the totals only when accepted */
  CdListPayment  payment;
  const char    *account;         /* the employee's account number: required for ACCOUNT */
  const char    *bank;            /* the employee's bank and branch */
  gboolean       accepted;
  const char    *reason;          /* required when refused: the written reason, citing the
                                   * article */
} CdDecisionListRow;

/* Everything the decision list shows. Strings are borrowed; an absent optional one prints as the
 * dotted blank of a paper form. */
typedef struct
{
  const char     *language;       /* "vi" (default when NULL) or "en" */

  const char     *office_parent;  /* "BẢO HIỂM XÃ HỘI VIỆT NAM" when NULL */
  const char     *office_name;
  const char     *office_code;
  const char     *office_place;   /* "Hà Nội" in "Hà Nội, ngày …" */

  const char     *unit_name;      /* required */
  const char     *unit_code;
  const char     *unit_account;   /* where "via the unit" rows are paid */
  const char     *unit_bank;

  const char     *number;         /* the decision list's number: "12" prints "12/DS-<office
                                   * code>" */
  const char     *batch;          /* the employer's batch: "3" in "Đợt 3" */
  const char     *dossier_code;   /* "630a" / "630b" / "630c": chooses the title */
  const char     *period;         /* "MM/YYYY" or "YYYY-MM", the period declared */
  const char     *received_on;    /* YYYY-MM-DD */
  const char     *deadline;       /* YYYY-MM-DD, from cd_list_deadline_compute */
  const char     *decided_on;     /* YYYY-MM-DD, the date of the list */

  CdLetterSigner  preparer;       /* "NGƯỜI LẬP BIỂU" */
  CdLetterSigner  approver;       /* "GIÁM ĐỐC" unless its title says otherwise */

  GArray         *rows;           /* of CdDecisionListRow; any order (printed by group, number) */
} CdDecisionList;

/* The group's stable key ("sickness", "loss_lt5w", …; docs/letters.md) and back. */
const char *cd_list_group_to_string   (CdListGroup            group);
gboolean    cd_list_group_from_string (const char            *text,
                                       CdListGroup           *out);

/* Fills `list` from a JSON object (docs/letters.md); strings point into `object`, which must
 * outlive the list; list->rows is new and freed by cd_decision_list_clear. An error
 * (CD_LETTER_ERROR_INVALID_DATA) names the member: "rows[3].reason: …". */
gboolean    cd_decision_list_init_from_json (CdDecisionList  *list,
                                             JsonObject      *object,
                                             GError         **error);
void        cd_decision_list_clear          (CdDecisionList  *list);

/* Checks what the renderers need; the error names the field. */
gboolean    cd_decision_list_validate       (const CdDecisionList  *list,
                                             GError               **error);

/* The sum of the accepted rows' amounts, per group and overall. */
gint64      cd_decision_list_group_total    (const CdDecisionList  *list,
                                             CdListGroup            group);
gint64      cd_decision_list_total          (const CdDecisionList  *list);

/* One transfer of the payout that follows the list: the accepted rows paid to one account. */
typedef struct
{
  CdListPayment  payment;   /* ACCOUNT: one employee account; UNIT: the unit's account */
  const char    *account;   /* the employee's, or list->unit_account (NULL if the unit gave none) */
  const char    *bank;
  gint64         total;     /* the sum of the rows' amounts */
  GArray        *rows;      /* of guint: indexes into list->rows, by group and row number */
} CdListPayee;

void        cd_list_payee_free              (CdListPayee           *payee);

/* The accepted rows grouped by where the money goes (procedure-2026.md §1.8): one payee per
 * employee account (account number and bank), in the order of the list, then one for all the rows
 * paid via the unit, on the unit's account. Refused rows are left out. The totals add up to
 * cd_decision_list_total. A new array of CdListPayee (freed with it). */
GPtrArray  *cd_decision_list_group_payments (const CdDecisionList  *list);

/* The PDF (A4 landscape), written atomically: a failure leaves `path` untouched. */
gboolean    cd_decision_list_render_pdf     (const CdDecisionList  *list,
                                             const char            *path,
                                             GError               **error);
gboolean    cd_decision_list_render_to_stream (const CdDecisionList  *list,
                                               GOutputStream         *stream,
                                               GCancellable          *cancellable,
                                               GError               **error);

/* The CSV (UTF-8 with a BOM, CRLF lines; columns in docs/letters.md), written atomically. */
gboolean    cd_decision_list_write_csv      (const CdDecisionList  *list,
                                             const char            *path,
                                             GError               **error);
gboolean    cd_decision_list_csv_to_stream  (const CdDecisionList  *list,
                                             GOutputStream         *stream,
                                             GCancellable          *cancellable,
                                             GError               **error);

/* The transfers of the payout that follows the list, one line per payee of
 * cd_decision_list_group_payments, then a total line (CSV like the list's: UTF-8 with a BOM, CRLF;
 * columns in docs/letters.md), written atomically. */
gboolean    cd_decision_list_write_payments_csv     (const CdDecisionList  *list,
                                                     const char            *path,
                                                     GError               **error);
gboolean    cd_decision_list_payments_csv_to_stream (const CdDecisionList  *list,
                                                     GOutputStream         *stream,
                                                     GCancellable          *cancellable,
                                                     GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdListPayee, cd_list_payee_free)

G_END_DECLS
