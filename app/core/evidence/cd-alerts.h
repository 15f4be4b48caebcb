/* cd-alerts.h — anomaly alerts: patterns across the whole store that an office should look at.
 *
 * The detector reads documents, persons, claims and contributions and writes one `alerts` row per
 * pattern found (docs/alerts.md), each explained in Vietnamese and English with the claims and
 * documents behind it. An alert never blocks anything: it is for a person to look at. Scanning
 * again updates the rows it finds again and keeps their state and note.
 */
#pragma once

#include <gio/gio.h>

#include "cd-database.h"
#include "cd-session.h"

G_BEGIN_DECLS

#define CD_ALERTS_ERROR (cd_alerts_error_quark ())

typedef enum
{
  CD_ALERTS_ERROR_QUERY,      /* SQLite failed */
  CD_ALERTS_ERROR_NOT_FOUND,  /* no alert with that id */
  CD_ALERTS_ERROR_INVALID,    /* a norm below 1 */
} CdAlertsError;

GQuark cd_alerts_error_quark (void);

typedef enum
{
  CD_ALERT_NEW,
  CD_ALERT_LOOKED_AT,
  CD_ALERT_EXPLAINED,
  CD_ALERT_REFERRED,   /* referred for inspection */
} CdAlertState;

/* "new", "looked_at", "explained", "referred". */
const char *cd_alert_state_to_string   (CdAlertState  state);
gboolean    cd_alert_state_from_string (const char   *name,
                                        CdAlertState *state);

/* The office's norm of leave certificates one facility issues in a day: more than this raises
 * facility.leave_volume. An administrator sets it (cd_alerts_set_facility_norm, `claimdesk-cli
 * alerts set-norm`). */
#define CD_SETTING_ALERT_FACILITY_NORM "alerts.facility_daily_norm"
#define CD_DEFAULT_ALERT_FACILITY_NORM 40
/* The office's norm of leave certificates one doctor (MA_BS) signs in a day: more than this raises
 * doctor.leave_volume. An administrator sets it (cd_alerts_set_doctor_norm, `claimdesk-cli alerts
 * set-norm --doctor`). 35 is the office's starting point, not a figure read in the Ministry of
 * Health's examination guideline (QĐ 1313/QĐ-BYT, not found): docs/alerts.md. */
#define CD_SETTING_ALERT_DOCTOR_NORM "alerts.doctor_daily_norm"
#define CD_DEFAULT_ALERT_DOCTOR_NORM 35
/* The most days one sick-leave certificate may give (Circular 56/2017/TT-BYT Art. 20 as amended by
 * Circular 18/2022/TT-BYT; MoH dispatch 1492/KCB-PHCN&GĐ, 2021): more raises
 * certificate.long_leave. */
#define CD_ALERT_CERTIFICATE_MAX_DAYS 30
/* A month without contributions is off work unpaid when the leave in it is shorter than this: a
 * worker who does not work and is not paid for 14 working days or more of a month contributes
 * nothing for it (Law on Social Insurance), sick leave of that length included. */
#define CD_ALERT_UNPAID_MONTH_DAYS 14
/* Far more than its peers: above this many times the peers' 99th percentile of certificates per
 * facility and day, once at least CD_ALERT_PEER_MIN_DAYS facility-days are known. */
#define CD_ALERT_PEER_FACTOR   3
#define CD_ALERT_PEER_MIN_DAYS 100

typedef struct
{
  gint64        id;
  char         *kind;            /* "leave.overlap"… (docs/alerts.md) */
  char         *subject_kind;    /* "person", "si_code", "facility", "certificate", "doctor" */
  char         *subject;         /* a personal ID, an SI code, a facility's or doctor's code, or
                                  * a certificate's serial */
  char         *detail;          /* what tells two alerts of one kind and subject apart, or "" */
  char         *claims;          /* JSON array of claim numbers */
  char         *documents;       /* JSON array of document ids */
  char         *explanation_vi;
  char         *explanation_en;
  char         *first_seen;      /* ISO 8601 UTC */
  char         *last_seen;
  CdAlertState  state;
  char         *note;            /* or NULL */
  gint64        changed_by;      /* user id, 0 if never changed */
  char         *changed_at;      /* or NULL */
} CdAlert;

void cd_alert_free (CdAlert *alert);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdAlert, cd_alert_free)

typedef struct
{
  guint n_found;  /* alerts this scan found (new or again) */
  guint n_new;    /* of which not in the store before */
} CdAlertScan;

/* The norm of leave certificates per facility and day (the setting, else the default). */
gint64     cd_alerts_get_facility_norm (CdDatabase    *db);

/* Sets the norm (at least 1), by an administrator, audited as a settings change. */
gboolean   cd_alerts_set_facility_norm (CdDatabase    *db,
                                        CdSession     *admin,
                                        gint64         norm,
                                        GError       **error);

/* The norm of leave certificates per doctor and day (the setting, else the default). */
gint64     cd_alerts_get_doctor_norm   (CdDatabase    *db);

/* Sets it (at least 1), by an administrator, audited as a settings change. */
gboolean   cd_alerts_set_doctor_norm   (CdDatabase    *db,
                                        CdSession     *admin,
                                        gint64         norm,
                                        GError       **error);

/* Scans the whole store in one transaction on the writer `db`. */
gboolean   cd_alerts_scan              (CdDatabase    *db,
                                        CdAlertScan   *scan,
                                        GError       **error);

/* The same on the shared writer's thread (cd_database_run_in_thread), for the window: a scan of a
 * big store takes seconds. */
void       cd_alerts_scan_async        (CdDatabase           *writer,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean   cd_alerts_scan_finish       (GAsyncResult         *result,
                                        CdAlertScan          *scan,
                                        GError              **error);

/* The stored alerts, newest first; all of them when `any_state`, else those in `state`. An array
 * of CdAlert, or NULL with `error` set. */
GPtrArray *cd_alerts_list              (CdDatabase    *db,
                                        gboolean       any_state,
                                        CdAlertState   state,
                                        GError       **error);

/* Moves an alert to `state` with `note` (NULL keeps the note), by a supervisor or administrator,
 * with its audit entry in the same transaction. Setting the state it is already in with the same
 * note changes nothing and writes no entry. */
gboolean   cd_alerts_set_state         (CdDatabase    *db,
                                        CdSession     *session,
                                        gint64         alert_id,
                                        CdAlertState   state,
                                        const char    *note,
                                        GError       **error);

/* The same on the shared writer's thread, for the window. */
void       cd_alerts_set_state_async   (CdDatabase           *writer,
                                        CdSession            *session,
                                        gint64                alert_id,
                                        CdAlertState          state,
                                        const char           *note,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean   cd_alerts_set_state_finish  (GAsyncResult         *result,
                                        GError              **error);

/* One document behind an alert, as the alerts view names it. */
typedef struct
{
  gint64  id;
  char   *kind;           /* documents.kind: "leave_certificate", "citizen"… */
  char   *source_system;  /* "medical", "population"… */
  char   *fetched_at;     /* ISO 8601 UTC */
  char   *claim_number;   /* the claim it was fetched for, or NULL */
} CdAlertDocument;

void       cd_alert_document_free      (CdAlertDocument *document);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdAlertDocument, cd_alert_document_free)

/* The documents the alert names that are still stored, in the alert's order: an array of
 * CdAlertDocument, or NULL with `error` set. */
GPtrArray *cd_alerts_documents         (CdDatabase    *db,
                                        const CdAlert *alert,
                                        GError       **error);

/* Whether `session` may see `alert`: supervisors and administrators see every alert, an officer
 * those naming one of the claims they work (officer_id). An alert names claims by number. */
gboolean   cd_alerts_can_see           (CdDatabase    *db,
                                        CdSession     *session,
                                        const CdAlert *alert);

/* The alerts `session` may see (cd_alerts_can_see), as cd_alerts_list. */
GPtrArray *cd_alerts_list_for          (CdDatabase    *db,
                                        CdSession     *session,
                                        gboolean       any_state,
                                        CdAlertState   state,
                                        GError       **error);

/* How many alerts are still new that `officer_id` may see (cd_alerts_can_see: an officer those
 * naming their claims), or every new alert when `officer_id` is -1: the sidebar's badge. */
gboolean   cd_alerts_count_new         (CdDatabase    *db,
                                        gint64         officer_id,
                                        gint64        *count,
                                        GError       **error);

/* How many alerts name the claim `number` (any state): for a claim's findings. -1 on failure. */
gint64     cd_alerts_count_for_claim   (CdDatabase    *db,
                                        const char    *number,
                                        GError       **error);

/* One state change of an alert, read back from its audit entry. */
typedef struct
{
  char         *at;
  gint64        user_id;
  char         *user_name;   /* the account's full name, or NULL */
  char         *state_before;
  char         *state_after;
  char         *note;        /* the note after the change, or NULL */
} CdAlertChange;

void       cd_alert_change_free        (CdAlertChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdAlertChange, cd_alert_change_free)

/* The alert's state changes from the audit log, oldest first: an array of CdAlertChange. */
GPtrArray *cd_alerts_history           (CdDatabase    *db,
                                        gint64         alert_id,
                                        GError       **error);

G_END_DECLS
