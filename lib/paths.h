/*
 * paths.h - where telestat finds its installed data (share/: default
 * rules, built-in profiles, region tables).
 *
 * Search order: $TELESTAT_SHARE, then DIR/../share/telestat where DIR
 * holds the running executable (an installed tree), then the source
 * tree's share/ compiled in as TS_SHAREDIR (a build tree).
 */
#ifndef TS_PATHS_H
#define TS_PATHS_H

/*
 * Returns the path of share file REL (e.g. "regions/pe.tsv") that exists,
 * as a string the caller frees, or NULL when no candidate exists.
 */
char *ts_share_path(const char *rel);

/* Directory of the running executable (caller frees), or NULL. */
char *ts_exe_dir(void);

#endif
