/* cd-office-settings.h — the office's rules kept in the store: the office code, the idle time
 * before a session locks, and the amount above which two supervisors must approve.
 *
 * They live in the database (table settings), not in one workstation's preferences, because core
 * enforces them for everyone who opens the store. Only an administrator changes them, and each
 * change is in the audit log with the values before and after.
 */
#pragma once

#include "cd-database.h"
#include "cd-session.h"

G_BEGIN_DECLS

#define CD_OFFICE_SETTINGS_ERROR (cd_office_settings_error_quark ())

typedef enum
{
  CD_OFFICE_SETTINGS_ERROR_INVALID,  /* a value out of range */
  CD_OFFICE_SETTINGS_ERROR_FAILED,   /* the store refused; nothing changed */
} CdOfficeSettingsError;

GQuark cd_office_settings_error_quark (void);

/* What an office that never changed its rules gets. The office code is also the code of the
 * office a store without one makes for its first account (cd_users_bootstrap_admin), so it must be
 * one the offices table takes (2 to 16 characters): "LOCAL", not "". */
#define CD_DEFAULT_OFFICE_CODE          "LOCAL"
#define CD_DEFAULT_IDLE_LOCK_MINUTES    10                          /* before a session locks */
#define CD_DEFAULT_APPROVAL_THRESHOLD   G_GINT64_CONSTANT (20000000) /* VND */
#define CD_OFFICE_MAX_IDLE_LOCK_MINUTES (24 * 60)

typedef struct
{
  char   *office_code;           /* CD_DEFAULT_OFFICE_CODE when unset */
  guint   idle_lock_minutes;     /* 0: never lock */
  gint64  approval_threshold;    /* VND; above it, two supervisors */
} CdOfficeSettings;

void     cd_office_settings_clear (CdOfficeSettings        *settings);
/* Missing values read as the defaults above; so do an empty office code and negative numbers,
 * and an idle time above the maximum reads as the maximum. Read through store/cd-settings, like
 * every reader of the table. */
gboolean cd_office_settings_read  (CdDatabase              *db,
                                   CdOfficeSettings        *out,
                                   GError                 **error);
/* Admin only; one transaction with its audit entry. Unchanged values are not rewritten. */
gboolean cd_office_settings_write (CdDatabase              *db,
                                   CdSession               *admin,
                                   const CdOfficeSettings  *settings,
                                   GError                 **error);

/* One rule each, for the workflow (two supervisors above the threshold), sign-in (the idle lock)
 * and the accounts (the first office's code), read by the same rules as cd_office_settings_read.
 * The office code is NULL with the error only when the store cannot be read. */
gint64   cd_office_settings_get_approval_threshold (CdDatabase  *db);
guint    cd_office_settings_get_idle_lock_minutes  (CdDatabase  *db);
char    *cd_office_settings_dup_office_code        (CdDatabase  *db,
                                                    GError     **error);

/* The rules about paper evidence (docs/deferred-verification.md), kept apart from the rules above
 * so that a caller saving those never overwrites these. A decision "rests on paper" when a paper
 * document linked to its claim is not 'verified' (unverified, mismatch or not found).
 *
 * Refusing such approvals is the default: a paper leave certificate is what fraud rings sell, and
 * an office decides to trust paper while its link is down, not by forgetting to. */
#define CD_DEFAULT_PAPER_ALLOW_UNVERIFIED  FALSE
#define CD_DEFAULT_PAPER_THRESHOLD         G_GINT64_CONSTANT (5000000)  /* VND */
#define CD_DEFAULT_PAYOUT_ALIVE_DAYS       30
#define CD_DEFAULT_EVIDENCE_STALE_DAYS     30
#define CD_OFFICE_MAX_DAYS                 3650

typedef struct
{
  gboolean allow_unverified;   /* may a decision resting on unverified paper be approved */
  gint64   second_threshold;   /* VND; such a decision above it needs two supervisors */
  guint    payout_alive_days;  /* a payout re-verifies a claimant checked longer ago; 0: never */
  guint    stale_days;         /* evidence older than this is fetched again when the link is back */
} CdPaperRules;

/* Missing or unreadable values read as the defaults; days above the maximum as the maximum. */
void     cd_office_settings_read_paper_rules  (CdDatabase          *db,
                                               CdPaperRules        *out);
/* Admin only; one transaction with its audit entry (action "settings.change", before and after as
 * JSON). Unchanged values are not rewritten and log nothing. */
gboolean cd_office_settings_write_paper_rules (CdDatabase          *db,
                                               CdSession           *admin,
                                               const CdPaperRules  *rules,
                                               GError             **error);

/* The same off the main loop: read on a reader of its own, written on the shared writer. */
void          cd_office_settings_read_paper_rules_async   (const char          *db_path,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
CdPaperRules *cd_office_settings_read_paper_rules_finish  (GAsyncResult        *result,
                                                           GError             **error);
void          cd_office_settings_write_paper_rules_async  (CdDatabase          *writer,
                                                           CdSession           *admin,
                                                           const CdPaperRules  *rules,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean      cd_office_settings_write_paper_rules_finish (GAsyncResult        *result,
                                                           GError             **error);

/* Off the main loop (cd-office-settings-async.c): read through a reader of its own on db_path
 * (the result is freed with cd_office_settings_clear and g_free); written on the shared writer. */
void              cd_office_settings_read_async   (const char              *db_path,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
CdOfficeSettings *cd_office_settings_read_finish  (GAsyncResult            *result,
                                                   GError                 **error);
void              cd_office_settings_write_async  (CdDatabase              *writer,
                                                   CdSession               *admin,
                                                   const CdOfficeSettings  *settings,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
gboolean          cd_office_settings_write_finish (CdDatabase              *writer,
                                                   GAsyncResult            *result,
                                                   GError                 **error);

/* An office rule that fills a plain struct from the store (cd_office_settings_read_paper_rules,
 * cd_review_rule_read): read off the main loop, on a reader connection of its own. */
typedef void (*CdOfficeRulesFill) (CdDatabase *reader,
                                   gpointer    rules);
/* Runs `fill` on a zeroed block of `size` bytes in a worker thread; _finish returns the block
 * (g_free it) or NULL with the error (the store could not be opened). `source_tag` is the
 * caller's, for g_task_get_source_tag. */
void          cd_office_rules_read_async  (const char          *db_path,
                                           gsize                size,
                                           CdOfficeRulesFill    fill,
                                           gpointer             source_tag,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gpointer      cd_office_rules_read_finish (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
