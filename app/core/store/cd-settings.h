/* cd-settings.h — the `settings` table: typed values by key, with defaults.
 *
 * The one module that reads or writes the table. What a setting means belongs to its user: the
 * office's rules (workflow/cd-office-settings.h: office code, idle lock, approval threshold, and
 * their defaults), the letters (office.parent), the seeder (world.*), the backups
 * (workflow/cd-store-backup.h: folder, how many to keep, the last one; store/cd-backup.h: the
 * summary a backup file carries of itself). Values are stored as text;
 * an integer that does not parse reads as the caller's default, as a missing one does.
 */
#pragma once

#include "cd-database.h"

G_BEGIN_DECLS

/* The keys in use, so that no two modules spell one differently. */
#define CD_SETTING_OFFICE_CODE        "office.code"        /* this office's code, e.g. BHXH-079-BT */
#define CD_SETTING_OFFICE_PARENT      "office.parent"      /* the body above it, for letters */
#define CD_SETTING_IDLE_LOCK_MINUTES  "idle_lock_minutes"  /* 0: never lock */
#define CD_SETTING_APPROVAL_THRESHOLD "approval_threshold" /* VND; above it, two supervisors */
#define CD_SETTING_WORLD_SEED         "world.seed"         /* a seeded store's world */
#define CD_SETTING_WORLD_PEOPLE       "world.people"
#define CD_SETTING_WORLD_REFERENCE_DAY "world.reference_day" /* YYYY-MM-DD it is dated to */
#define CD_SETTING_WORLD_WORKLOAD     "world.workload"     /* "stress" or "office" */
/* The workstation's connection to central (setup/cd-office-setup.h): none of them is a secret. */
#define CD_SETTING_SETUP_CENTRAL_URL      "setup.central_url"     /* where it enrolled */
#define CD_SETTING_SETUP_OFFICE_CODE      "setup.office.code"     /* the enrolled office */
#define CD_SETTING_SETUP_OFFICE_NAME      "setup.office.name"
#define CD_SETTING_SETUP_OFFICE_PROVINCE  "setup.office.province"
#define CD_SETTING_SETUP_CREDENTIAL_ID    "setup.credential_id"   /* the keyring holds the secret */
#define CD_SETTING_SETUP_ENROLLED_AT      "setup.enrolled_at"
#define CD_SETTING_SETUP_ENDPOINT_PREFIX  "setup.endpoint."       /* + cd_system_to_string */
#define CD_SETTING_SETUP_DOCUMENT_SERIAL  "setup.document.serial"
#define CD_SETTING_SETUP_DOCUMENT_ISSUED  "setup.document.issued_at"
#define CD_SETTING_SETUP_DOCUMENT_SHA256  "setup.document.sha256"
#define CD_SETTING_SETUP_DOCUMENT_SIGNER  "setup.document.signer"
#define CD_SETTING_SETUP_DOCUMENT_APPLIED "setup.document.applied_at"
#define CD_SETTING_SETUP_ANCHORS          "setup.anchors"         /* JSON [{"pem","source"}] */

#define CD_SETTING_BACKUP_FOLDER      "backup.folder"      /* where the daily backups go */
#define CD_SETTING_BACKUP_KEEP        "backup.keep"        /* how many daily backups are kept */
#define CD_SETTING_BACKUP_LAST        "backup.last_at"     /* ISO 8601 UTC of the last good one */
#define CD_SETTING_BACKUP_SUMMARY     "backup.summary"     /* in a backup file only: JSON about it */

/* Deferred verification of paper evidence (workflow/cd-office-settings.h, "paper rules"). */
#define CD_SETTING_PAPER_APPROVAL     "paper.unverified_approval" /* "allow" or "refuse" */
#define CD_SETTING_PAPER_THRESHOLD    "paper.second_supervisor_threshold" /* VND */
#define CD_SETTING_PAYOUT_ALIVE_DAYS  "payout.alive_max_age_days" /* 0: no re-verification */
#define CD_SETTING_EVIDENCE_STALE_DAYS "evidence.stale_days"      /* re-fetch after this many */
/* Review sampling (cd-review.h), set by the office head or an administrator. */
#define CD_SETTING_REVIEW_ENABLED       "review.enabled"               /* "on" or "off" */
#define CD_SETTING_REVIEW_NEW_DECISIONS "review.new_officer_decisions" /* fewer: all reviewed */
#define CD_SETTING_REVIEW_NEW_MONTHS    "review.new_officer_months"    /* younger: all reviewed */
#define CD_SETTING_REVIEW_SHARE         "review.share_percent"         /* of the others, drawn */
#define CD_SETTING_REVIEW_SCORE         "review.score_threshold"       /* at or above: always */
#define CD_SETTING_REVIEW_KEY           "review.sampling_key"          /* 32 bytes, hex */

/* The value of `key`, or a copy of `default_value` when it is not set. If the table cannot be
 * read, `error` is set and the default comes back too, so a caller that can go on without the
 * setting may pass NULL. */
char     *cd_settings_dup_text   (CdDatabase  *db,
                                  const char  *key,
                                  const char  *default_value,
                                  GError     **error);
gint64    cd_settings_get_int64  (CdDatabase  *db,
                                  const char  *key,
                                  gint64       default_value,
                                  GError     **error);

/* Sets (or replaces) one value. Inside the caller's transaction if one is open. */
gboolean  cd_settings_set_text   (CdDatabase  *db,
                                  const char  *key,
                                  const char  *value,
                                  GError     **error);
gboolean  cd_settings_set_int64  (CdDatabase  *db,
                                  const char  *key,
                                  gint64       value,
                                  GError     **error);
/* Removes `key` (TRUE if it was not set either). Inside the caller's transaction if one is open. */
gboolean  cd_settings_unset      (CdDatabase  *db,
                                  const char  *key,
                                  GError     **error);

G_END_DECLS
