/* sqlite3.h — a fence, not SQLite's header.
 *
 * store_dep puts this folder on the include path of everything above the store, in place of
 * SQLite's own headers (which only the store library itself sees), so that an #include of
 * <sqlite3.h> outside app/core/store stops the build here. Speak SQL through cd-statement.h and
 * cd-database.h; docs/architecture.md says why.
 */
#error "sqlite3.h is included only inside app/core/store: use cd-statement.h and cd-database.h"
