/* cd-application-private.h — the application's state, shared by the files that make it up:
 *
 *   cd-application.c          options, start-up, the context and the main window
 *   cd-application-actions.c  app.about, app.preferences, app.quit
 *   cd-demo-mode.c            --demo: the private gateway and sample store, demo sign-ins
 *   cd-office-store.c         without --demo: the office store, created on first run
 *   cd-screenshot-tour.c      --screenshot: pictures of the main screens, in order
 *   cd-startup-profile.c      --profile-startup and the first-frame bookkeeping
 */
#pragma once

#include "cd-application.h"
#include "cd-store-lock.h"
#include "cd-window.h"

G_BEGIN_DECLS

struct _CdApplication
{
  AdwApplication  parent_instance;

  CdContext      *context;
  GSettings      *settings;      /* the connection addresses, outside demo mode */
  CdWindow       *main_window;   /* weak */
  GCancellable   *cancellable;
  int             exit_status;

  /* --demo, --db */
  gboolean        demo;
  char           *db_path;
  CdStoreLock    *store_lock;    /* the office store's, outside demo mode */
  CdDemoSession  *demo_session;
  gboolean        demo_ready;
  gboolean        demo_evidence_done;  /* the open claims' evidence fetched (cd-demo-evidence) */
  /* --seed, --demo-date: the sample world of a fresh demo store */
  guint64         demo_world_seed;
  CdDay           demo_world_day;

  /* --screenshot, --profile-startup, --profile-startup-bare */
  char           *screenshot_dir;
  gboolean        profile_startup;
  gboolean        profile_startup_bare;
  gboolean        first_data_seen;
  GdkFrameClock  *frame_clock;
  gulong          after_paint_id;
  double          first_frame_ms;     /* the main window's first frame; 0 until it is drawn */
  gulong          first_frame_id;
  GPtrArray      *after_first_frame;  /* CdAfterFrame: work that must not slow the first frame */
};

typedef void (*CdAfterFrame)   (CdApplication *self);
typedef void (*CdSignedInNext) (CdApplication *self);

/* cd-application.c */
CdWindow *cd_application_get_main_window     (CdApplication  *self);
void      cd_application_quit_with_status    (CdApplication  *self,
                                              int             status);
void      cd_application_notify_demo_ready   (CdApplication  *self);
void      cd_application_notify_demo_evidence_done (CdApplication  *self);

/* cd-application-actions.c */
void      cd_application_add_actions         (CdApplication  *self);

/* cd-demo-mode.c: sets the context up for the demo before any window reads it (the demo's own
 * TEST-ONLY trust anchors, never the workstation's); */
void      cd_application_prepare_demo        (CdApplication  *self);
/* starts the demo's store and gateway for the main window (an existing --db file is read at once,
 * the writer and the gateway wait for the first frame). */
void      cd_application_start_demo          (CdApplication  *self,
                                              CdWindow       *window);
void      cd_application_stop_demo           (CdApplication  *self);
/* Signs a demo account in without typing (screenshots, the start-up probe), then runs `next`. */
void      cd_application_sign_in_demo_user   (CdApplication  *self,
                                              const char     *login,
                                              CdSignedInNext  next);

/* cd-office-store.c: opens the office store (--db, the store-path setting, else the default place)
 * for the main window, creating it on the first run; holds its lock until shutdown. */
void      cd_application_open_office_store   (CdApplication  *self,
                                              CdWindow       *window);
void      cd_application_close_office_store  (CdApplication  *self);
/* A dialog on the main window, for what the officer must act on. */
void      cd_application_show_error          (CdApplication  *self,
                                              const char     *heading,
                                              const char     *body);

/* cd-screenshot-tour.c: the tour and the probe start once the list is drawn as the demo officer
 * sees it. */
void      cd_application_watch_list          (CdApplication  *self,
                                              CdWindow       *window);

/* cd-startup-profile.c */
/* Milliseconds since this process was started, or -1 where there is no /proc. */
double    cd_startup_ms_since_start          (void);
void      cd_application_watch_next_paint    (CdApplication  *self,
                                              GtkWidget      *window,
                                              GCallback       callback);
void      cd_application_stop_watching_paint (CdApplication  *self);
/* Runs `work` once the main window has drawn its first frame (at once if it has). */
void      cd_application_after_first_frame   (CdApplication  *self,
                                              CdAfterFrame    work);
void      cd_application_watch_first_frame   (CdApplication  *self,
                                              CdWindow       *window);
/* --profile-startup-bare: an empty window, its first frame printed. */
void      cd_application_present_bare_window (CdApplication  *self);
/* --profile-startup: prints the first frame and when the list was drawn, and quits. */
void      cd_application_report_startup      (CdApplication  *self);

G_END_DECLS
