#ifndef LATENT_CNCURSES_SHIM_H
#define LATENT_CNCURSES_SHIM_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

// Swift 6 strict concurrency rejects mutable C globals; these shims read them through functions.
static inline WINDOW *latent_stdscr(void) { return stdscr; }
static inline int latent_colors(void) { return COLORS; }
static inline int latent_color_pairs(void) { return COLOR_PAIRS; }
static inline int latent_cols(void) { return COLS; }
static inline int latent_lines(void) { return LINES; }
static inline int latent_escdelay_set(int ms) { return set_escdelay(ms); }
#endif
