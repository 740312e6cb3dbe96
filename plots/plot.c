/*
 * plot.c -- the files of a chart: naming them, writing them atomically, the
 * common head of the data file and of the script, and turning gnuplot's run
 * into an outcome.
 *
 * Why the script can be trusted with nothing but its own text: gnuplot
 * substitutes `backquoted` shell commands and @macros in script lines, and
 * pipes to a command when a file name starts with '<' or '|'.  So caller
 * text is only ever written as data-file fields, which gnuplot reads as
 * plain strings (strcol, xticlabels, arrays filled by stats), and the only
 * caller-derived text in the script is the file names, restricted by
 * safe_name() to characters gnuplot gives no meaning to.  The directory is
 * not named in the script at all: gnuplot runs with it as working directory.
 *
 * Every file goes through the shared writer (juten_output.h), so charts
 * follow the rules of every juten output.  The .dat and .gp are juten's own
 * files: temporary files renamed into place, replacing a planted symlink
 * rather than writing where it points.  gnuplot renders into a private
 * scratch directory (never beside the output: a device's directory is
 * /dev), and the image is copied to the output only when gnuplot succeeded
 * and wrote something, so a failed render keeps the previous image; the copy
 * is atomic for a regular file and written through a symlink or device.
 */
#include "plot_int.h"
#include "juten_utf8.h"
#include "juten_i18n.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- text ---- */

/* UTF-8 and column widths are base/juten_utf8.h's, as in terminal tables,
 * so a label cut to fit a chart's margin is cut where a table would cut it. */

/* Walk s as it will be written: calls emit(bytes, len, ctx) for each output
 * piece and returns the display width.  max_cols > 0 cuts with "…". */
typedef void (*emit_fn)(const char *bytes, size_t len, void *ctx);

static int sanitise(const char *s, int max_cols, emit_fn emit, void *ctx)
{
    const unsigned char *p = (const unsigned char *)s;
    int w = 0;
    /* Cutting needs the total width first: cut only when it does not fit. */
    bool cut = false;
    if (max_cols > 0) {
        int total = 0;
        for (const unsigned char *q = p; *q;) {
            uint32_t cp;
            int len = juten_utf8_decode((const char *)q, SIZE_MAX, &cp);
            total += len ? (cp == '"' ? 2 : juten_utf8_cp_width(cp)) : 1;
            q += len ? len : 1;
        }
        cut = total > max_cols;
    }
    int limit = cut ? max_cols - 1 : 0; /* room for the ellipsis */
    while (*p) {
        uint32_t cp;
        int len = juten_utf8_decode((const char *)p, SIZE_MAX, &cp);
        const char *piece;
        size_t plen;
        int cw;
        if (len == 0) {
            piece = "?";
            plen = 1;
            cw = 1;
            len = 1;
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
            piece = " ";
            plen = 1;
            cw = 1;
        } else if (cp == '"') {
            piece = "''";
            plen = 2;
            cw = 2;
        } else if (cp == '\\') {
            piece = "\\\\";
            plen = 2;
            cw = 1;
        } else {
            piece = (const char *)p;
            plen = (size_t)len;
            cw = juten_utf8_cp_width(cp);
        }
        if (cut && w + cw > limit)
            break;
        if (emit)
            emit(piece, plen, ctx);
        w += cw;
        p += len;
    }
    if (cut) {
        if (emit)
            emit("\xE2\x80\xA6", 3, ctx); /* U+2026 … */
        w += 1;
    }
    return w;
}

static void emit_file(const char *bytes, size_t len, void *ctx)
{
    fwrite(bytes, 1, len, (FILE *)ctx);
}

void juten_plot_dat_str(FILE *f, const char *s, int max_cols)
{
    if (!s || !*s)
        return; /* an empty field; gnuplot reads "" oddly, nothing correctly */
    fputc('"', f);
    sanitise(s, max_cols, emit_file, f);
    fputc('"', f);
}

int juten_plot_text_width(const char *s, int max_cols)
{
    return s ? sanitise(s, max_cols, NULL, NULL) : 0;
}

const char *juten_plot_num(char *buf, double v)
{
    if (!isfinite(v)) {
        strcpy(buf, "NaN");
        return buf;
    }
    if (v == 0)
        v = 0; /* no "-0" */
    char raw[40];
    snprintf(raw, sizeof raw, "%.10g", v);
    /* The decimal point is whatever the locale says (even several bytes);
     * replace any run of bytes that is not part of a C number by '.'. */
    size_t o = 0;
    for (const char *p = raw; *p;) {
        if ((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == 'e') {
            buf[o++] = *p++;
        } else {
            buf[o++] = '.';
            while (*p && !((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == 'e'))
                p++;
        }
    }
    buf[o] = 0;
    return buf;
}

void juten_plot_dat_num(FILE *f, double v)
{
    char b[40];
    fputs(juten_plot_num(b, v), f);
}

void juten_plot_dat_block(FILE *f, int prev_rows)
{
    if (prev_rows == 0)
        fputs("NaN\n", f);
    fputs("\n\n", f);
}

/* ---- file names ---- */

/* True if name can stand in single quotes in a gnuplot script and as a file
 * name there without meaning anything: letters, digits, non-ASCII UTF-8
 * (Japanese names), space and . _ - + = , ( ) [ ].  Excluded on purpose:
 * quotes, backquote, backslash, @ and $ (substitution), < | (pipes), ~
 * (home), # (comments), control characters, and '-' first. */
static bool safe_name(const char *name)
{
    const unsigned char *p = (const unsigned char *)name;
    if (!*p || *p == '-') /* "-x.gp" would be read as an option */
        return false;
    while (*p) {
        uint32_t cp;
        int len = juten_utf8_decode((const char *)p, SIZE_MAX, &cp);
        if (len == 0)
            return false;
        if (cp < 0x80) {
            bool ok = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                      (cp >= '0' && cp <= '9') || (cp != 0 && strchr(" ._-+=,()[]", (int)cp));
            if (!ok)
                return false;
        } else if (cp <= 0x9F) {
            return false;
        }
        p += len;
    }
    return true;
}

static char *str_cat3(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = malloc(la + lb + lc + 1);
    if (s) {
        memcpy(s, a, la);
        memcpy(s + la, b, lb);
        memcpy(s + la + lb, c, lc + 1);
    }
    return s;
}

/* dir/base, or base alone when dir is "." (keeps relative paths short). */
static char *join(const char *dir, const char *base)
{
    return strcmp(dir, ".") == 0 ? strdup(base) : str_cat3(dir, "/", base);
}

/* ---- the .dat and .gp files ---- */

static juten_status file_open(juten_plot_job *j, juten_plot_file *pf, const char *base)
{
    pf->path = join(j->dir, base);
    if (!pf->path)
        return JUTEN_ERR_NOMEM;
    /* our own file: a planted symlink is replaced, never written through */
    juten_status st = juten_output_open_flags(pf->path, JUTEN_OUTPUT_OWN_FILE, &pf->out, j->d);
    if (st == JUTEN_OK)
        pf->f = juten_file_stream(pf->out);
    return st;
}

static juten_status file_commit(juten_plot_job *j, juten_plot_file *pf)
{
    juten_status st = pf->out ? juten_output_commit(pf->out, j->d) : JUTEN_OK;
    pf->out = NULL;
    pf->f = NULL;
    return st;
}

static void file_abort(juten_plot_file *pf)
{
    juten_file_close(pf->out);
    pf->out = NULL;
    pf->f = NULL;
    free(pf->path);
    pf->path = NULL;
}

static void job_free(juten_plot_job *j)
{
    juten_file_scratch_remove(j->scratch);
    free(j->dir);
    free(j->image_base);
    free(j->dat_base);
    free(j->gp_base);
    free(j->dat.path);
    free(j->gp.path);
    memset(j, 0, sizeof *j);
}

void juten_plot_job_abort(juten_plot_job *j)
{
    if (!j)
        return;
    file_abort(&j->dat);
    file_abort(&j->gp);
    job_free(j);
}

/* ---- image formats ---- */

static const char *terminal_ext(juten_plot_terminal t)
{
    return t == JUTEN_PLOT_SVG ? "svg" : t == JUTEN_PLOT_PDF ? "pdf" : "png";
}

static const char *terminal_name(juten_plot_terminal t)
{
    return t == JUTEN_PLOT_SVG ? "SVG" : t == JUTEN_PLOT_PDF ? "PDF" : "PNG";
}

/* The extension of a file name ("png" of "a.b.png"), NULL when it has none
 * (a leading dot alone, as in ".png", does not make one). */
static const char *image_extension(const char *base)
{
    const char *dot = strrchr(base, '.');
    return dot && dot != base && dot[1] ? dot + 1 : NULL;
}

/* ---- the common head ---- */

/* Japanese glyphs: the font is chosen from what is installed, never from the
 * data.  Cairo terminals take a fontconfig family, gd's png takes a file. */
static const char ipaex_file[] = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf";
static const char japanese_gothic_file[] = "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf";

static const char svg_font_families[] =
    "IPAexGothic, Noto Sans CJK JP, Yu Gothic, Meiryo, sans-serif";

static void write_terminal(FILE *gp, juten_plot_terminal t, int width, int height)
{
    bool ipaex = access(ipaex_file, R_OK) == 0;
    const char *gd_font = ipaex ? ipaex_file
                          : access(japanese_gothic_file, R_OK) == 0 ? japanese_gothic_file : NULL;
    /* Without IPAex, "Sans" lets fontconfig fall back to any CJK font. */
    const char *family = ipaex ? "IPAexGothic" : "Sans";
    char wi[40], hi[40];
    switch (t) {
    case JUTEN_PLOT_SVG:
        /* An SVG is opened elsewhere (a Windows PC without IPAex): name
         * fallbacks the viewer picks from, ending in the generic family.
         * gnuplot takes the text before the last comma as the family. */
        fprintf(gp, "set terminal svg size %d,%d font \"%s,11\" noenhanced background \"white\"\n",
                width, height, svg_font_families);
        break;
    case JUTEN_PLOT_PDF:
        /* 1200 px = 8 in: a page that reads well printed or on screen */
        fprintf(gp, "set terminal pdfcairo size %sin,%sin font \"%s,10\" noenhanced\n",
                juten_plot_num(wi, round(width / 1.5) / 100), juten_plot_num(hi, round(height / 1.5) / 100),
                family);
        break;
    case JUTEN_PLOT_PNG:
    default:
        fputs("# pngcairo when this gnuplot has it (anti-aliased), else gd's png\n", gp);
        fputs("if (strstrt(\" \".GPVAL_TERMINALS.\" \", \" pngcairo \") > 0) {\n", gp);
        fprintf(gp, "    set terminal pngcairo size %d,%d font \"%s,11\" noenhanced\n", width,
                height, family);
        fputs("} else {\n", gp);
        if (gd_font)
            fprintf(gp, "    set terminal png size %d,%d font \"%s,11\" noenhanced\n", width,
                    height, gd_font);
        else
            fprintf(gp, "    set terminal png size %d,%d noenhanced\n", width, height);
        fputs("}\n", gp);
        break;
    }
}

juten_status juten_plot_job_open(juten_plot_job *j, const juten_plot_options *o, const char *kind,
                                 const char *layout, int width, int height, const char *xlabel,
                                 const char *ylabel, juten_diags *d)
{
    memset(j, 0, sizeof *j);
    j->o = o;
    j->d = d;
    const char *out = o->output;
    if (!out || !*out) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, _("no output file was given for the %s chart"), kind);
        return JUTEN_ERR_USAGE;
    }
    if (!(o->timeout > 0)) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("the time limit for gnuplot must be a positive number of seconds"));
        return JUTEN_ERR_USAGE;
    }
    if (o->terminal != JUTEN_PLOT_PNG && o->terminal != JUTEN_PLOT_SVG &&
        o->terminal != JUTEN_PLOT_PDF) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0, _("unknown image format %d"), (int)o->terminal);
        return JUTEN_ERR_USAGE;
    }
    const char *slash = strrchr(out, '/');
    const char *base = slash ? slash + 1 : out;
    if (!safe_name(base)) {
        juten_diags_add(d, JUTEN_ERROR, out, 0, 0,
                        _("the image file name may hold only letters, digits, Japanese "
                        "characters, spaces and . _ - + = , ( ) [ ], and must not start with "
                        "- (the gnuplot script must name it, and other characters have "
                        "meanings there)"));
        return JUTEN_ERR_USAGE;
    }
    juten_plot_terminal by_name;
    const char *ext = image_extension(base);
    if (ext && !juten_plot_terminal_parse(ext, &by_name)) {
        juten_diags_add(d, JUTEN_ERROR, out, 0, 0,
                        _("the image file name must end in .png, .svg or .pdf (or have no "
                        "extension, as /dev/stdout), not .%s"), ext);
        return JUTEN_ERR_USAGE;
    }
    if (ext && by_name != o->terminal) {
        juten_diags_add(d, JUTEN_ERROR, out, 0, 0,
                        _("the image file name ends in .%s but the chart is drawn as %s: name "
                        "it .%s, or choose the %s format"), ext, terminal_name(o->terminal),
                        terminal_ext(o->terminal), terminal_name(by_name));
        return JUTEN_ERR_USAGE;
    }
    juten_status st = JUTEN_ERR_NOMEM;
    if (!slash)
        j->dir = strdup(".");
    else if (slash == out)
        j->dir = strdup("/");
    else
        j->dir = strndup(out, (size_t)(slash - out));
    j->image_base = strdup(base);
    if (!j->dir || !j->image_base)
        goto fail;
    /* stem: the name without its last extension (".png" alone is a stem) */
    const char *dot = strrchr(base, '.');
    size_t stem_len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *stem = strndup(base, stem_len);
    if (!stem)
        goto fail;
    j->dat_base = str_cat3(stem, ".dat", "");
    j->gp_base = str_cat3(stem, ".gp", "");
    free(stem);
    if (!j->dat_base || !j->gp_base)
        goto fail;
    if (strcmp(base, j->dat_base) == 0 || strcmp(base, j->gp_base) == 0) {
        juten_diags_add(d, JUTEN_ERROR, out, 0, 0,
                        _("the image file must not be named .dat or .gp: those names hold the "
                        "chart's data and script"));
        st = JUTEN_ERR_USAGE;
        goto fail;
    }
    struct stat sd;
    int dir_ok = stat(j->dir, &sd) == 0 ? (S_ISDIR(sd.st_mode) ? 1 : 0) : -errno;
    if (dir_ok != 1) {
        if (dir_ok == -ENOENT)
            juten_diags_add(d, JUTEN_ERROR, out, 0, 0,
                            _("cannot write the chart: %s does not exist"), j->dir);
        else if (dir_ok == 0)
            juten_diags_add(d, JUTEN_ERROR, out, 0, 0,
                            _("cannot write the chart: %s is not a directory"), j->dir);
        else
            juten_diags_add(d, JUTEN_ERROR, out, 0, 0, _("cannot write the chart: %s %s"),
                            j->dir, strerror(-dir_ok));
        st = JUTEN_ERR_CANTCREAT;
        goto fail;
    }
    struct stat si;
    if (stat(out, &si) == 0 && S_ISDIR(si.st_mode)) {
        juten_diags_add(d, JUTEN_ERROR, out, 0, 0, _("cannot write the chart: it is a directory"));
        st = JUTEN_ERR_CANTCREAT;
        goto fail;
    }
    /* gnuplot renders into a private directory; the image is then copied
     * through the shared writer.  An image going to a device or FIFO
     * (/dev/stdout) has no directory to keep files in: its .dat and .gp
     * are made in the scratch directory and removed with it. */
    if ((st = juten_scratch_create(&j->scratch, d)) != JUTEN_OK)
        goto fail;
    j->stream = juten_file_is_stream(out);
    if (j->stream) {
        free(j->dir);
        free(j->dat_base);
        free(j->gp_base);
        j->dat_base = strdup("chart.dat");
        j->gp_base = strdup("chart.gp");
        j->dir = strdup(juten_file_scratch_dir(j->scratch));
        /* named through the scratch directory, so they go with it */
        if (!j->dir || !j->dat_base || !j->gp_base ||
            !juten_file_scratch_path(j->scratch, j->dat_base) ||
            !juten_file_scratch_path(j->scratch, j->gp_base)) {
            st = JUTEN_ERR_NOMEM;
            goto fail;
        }
    }
    if ((st = file_open(j, &j->dat, j->dat_base)) != JUTEN_OK ||
        (st = file_open(j, &j->gp, j->gp_base)) != JUTEN_OK)
        goto fail;

    FILE *df = j->dat.f, *gp = j->gp.f;
    fprintf(df, "# juten %s chart data, read by %s.\n", kind, j->gp_base);
    fputs("# Tab-separated; texts in double quotes, with \" shown as '' and \\ doubled.\n"
          "# Blocks are separated by two blank lines (gnuplot's \"index\").\n"
          "# Block 0: 0, title, x axis label, y axis label, subtitle.\n", df);
    fputs(layout, df);
    fputs("0\t", df);
    juten_plot_dat_str(df, o->title, 0);
    fputc('\t', df);
    juten_plot_dat_str(df, xlabel, 0);
    fputc('\t', df);
    juten_plot_dat_str(df, ylabel, 0);
    fputc('\t', df);
    juten_plot_dat_str(df, o->subtitle, 0);
    fputc('\n', df);

    fprintf(gp, "# juten %s chart.  To render it again: gnuplot -d %s  (in this directory)\n",
            kind, j->gp_base);
    fprintf(gp, "# Every text on the chart comes from %s; this script holds none, so\n"
                "# nothing in the data is ever read as a command.\n", j->dat_base);
    fputs("reset\nset encoding utf8\n", gp);
    fprintf(gp, "juten_dat = '%s'\n", j->dat_base);
    fprintf(gp, "if (!exists(\"juten_out\")) { juten_out = '%s' }\n", j->image_base);
    write_terminal(gp, o->terminal, width, height);
    fputs("set termoption noenhanced\n"
          "set output juten_out\n"
          "set datafile separator \"\\t\"\n"
          "juten_title = \"\"; juten_xlabel = \"\"; juten_ylabel = \"\"; juten_subtitle = \"\"\n"
          "stats juten_dat index 0 using (juten_title = strcol(2), juten_xlabel = strcol(3), "
          "juten_ylabel = strcol(4), juten_subtitle = strcol(5), 0) nooutput\n"
          /* the subtitle is a second line of the title (gnuplot has no
           * subtitle); both strings stay data, joined here */
          "if (strlen(juten_subtitle) > 0) { juten_title = juten_title . \"\\n\" . juten_subtitle }\n"
          "set title juten_title noenhanced font \",14\"\n"
          "set xlabel juten_xlabel noenhanced\n"
          "set ylabel juten_ylabel noenhanced\n",
          gp);
    return JUTEN_OK;
fail:
    juten_plot_job_abort(j);
    return st;
}

/* ---- rendering ---- */

static void set_message(juten_plot_outcome *out, const char *why, const juten_plot_job *j)
{
    if (!out)
        return;
    out->rendered = false;
    /* TRANSLATORS: the first %s says what went wrong ("gnuplot failed") */
    if (j->stream)
        snprintf(out->message, sizeof out->message,
                 _("%s; the output is a device or FIFO, so the chart's data and script were "
                   "not kept: write the chart to a file to keep them"), _(why));
    else if (strcmp(j->dir, ".") == 0)
        snprintf(out->message, sizeof out->message,
                 _("%s; the chart's data and script were written: to render it, run "
                   "\"gnuplot -d %s\" in the current directory"),
                 _(why), j->gp_base);
    else
        snprintf(out->message, sizeof out->message,
                 _("%s; the chart's data and script were written: to render it, run "
                   "\"gnuplot -d %s\" in %s"),
                 _(why), j->gp_base, j->dir);
}

/* The rendered image onto the output, by the rules of every juten output:
 * a regular file atomically, a symlink or device written through. */
static juten_status copy_image(juten_plot_job *j, const char *rendered)
{
    juten_output *img = NULL;
    juten_status st = juten_output_open(j->o->output, &img, j->d);
    if (st == JUTEN_OK)
        st = juten_output_copy_from(img, rendered, j->d);
    if (st == JUTEN_OK)
        return juten_output_commit(img, j->d);
    juten_file_close(img);
    return st;
}

juten_status juten_plot_job_finish(juten_plot_job *j, juten_plot_outcome *out)
{
    if (out) {
        out->rendered = false;
        out->files_kept = !j->stream;
        out->message[0] = 0;
    }
    juten_status st = file_commit(j, &j->dat);
    juten_status st2 = file_commit(j, &j->gp);
    if (st == JUTEN_OK)
        st = st2;
    if (st != JUTEN_OK) {
        set_message(out, N_("the chart files could not be written"), j);
        juten_plot_job_abort(j);
        return st;
    }

    const juten_plot_options *o = j->o;
    const char *prog = o->gnuplot && *o->gnuplot ? o->gnuplot : "gnuplot";
    /* gnuplot writes the image into our scratch directory; its path is ours
     * (letters, digits, / . _ - only), so it may be passed on the command line. */
    char img_name[16];
    snprintf(img_name, sizeof img_name, "image.%s", terminal_ext(o->terminal));
    const char *tmp = juten_file_scratch_path(j->scratch, img_name);
    char *assign = tmp ? str_cat3("juten_out='", tmp, "'") : NULL;
    if (!assign) {
        juten_plot_job_abort(j);
        return JUTEN_ERR_NOMEM;
    }
    const char *args[] = {"-d", "-e", assign, j->gp_base, NULL};
    juten_plot_run_result r;
    st = juten_plot_run(prog, j->dir, args, o->timeout, &r);
    free(assign);
    char why[200];
    struct stat si;
    if (st != JUTEN_OK) {
        /* out of memory: reported by status alone */
    } else if (r.not_found) {
        snprintf(why, sizeof why, strchr(prog, '/') ? _("gnuplot was not found at %s")
                                                    : _("gnuplot was not found in PATH (%s)"),
                 prog);
        set_message(out, why, j);
    } else if (r.spawn_failed) {
        juten_diags_add(j->d, JUTEN_ERROR, j->gp.path, 0, 0, _("cannot run %s: %s"), prog,
                        strerror(r.spawn_errno));
        set_message(out, N_("gnuplot could not be started"), j);
        st = JUTEN_ERR_IO;
    } else if (r.timed_out) {
        char b[40];
        juten_diags_add(j->d, JUTEN_ERROR, j->gp.path, 0, 0,
                        _("gnuplot did not finish within %s s and was stopped; the image was not "
                        "written"), juten_plot_num(b, o->timeout));
        set_message(out, N_("gnuplot did not finish in time"), j);
        st = JUTEN_ERR_IO;
    } else if (r.exit_code != 0) {
        juten_diags_add(j->d, JUTEN_ERROR, j->gp.path, 0, 0,
                        _("gnuplot failed (exit status %d)%s%s; the image was not written"),
                        r.exit_code, r.tail[0] ? ": " : "", r.tail);
        set_message(out, N_("gnuplot failed"), j);
        st = JUTEN_ERR_IO;
    } else if (stat(tmp, &si) != 0 || si.st_size == 0) {
        juten_diags_add(j->d, JUTEN_ERROR, j->gp.path, 0, 0, _("gnuplot finished but wrote no image%s%s"),
                        r.tail[0] ? ": " : "", r.tail);
        set_message(out, N_("gnuplot wrote no image"), j);
        st = JUTEN_ERR_IO;
    } else if ((st = copy_image(j, tmp)) != JUTEN_OK) {
        set_message(out, N_("the image could not be written"), j);
    } else {
        if (out)
            out->rendered = true;
        if (r.tail[0]) /* warnings only: gnuplot succeeded */
            juten_diags_add(j->d, JUTEN_WARNING, j->gp.path, 0, 0, "gnuplot: %s", r.tail);
    }
    job_free(j);
    return st;
}
