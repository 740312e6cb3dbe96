/*
 * load_int.h -- the loader's internal pieces, shared only inside model/.
 *
 * The loader is split one file per external library (csvload.c alone
 * includes <csv.h>, scenario.c alone <ini.h>, encoding.c alone <iconv.h>,
 * sha256.c alone nettle) so that each library's quirks stay in one place.
 * This header is the seam between those files: a small string hash, the
 * strict number reader, text decoding, the CSV record reader, and the
 * validation pass that the loader and juten_model_finish() share.
 *
 * Internal names start with jm_ ("juten model"); none of them is part of the
 * public interface, but other modules may use jm_number_parse() to read
 * numbers from the command line with exactly the loader's rules.
 */
#ifndef JUTEN_LOAD_INT_H
#define JUTEN_LOAD_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "juten_utf8.h"
#include "model_int.h"

/* ---- reporting -------------------------------------------------------- */

/* A place in an input file (file NULL: not from a file). */
typedef struct jm_pos {
    const char *file;
    int line, col;
} jm_pos;


/* A diagnostics sink that also counts errors itself, because the caller's
 * juten_diags is optional (NULL) and we still must know whether any error
 * happened. */
typedef struct jm_rep {
    juten_diags *d;
    size_t errors;
    bool nomem; /* a diagnostic could not be stored */
} jm_rep;

void jm_report(jm_rep *r, juten_severity sev, const char *file, int line,
               int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Copy s[0..len) into buf as a one-line, length-limited quotation (without
 * the surrounding quotes): control characters become spaces, long values are
 * cut at a character boundary and end in "...". Returns buf. */
char *jm_quote(char *buf, size_t bufsz, const char *s, size_t len);

/* Trim blanks at both ends of s[0..*n): space, tab, U+00A0 NO-BREAK SPACE,
 * U+3000 IDEOGRAPHIC SPACE and a stray U+FEFF byte-order mark. */
void jm_trim(const char **s, size_t *n);

/* A name folded for matching: trimmed (jm_trim), full-width ASCII
 * (U+FF01..U+FF5E) to ASCII as NFKC does, U+3000 and U+00A0 to a space, ASCII
 * letters to lower case.  Writes at most outsz bytes (NUL-terminated);
 * returns the length. */
size_t jm_fold(const char *s, size_t n, char *out, size_t outsz);

/* Did-you-mean: the candidate closest to a name that matched nothing.
 * Close means equal up to case, separators (_ - . space), a plural "s" or
 * an "_id" suffix, or a few edits (none for names of up to 3 characters,
 * one up to 5, two beyond; one for CJK names of 4 or more characters).
 * Usage: init with the name, try every candidate, then best (NULL: none
 * close; the candidates must outlive the call). */
typedef struct jm_suggest {
    long key[64], stem[64];
    int n, n_stem;
    const char *best;
    int best_d;
} jm_suggest;
void jm_suggest_init(jm_suggest *sg, const char *key, size_t len);
void jm_suggest_try(jm_suggest *sg, const char *cand);
const char *jm_suggest_best(const jm_suggest *sg);

/* ---- string -> index hash --------------------------------------------- */

/* Open addressing with linear probing; keys are borrowed (not copied) and
 * must outlive the map. Used for every id lookup so that 100 000 rows load
 * in linear time. */
typedef struct jm_strmap {
    const char **keys;
    int *vals;
    size_t cap; /* power of two, or 0 */
    size_t n;
} jm_strmap;

bool jm_strmap_init(jm_strmap *h, size_t expected);
void jm_strmap_free(jm_strmap *h);
/* Value stored for key (len bytes), or -1. */
int jm_strmap_get(const jm_strmap *h, const char *key, size_t len);
/* Insert key -> val unless present. Returns the value already stored for the
 * key, -1 if it was inserted, or -2 when out of memory. */
int jm_strmap_put(jm_strmap *h, const char *key, int val);

/* ---- numbers ---------------------------------------------------------- */

/* The one number reader for every numeric cell and INI value.  Accepts
 * [+-]digits[.digits][e[+-]digits] (also .5 and 5.), thousands separators
 * with correct grouping (1,200), full-width digits/period/comma/minus and a
 * leading triangle (U+25B3/U+25B2) as the minus sign of Japanese accounts.
 * Returns NULL and sets *out on success; otherwise a phrase to follow the
 * quoted value, e.g. "is not a number; expected a plain decimal such as
 * 12.5 (...)".  Never misreads: "1,2" is refused, not read as 1 or 12. */
const char *jm_number_parse(const char *s, size_t len, double *out);
/* The same for a share (a fraction of 1): also "15%" (0.15), "12.5％". */
const char *jm_number_parse_share(const char *s, size_t len, double *out);

/* ---- text decoding ---------------------------------------------------- */

/* Turn a file's bytes into UTF-8 text with "\n" line ends: strips a UTF-8
 * BOM, converts UTF-16 (with BOM) and CP932 (Japanese Excel's CSV) with a
 * notice, refuses NUL bytes and invalid UTF-8 with line and column.  On
 * JUTEN_OK *out is malloc'd and NUL-terminated. */
juten_status jm_text_decode(jm_rep *r, const char *path,
                            const unsigned char *raw, size_t len, char **out,
                            size_t *outlen);

/* ---- sha256 ----------------------------------------------------------- */

void jm_sha256_hex(const void *data, size_t len, char hex[65]);

/* ---- CSV records ------------------------------------------------------ */

typedef struct jm_record {
    int n;                   /* number of fields */
    const char *const *f;    /* field texts, NUL-terminated, unquoted */
    const size_t *len;       /* their lengths in bytes */
    int line;                /* physical line where the record starts */
    size_t off;              /* byte offset of that line in the text */
    char delim;              /* ',' or, for tab-separated text, '\t' */
} jm_record;

/* Called for every record; the first one is the header.  Return false to
 * stop reading (e.g. the header lacks a required column). */
typedef bool (*jm_record_fn)(void *user, const jm_record *rec);

/* Parse UTF-8 CSV text (from jm_text_decode); tab-separated when the
 * header line has tabs and no comma (with a notice).  Blank lines are skipped,
 * and so are lines starting with '#' above the header (for notes such as
 * "figures are illustrative").  Syntax
 * errors and rows whose field count differs from the header's are reported
 * and those rows are not passed on.  Returns JUTEN_OK, JUTEN_ERR_INPUT or
 * JUTEN_ERR_NOMEM. */
juten_status jm_csv_read(jm_rep *r, const char *path, const char *text,
                         size_t len, jm_record_fn fn, void *user);

/* Where field k of the record starting at byte off (on line `line`)
 * begins: its line and 1-based character column (leading blanks skipped),
 * and, if val is not NULL, its unquoted value (cut to valsz).  Used to
 * recompute positions only when an error is reported, so that rows need not
 * store a position per field. */
void jm_csv_locate(const char *text, size_t len, size_t off, int line, int k,
                   char delim, int *fline, int *fcol, char *val, size_t valsz);

/* ---- validation (validate.c), shared by the loader and juten_model_finish */

enum jm_table { JM_T_MEASURE, JM_T_AREA, JM_T_MINISTRY, JM_T_TAG, JM_T_SCENARIO };

enum jm_measure_field {
    JM_F_ID, JM_F_NAME, JM_F_AREA, JM_F_COST, JM_F_RISK, JM_F_SAVING,
    JM_F_MINISTRY, JM_F_MANDATORY, JM_F_REQUIRES, JM_F_GROUP, JM_F_TAGS,
    JM_F_COST_SHARE, JM_F_COST_LO, JM_F_COST_HI, JM_F_RISK_LO, JM_F_RISK_HI,
    JM_F_SAVING_LO, JM_F_SAVING_HI,
    JM_F_NCOLS, /* fields above are CSV columns; below, other origins */
    JM_F_FORCE = JM_F_NCOLS
};
enum jm_area_field {
    JM_A_ID, JM_A_NAME, JM_A_WEIGHT, JM_A_MIN_SHARE, JM_A_MAX_SHARE,
    JM_A_MIN_SPEND, JM_A_MAX_SPEND, JM_A_NCOLS
};
enum jm_ministry_field { JM_K_ID, JM_K_NAME, JM_K_CEILING, JM_K_NCOLS };
enum jm_tag_field { JM_G_ID, JM_G_MINIMUM };
enum jm_scenario_field { JM_S_HEADROOM, JM_S_SAVINGS_RATE };

/* CSV column names, indexed by the enums above (columns.c). */
extern const char *const jm_measure_cols[JM_F_NCOLS];
extern const char *const jm_area_cols[JM_A_NCOLS];
extern const char *const jm_ministry_cols[JM_K_NCOLS];

/* The sane range of every number (README "Input files"): amounts of money
 * and risk reductions up to 1e12 in absolute value (a trillion: a budget
 * in 円 or in 億円 is far below), weights and the savings rate up to 1e6,
 * and any value that is not 0 at least 1e-9 in absolute value (so no
 * subnormals).  1e308 would make the totals infinite and 5e-324 breaks the
 * LP solver's scaling. */
#define JM_MAX_AMOUNT 1e12
#define JM_MAX_FACTOR 1e6
#define JM_TINY 1e-9

/* Where a value came from, for messages. */
typedef struct jm_where {
    const char *file;
    int line, col;
    char what[256]; /* e.g. `column "cost"` or `[weights] key "economy"` */
    char text[112]; /* the value as written in the file */
} jm_where;

/* The loader tells the validation pass where each value came from and which
 * values it has already reported (so one mistake gives one message). */
typedef struct jm_locator {
    void *user;
    bool (*bad)(void *user, int table, int row, int field);
    bool (*where)(void *user, int table, int row, int field, jm_where *w);
} jm_locator;

/* Check everything juten_model_finish() promises, fill the default ranges
 * and build the id index.  loc may be NULL (models built in code). */
juten_status jm_model_check(juten_model *m, juten_diags *d,
                            const jm_locator *loc);

/* Append an input file record (role, path, sha256 of the bytes). */
bool jm_model_add_file(juten_model *m, const char *role, const char *path,
                       const void *data, size_t len);

/* ---- reading files ---------------------------------------------------- */

/* Read a whole file, record its sha256 in m->files under role, and decode
 * it.  JUTEN_ERR_NOFILE (reported at `from`) when it cannot be read. */
juten_status jm_input_read(jm_rep *r, juten_model *m, const char *role,
                           const char *path, jm_pos from, char **text,
                           size_t *len);

/* The largest input file read (256 MiB): a budget round is kilobytes to
 * megabytes, and a device such as /dev/zero must not be read until memory
 * runs out. */
#define JM_INPUT_MAX (256 << 20)

/* Why a file was not read: beyond the errno values, these. */
enum {
    JM_READ_TOO_BIG = -1, /* larger than JM_INPUT_MAX */
    JM_READ_DIR = -2,     /* a directory */
    JM_READ_CHR = -3,     /* a character device (/dev/zero) */
    JM_READ_BLK = -4,     /* a block device */
    JM_READ_SOCK = -5,    /* a socket */
    JM_READ_SPECIAL = -6  /* anything else that is not a regular file or FIFO */
};

/* Read a file's bytes: a regular file or a FIFO (read until its writer
 * closes it), at most JM_INPUT_MAX bytes.  Returns 0, an errno value
 * (ENOMEM: out of memory) or one of the JM_READ_ codes. */
int jm_file_read(const char *path, unsigned char **data, size_t *len);

/* dir of `base` joined with rel (rel returned as is when absolute or when
 * base has no directory part).  malloc'd; NULL when out of memory. */
char *jm_path_join(const char *base, const char *rel);

/* ---- the scenario file: one file (scenario.c), its base chain
 * (scenario_chain.c) ---------------------------------------------------- */

typedef struct jm_kv {       /* a number set in a scenario file */
    char *key;
    char *text;              /* the value as written */
    double value;
    jm_pos kpos, vpos;       /* of the key and of the value */
} jm_kv;

typedef struct jm_colmap {  /* a [columns] line: a header read as a field */
    char *key;               /* canonical: "id", "name" or "measures.cost" */
    char *header;            /* the header text as written */
    unsigned tables;         /* bit t set: applies to CSV table t */
    int field;               /* the field (the same index in each table) */
    jm_pos kpos, vpos;
    bool used;               /* set when a header matched it */
} jm_colmap;

typedef struct jm_force_item {
    char *id;
    int sign;                /* +1 include, -1 exclude */
    jm_pos pos;
} jm_force_item;

/* The [scenario] keys (scenario.c names them in this order). */
enum jm_scenario_key { JM_SK_NAME, JM_SK_MEASURES, JM_SK_AREAS, JM_SK_MINISTRIES, JM_SK_CURRENCY,
                       JM_SK_HEADROOM, JM_SK_SAVINGS_RATE, JM_SK_BASE, JM_SK_N };

/* One [scenario] key as set in one file. */
typedef struct jm_setting {
    bool set;
    char *value;  /* as written; for paths, resolved against the file */
    double num;   /* for headroom and savings_rate */
    bool num_ok;
    jm_pos pos;   /* of the value */
} jm_setting;

/* What one file says, before it is merged with its base. */
typedef struct jm_layer {
    const char *file;      /* owned by the scenario's file list */
    int section_line;      /* first [scenario] header, 0 if none */
    jm_setting s[JM_SK_N];
    jm_kv *weights;
    int n_weights;
    jm_kv *minimums;
    int n_minimums;
    jm_kv *uncertainty;    /* [uncertainty], values as text */
    int n_uncertainty;
    bool has_uncertainty;  /* the file has an [uncertainty] header */
    jm_force_item *force;
    int n_force, force_cap;
    jm_colmap *columns;
    int n_columns;
} jm_layer;

/* Read one scenario file's text (ly zeroed by the caller, ly->file set)
 * into ly; every mistake is reported at its line and column.  Returns
 * JUTEN_ERR_NOMEM or JUTEN_OK (check r->errors).  scenario.c. */
juten_status jm_layer_parse(jm_rep *r, jm_layer *ly, const char *text, size_t len);
void jm_layer_free(jm_layer *ly);
/* Free n of them and the array (a layer's or a merged scenario's). */
void jm_kvs_free(jm_kv *kv, int n);
void jm_forces_free(jm_force_item *f, int n);
void jm_colmaps_free(jm_colmap *cm, int n);

/* A scenario with its base chain merged.  jm_pos.file pointers point into
 * `files`, which lives as long as the scenario. */
typedef struct jm_scenario {
    char **files;            /* the chain, top file first */
    int n_files;
    char *name, *currency;   /* NULL: not given */
    char *measures, *areas, *ministries; /* resolved paths; NULL: not given */
    jm_pos measures_pos, areas_pos, ministries_pos;
    jm_kv headroom, savings_rate;
    bool has_headroom, has_savings_rate;
    jm_kv *weights;
    int n_weights;
    jm_kv *minimums;
    int n_minimums;
    jm_kv *uncertainty;      /* [uncertainty], merged key by key */
    int n_uncertainty;
    bool has_uncertainty;    /* some file of the chain has the section */
    jm_force_item *force;    /* includes and excludes, in file order */
    int n_force;
    jm_colmap *columns;      /* [columns], merged key by key */
    int n_columns;
} jm_scenario;

/* Parse the scenario at path (text already decoded and recorded) and its
 * base chain into *sc (zeroed by the caller); scenario_chain.c.  Errors are reported; returns
 * JUTEN_ERR_NOFILE when a base is missing, JUTEN_ERR_NOMEM, else JUTEN_OK
 * (check r->errors). */
juten_status jm_scenario_load(jm_rep *r, juten_model *m, const char *path,
                              const char *text, size_t len, jm_scenario *sc);
void jm_scenario_free(jm_scenario *sc);

/* The merged [uncertainty] keys into m->uncertainty, checked (and the
 * measures' lows checked against a lognormal); uncertainty.c. */
void jm_uncertainty_apply(jm_rep *r, juten_model *m, const jm_scenario *sc,
                          const char *measures_path);

/* ---- the loader's state (load.c, columns.c, tables.c) -------------------- */

enum { JM_NTABLES = 3 }; /* measures, areas, ministries: the CSV tables */

typedef struct jm_load {
    jm_rep *r;
    juten_model *m;
    jm_scenario sc;
    bool direct;            /* a measures CSV given without a scenario */
    bool have_ministries;   /* a ministries file was named */
    bool failed[JM_NTABLES];/* table unreadable or empty: do not cascade */

    /* the decoded files, kept to recompute positions for messages */
    const char *path[JM_NTABLES];
    char *text[JM_NTABLES];
    size_t len[JM_NTABLES];
    bool header_done[JM_NTABLES];
    char delim[JM_NTABLES];          /* ',' or '\t' (tab-separated text) */
    char *hdr[JM_NTABLES][JM_F_NCOLS]; /* header as written, if not the English name */
    int header_line[JM_NTABLES];
    int col[JM_NTABLES][JM_F_NCOLS]; /* field -> CSV column, -1 absent */

    /* per row: where its record starts, and which fields were reported */
    size_t *off[JM_NTABLES];
    int *line[JM_NTABLES];
    uint32_t *bad[JM_NTABLES];
    int cap[JM_NTABLES];

    jm_strmap ids[JM_NTABLES], groups, tags;
    int group_cap, tag_cap;

    /* `requires` cells, resolved once every id is known */
    char *req;
    size_t req_len, req_cap;
    size_t *req_off;        /* per measure; SIZE_MAX: none */

    int *area_weight;       /* per area: index into sc.weights, or -1 */
    int *tag_minimum;       /* per tag: index into sc.minimums, or -1 */
    int *force_item;        /* per measure: index into sc.force, or -1 */
    int suggest_left;       /* did-you-mean searches left (each scans a table) */
    bool nomem;
} jm_load;

/* Per CSV table: its number of columns and their names (columns.c). */
extern const int jm_table_ncols[JM_NTABLES];
extern const char *const *const jm_table_cols[JM_NTABLES];
/* The header row of table t: which CSV column holds which field (L->col),
 * the header as written (L->hdr); unknown, missing and doubled columns are
 * reported.  false: the rows cannot be read (L->failed set) or out of
 * memory (L->nomem).  columns.c. */
bool jm_table_header(jm_load *L, int t, const jm_record *rec);
/* s[0..n) as a new string; NULL (and L->nomem) when out of memory. */
char *jm_load_strndup(jm_load *L, const char *s, size_t n);

/* Read one CSV table (already in L->text[t]) into the model (tables.c). */
juten_status jm_table_read(jm_load *L, int table);
/* " (did you mean \"x\"?)" for the id of table t (JM_T_MEASURE, _AREA,
 * _MINISTRY or _TAG, as loaded so far) closest to s[0..n), or "" when none
 * is close.  For messages: "... is not an area id%s; expected ...". */
void jm_did_you_mean(jm_load *L, int t, const char *s, size_t n, char *buf, size_t bufsz);
/* `column "cost"`, or `column "要求額" (cost)` when the header was not the
 * English name, for messages about a cell. */
void jm_col_label(const jm_load *L, int t, int f, char *buf, size_t n);
/* Report an error about field `field` of row `row` of table t, at its
 * position, prefixed with its jm_col_label; marks the field reported. */
void jm_field_error(jm_load *L, int t, int row, int field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif
