/* A scanner for the Python literal subset numpy writes in .npy headers.
 *
 * It recognises what ast.literal_eval would accept in the positions that
 * matter (strings with prefixes, escapes and implicit concatenation; ints in
 * every base; floats; True/False/None; tuples, lists, dicts, sets) and never
 * evaluates anything. Values are not materialised: a LitValue is a kind plus
 * a source span, and containers are walked again with litNextItem when their
 * contents matter. Pure C, no Redis dependency. */
#ifndef NPY_LITERAL_H
#define NPY_LITERAL_H

#include <stddef.h>
#include <stdint.h>

/* CPython's parser refuses deeper bracket nesting than this. */
#define LIT_MAX_DEPTH 200

typedef enum {
    LIT_STR,
    LIT_BYTES,
    LIT_INT,
    LIT_FLOAT,
    LIT_COMPLEX,
    LIT_BOOL,
    LIT_NONE,
    LIT_TUPLE,
    LIT_LIST,
    LIT_DICT,
    LIT_SET
} LitKind;

typedef struct {
    LitKind kind;
    size_t start; /* source span [start, end), redundant parentheses excluded */
    size_t end;
    /* LIT_INT: magnitude (saturated when too_big), sign. LIT_BOOL: magnitude 0/1. */
    uint64_t magnitude;
    int negative;
    int too_big;
} LitValue;

typedef struct {
    const unsigned char *text;
    size_t len;
    size_t pos;
    int utf8;          /* text is UTF-8 (v3 headers); otherwise latin-1 */
    int python2_longs; /* accept Python 2's 123L, as numpy does for v1/v2 headers */
    int depth;
    char *err; /* message buffer, filled on the first error */
    size_t errcap;
} LitParser;

void litInit(LitParser *p, const unsigned char *text, size_t len, int utf8, char *err, size_t errcap);

/* Parses one value at p->pos (leading whitespace skipped), checking the syntax
 * of everything inside it. Returns 0, or -1 with p->err set. */
int litParseValue(LitParser *p, LitValue *out);

/* Skips whitespace, comments and line continuations. */
void litSkipSpace(LitParser *p);

/* Positions p at the first item of a container value. */
void litEnter(LitParser *p, const LitValue *container);

/* Reads the next item of the container entered with litEnter (for dicts, call
 * it twice per entry: key, then value). Returns 1 with an item, 0 at the
 * closing bracket, -1 on error. */
int litNextItem(LitParser *p, LitValue *item);

/* Number of items in a tuple/list/set (entries for a dict), or -1 on error. */
long litCountItems(LitParser *p, const LitValue *container);

/* Decodes a LIT_STR value (all concatenated pieces) into UTF-8. out must hold
 * litDecodedBound(v) bytes. Returns the decoded length. */
size_t litDecodedBound(const LitValue *v);
size_t litDecodeString(const LitParser *p, const LitValue *v, char *out);

/* Copies a printable, truncated rendering of the value's source text into out
 * (for error messages). */
void litQuote(const LitParser *p, const LitValue *v, char *out, size_t outcap);

const char *litKindName(LitKind kind);

/* Formats an error into p->err (first error wins) and returns -1. */
int litFail(LitParser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
