/*
 * juten_i18n.h -- the program's texts in the planner's language, through GNU
 * gettext.  English is the source language: every text is written in English
 * in the code and marked, and po/ja.po holds its Japanese.  The catalogues
 * are compiled at build time (CMakeLists.txt) and tests/i18n_check.sh fails
 * when a marked text has no translation.
 *
 *   _("text")       a text shown now, translated at the call
 *   N_("text")      a text kept in a table (marks it for xgettext only);
 *                   translate it with _() where it is shown
 *   P_("one", "many", n)   a text whose English changes with a count
 *
 * The library only translates: it never sets the locale.  The command
 * chooses the language once (cli/lang.c) and calls juten_i18n_set; a program
 * that never calls it gets English.  Numbers are not affected: LC_NUMERIC
 * stays "C", so 1.5 reads and prints as 1.5 in every language.
 *
 * Part of juten_base: it includes nothing from the rest of juten.
 */
#ifndef JUTEN_I18N_H
#define JUTEN_I18N_H

#include <libintl.h>

#define JUTEN_TEXTDOMAIN "juten"

#define _(s) dgettext(JUTEN_TEXTDOMAIN, s)
#define N_(s) (s)
#define P_(s, p, n) dngettext(JUTEN_TEXTDOMAIN, s, p, n)

/* The language of the texts: "en" or "ja" (two letters, as HTML's lang=). */
const char *juten_i18n_language(void);

/* Record the language chosen; called by the command once the locale and the
 * catalogue directory are set.  Anything but "ja" records "en". */
void juten_i18n_set_language(const char *lang);

#endif
