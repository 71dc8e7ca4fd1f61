#ifndef LATENT_CNCURSES_SHIM_H
#define LATENT_CNCURSES_SHIM_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>

// Swift 6 strict concurrency rejects mutable C globals, and Swift cannot import function-like macros; these
// shims expose both as plain functions.
static inline WINDOW *latent_stdscr(void) { return stdscr; }
static inline int latent_colors(void) { return COLORS; }
static inline int latent_color_pairs(void) { return COLOR_PAIRS; }
static inline int latent_cols(void) { return COLS; }
static inline int latent_lines(void) { return LINES; }
static inline int latent_escdelay_set(int ms) { return set_escdelay(ms); }

static inline int latent_attr_bold(void) { return (int)A_BOLD; }
static inline int latent_attr_dim(void) { return (int)A_DIM; }
static inline int latent_attr_reverse(void) { return (int)A_REVERSE; }
static inline int latent_attr_underline(void) { return (int)A_UNDERLINE; }

/// Sets the attributes and colour pair of what is written next (pairs above 32767 go through `opts`).
static inline void latent_set_style(int attrs, int pair) {
    int p = pair;
    attr_set((attr_t)attrs, (short)(pair > 32767 ? 0 : pair), pair > 32767 ? (void *)&p : NULL);
}

static inline mmask_t latent_mouse_all(void) { return ALL_MOUSE_EVENTS; }
static inline int latent_mouse_is_press(mmask_t state) {
    return (state & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)) != 0;
}
static inline int latent_key_mouse(void) { return KEY_MOUSE; }
static inline int latent_key_resize(void) { return KEY_RESIZE; }

/// The window size the kernel keeps for a terminal (`TIOCGWINSZ`): cells, and pixels where the terminal sets
/// them (0 where it does not). Returns 0 on success, -1 when `fd` is no terminal.
static inline int latent_window_size(int fd, int *cols, int *rows, int *xpixel, int *ypixel) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) { return -1; }
    *cols = ws.ws_col; *rows = ws.ws_row; *xpixel = ws.ws_xpixel; *ypixel = ws.ws_ypixel;
    return 0;
}

/// Restores the terminal from a fatal signal: leave curses, show the cursor, stop mouse reporting.
static inline void latent_emergency_restore(void) {
    endwin();
    static const char reset[] = "\033[?1000l\033[?1002l\033[?1006l\033[?25h\033[0m\r\n";
    (void)!write(1, reset, sizeof(reset) - 1);
}

// Kept last: <term.h> defines a macro for every terminfo capability name.
#include <ncursesw/term.h>

/// Whether a terminal type can host the full-screen explorer, asked of terminfo without touching the terminal:
/// 0 yes, 1 unknown to terminfo, 2 hard copy or no cursor addressing (`cup`; `TERM=dumb`), 3 no terminfo database.
static inline int latent_terminal_support(const char *type) {
    int status = 0;
    if (setupterm((char *)type, STDOUT_FILENO, &status) != OK) { return status == -1 ? 3 : status == 1 ? 2 : 1; }
    const char *address = tigetstr("cup");
    int answer = (address == NULL || address == (char *)-1) ? 2 : 0;
    del_curterm(cur_term);
    return answer;
}
#endif
