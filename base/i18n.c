/*
 * i18n.c -- the language the texts are shown in (see juten_i18n.h).  One
 * process-wide value, as the locale it mirrors is process-wide; it is set
 * once before any thread starts.
 */
#include "juten_i18n.h"

#include <string.h>

static const char *language = "en";

const char *juten_i18n_language(void)
{
    return language;
}

void juten_i18n_set_language(const char *lang)
{
    language = (lang && !strcmp(lang, "ja")) ? "ja" : "en";
}
