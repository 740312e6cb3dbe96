/*
 * lang.c -- choosing the language of the command's texts: `--lang ja|en`
 * anywhere on the command line, else Japanese when the locale is Japanese
 * (LC_ALL, then LC_MESSAGES, then LANG begins with "ja"), else English.
 *
 * glibc's gettext ignores the catalogues when LC_MESSAGES is "C", and many
 * machines have no ja_JP.UTF-8 locale generated; so for Japanese the locale
 * is the environment's when it exists and C.UTF-8 otherwise (glibc always
 * has it), and LANGUAGE=ja names the catalogue.  Only LC_MESSAGES changes:
 * numbers read and print as in the "C" locale whatever the language.
 *
 * The catalogues are looked for beside the program (build/locale, where the
 * build puts them) and then where `make install` puts them.
 */
#include "cli.h"
#include "juten_i18n.h"

#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef JUTEN_LOCALEDIR
#define JUTEN_LOCALEDIR "/usr/local/share/locale"
#endif

static const char *environment_language(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return !strncmp(v, "ja", 2) ? "ja" : "en";
    }
    return "en";
}

/* build/juten finds build/locale; an installed juten, JUTEN_LOCALEDIR */
static void bind_catalogues(void)
{
    static char dir[PATH_MAX];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        int w = snprintf(dir, sizeof dir, "%s/locale", dirname(exe));
        struct stat st;
        if (w > 0 && (size_t)w < sizeof dir && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
            bindtextdomain(JUTEN_TEXTDOMAIN, dir);
            bind_textdomain_codeset(JUTEN_TEXTDOMAIN, "UTF-8");
            return;
        }
    }
    bindtextdomain(JUTEN_TEXTDOMAIN, JUTEN_LOCALEDIR);
    bind_textdomain_codeset(JUTEN_TEXTDOMAIN, "UTF-8");
}

static int apply(const char *lang)
{
    bind_catalogues();
    if (!strcmp(lang, "ja")) {
        const char *l = setlocale(LC_MESSAGES, "");
        if (!l || strncmp(l, "ja", 2) != 0)
            setlocale(LC_MESSAGES, "C.UTF-8");
        setenv("LANGUAGE", "ja", 1);
    } else {
        /* "C": every text is its English msgid, whatever LANGUAGE says */
        setlocale(LC_MESSAGES, "C");
    }
    juten_i18n_set_language(lang);
    return 0;
}

int cli_lang_setup(int *argc, char **argv)
{
    const char *lang = NULL;
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { /* operands follow: leave them alone */
            for (; i < *argc; i++)
                argv[out++] = argv[i];
            break;
        }
        if (!strcmp(a, "--lang") || !strncmp(a, "--lang=", 7)) {
            const char *v = a[6] == '=' ? a + 7 : (i + 1 < *argc ? argv[++i] : NULL);
            if (!v || (strcmp(v, "ja") && strcmp(v, "en"))) {
                apply(environment_language());
                *argc = out;
                return cli_usage_error(NULL, _("--lang takes ja or en, not '%s'"),
                                       v ? v : "");
            }
            lang = v;
            continue;
        }
        argv[out++] = argv[i];
    }
    argv[out] = NULL;
    *argc = out;
    return apply(lang ? lang : environment_language());
}
