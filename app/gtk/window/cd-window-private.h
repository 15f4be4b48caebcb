/* cd-window-private.h — the main window's state, shared by the files that make it up:
 *
 *   cd-window.c          the shell: queues in the sidebar, the content stack, counts, toasts
 *   cd-window-search.c   the search field and its results
 *   cd-window-session.c  sign-in, lock, idle lock and sign-out, following the context's session
 *   cd-window-actions.c  the win.* actions (open a claim, new claim, letters, lock, …)
 */
#pragma once

#include "cd-backup-indicator.h"
#include "cd-claim-list.h"
#include "cd-queue-counts.h"
#include "cd-sign-in-page.h"
#include "cd-sync-indicator.h"
#include "cd-window.h"

G_BEGIN_DECLS

typedef enum
{
  CD_WINDOW_SETUP_UNKNOWN,       /* not read yet, or demo mode */
  CD_WINDOW_SETUP_NOT_ENROLLED,
  CD_WINDOW_SETUP_ENROLLED,
} CdWindowSetupState;

typedef struct
{
  const char  *id;
  const char  *icon_name;
  const char  *title;        /* N_() */
  CdQueueSpec  spec;         /* what its badge counts */
} CdWindowQueue;

#define CD_WINDOW_N_QUEUES 11

/* The officer's and supervisor's work queues, in the order of a working day. */
extern const CdWindowQueue cd_window_queues[CD_WINDOW_N_QUEUES];

struct _CdWindow
{
  AdwApplicationWindow  parent_instance;

  CdContext            *context;
  GSettings            *settings;
  gint64                person_id;     /* the list shows this person's claims only, when > 0 */
  gint64                counts[CD_WINDOW_N_QUEUES];
  gboolean              counts_known;
  guint                 counts_timeout;
  GCancellable         *counts_cancellable;
  GCancellable         *search_cancellable;
  GListStore           *results;         /* CdSearchResultItems, shown by results_view */
  char                 *search_text;     /* what the results on show were searched for */
  guint                 search_idle;  /* the emptied field's queue, shown when idle */
  GCancellable         *pack_cancellable;
  GtkWidget            *badges[CD_WINDOW_N_QUEUES];

  /* Template widgets */
  CdBackupIndicator    *backup_indicator;
  CdClaimList          *claim_list;
  GtkStack             *content_stack;
  AdwWindowTitle       *content_title;
  AdwLeaflet           *leaflet;
  GtkStack             *main_stack;
  GtkBox               *pack_warning_box;
  GtkLabel             *pack_warning_label;
  GtkRevealer          *pack_warning_revealer;
  GtkLabel             *person_label;
  GtkRevealer          *person_bar_revealer;
  GtkListBox           *queue_list;
  GtkLabel             *results_heading;
  GtkListView          *results_view;
  GtkSearchEntry       *search_entry;
  CdSignInPage         *sign_in_page;
  CdSyncIndicator      *sync_indicator;
  AdwToastOverlay      *toast_overlay;
  GtkMenuButton        *user_menu_button;

  /* Pages made on first use */
  GtkWidget            *new_claim_page;
  GtkWidget            *claim_view;
  GtkWidget            *approval_page;
  GtkWidget            *payout_page;
  GtkWidget            *lists_page;
  GtkWidget            *alerts_page;
  GtkWidget            *sync_problems_page;
  GtkWidget            *dashboard_page;

  /* The office's connection (cd-window-setup.c) */
  CdWindowSetupState    setup_state;
  gboolean              setup_offered;   /* the assistant was shown once: not forced again */
  GCancellable         *setup_cancellable;

  /* The session the window shows: the context's; followed for notify::locked */
  CdSession            *session;
  guint                 idle_timeout;
  gint64                last_input;      /* monotonic µs of the last input noted to the session */
  guint                 work_layout_idle; /* lays the hidden work page out behind the sign-in */
  GdkFrameClock        *first_paint_clock; /* weak: watched for the first frame, then not */
};

enum {
  CD_WINDOW_SIGNAL_COUNTS_CHANGED,
  CD_WINDOW_SIGNAL_SEARCH_FINISHED,
  CD_WINDOW_SIGNAL_LETTER_SAVED,
  CD_WINDOW_N_SIGNALS
};

extern guint cd_window_signals[CD_WINDOW_N_SIGNALS];

/* cd-window.c */
void cd_window_show_queue                (CdWindow       *self);

/* cd-window-search.c */
void cd_window_search_class_init         (GtkWidgetClass *widget_class);
void cd_window_search_init               (CdWindow       *self);
void cd_window_search_dispose            (CdWindow       *self);
/* Empties the search field without searching, and drops a search under way. */
void cd_window_clear_search              (CdWindow       *self);

/* cd-window-session.c */
void cd_window_session_class_init        (GtkWidgetClass *widget_class);
void cd_window_session_init              (CdWindow       *self);
void cd_window_session_dispose           (CdWindow       *self);
/* Follows the context's session: the user menu, the idle lock, what the window shows. */
void cd_window_follow_session            (CdWindow       *self);
/* The sign-in page shows the demo accounts in demo mode. */
void cd_window_session_store_changed     (CdWindow       *self);

/* cd-window-setup.c */
void     cd_window_setup_class_init     (GtkWidgetClass *widget_class);
void     cd_window_setup_store_changed  (CdWindow       *self);
void     cd_window_setup_dispose        (CdWindow       *self);
/* An administrator, signed in and unlocked, on an office store outside demo mode. */
gboolean cd_window_setup_allowed        (CdWindow       *self);
void     cd_window_setup_offer          (CdWindow       *self);

/* cd-window-actions.c */
void cd_window_actions_class_init        (GtkWidgetClass *widget_class);
/* What the window's actions allow now, from the session and its lock. */
void cd_window_update_actions            (CdWindow       *self);

G_END_DECLS
