/* Thin C shim over ncursesw for Swift 6: getters for globals and macros Swift cannot import. */
#ifndef BLIS_CNCURSES_SHIM_H
#define BLIS_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdlib.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <ncursesw/curses.h>

static inline int     cn_lines(void)  { return LINES; }
static inline int     cn_cols(void)   { return COLS; }
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int     cn_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline attr_t  cn_a_normal(void) { return A_NORMAL; }
static inline attr_t  cn_a_bold(void) { return A_BOLD; }
static inline attr_t  cn_a_dim(void) { return A_DIM; }
static inline attr_t  cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t  cn_a_underline(void) { return A_UNDERLINE; }
static inline int cn_attrset(attr_t a) { return attrset((int)a); }
static inline int cn_mvaddstr(int y, int x, const char *s) { return mvaddstr(y, x, s); }
static inline void cn_set_escdelay(int ms) { set_escdelay(ms); }
static inline SCREEN *cn_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
static inline int cn_utf8_locale(void) {
  const char *cs = nl_langinfo(CODESET);
  return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* Crash safety: restore the terminal on fatal signals, then chain to the previous action. */
static inline struct sigaction *cn__old(void) { static struct sigaction t[65]; return t; }
static inline void cn__on_fatal(int sig) {
  endwin();
  sigaction(sig, &cn__old()[sig], NULL);
  raise(sig);
}
static inline void cn_install_fatal_handlers(void) {
  int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT};
  for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cn__on_fatal;
    sigemptyset(&sa.sa_mask);
    sigaction(sigs[i], &sa, &cn__old()[sigs[i]]);
  }
}
static inline void cn__endwin_atexit(void) { if (!isendwin()) endwin(); }
static inline void cn_register_atexit_endwin(void) { atexit(cn__endwin_atexit); }
#endif
