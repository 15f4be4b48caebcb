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

G_END_DECLS
