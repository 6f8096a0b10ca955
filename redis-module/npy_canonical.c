/* Canonical numpy header fast path: see npy_canonical.h. */
#include "npy_canonical.h"

#include <string.h>

#include "npy_descr.h"

/* Longest plain type string taken here, e.g. '<M8[10ms]'. */
#define CANONICAL_TYPESTR_MAX 24

typedef struct {
    const unsigned char *text;
    size_t len, pos;
} Cursor;

static int take(Cursor *c, const char *literal, size_t n) {
    if (c->len - c->pos < n || memcmp(c->text + c->pos, literal, n) != 0) return 0;
    c->pos += n;
    return 1;
}

#define TAKE(c, literal) take((c), (literal), sizeof(literal) - 1)

static int isTypeChar(unsigned char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '<' || ch == '>' ||
           ch == '|' || ch == '=' || ch == '[' || ch == ']';
}

static int readTypeString(Cursor *c, NpyInfo *info, size_t header_offset) {
    size_t start = c->pos;
    while (c->pos < c->len && c->pos - start <= CANONICAL_TYPESTR_MAX && isTypeChar(c->text[c->pos])) c->pos++;
    if (c->pos >= c->len || c->text[c->pos] != '\'') return 0;
    NpyDtypeSize size;
    if (npyTypeStringSize((const char *)c->text + start, c->pos - start, &size) != NULL) return 0;
    info->itemsize = size.itemsize;
    info->holds_objects = size.holds_objects;
    info->descr.offset = header_offset + start - 1; /* include the quotes */
    info->descr.length = c->pos - start + 2;
    c->pos++;
    return 1;
}

/* A decimal without leading zeros that fits in 2**63-1. */
static int readDimension(Cursor *c, uint64_t *dim) {
    size_t start = c->pos;
    uint64_t v = 0;
    while (c->pos < c->len && c->text[c->pos] >= '0' && c->text[c->pos] <= '9') {
        if (v > (NPY_SIZE_LIMIT - 9) / 10) return 0;
        v = v * 10 + (uint64_t)(c->text[c->pos++] - '0');
    }
    if (c->pos == start || (c->text[start] == '0' && c->pos - start > 1)) return 0;
    *dim = v;
    return 1;
}

/* "()", "(n,)" or "(a, b, ...)" */
static int readShape(Cursor *c, NpyInfo *info) {
    info->ndim = 0;
    if (TAKE(c, ")")) return 1;
    for (;;) {
        if (info->ndim == NPY_MAX_DIMS || !readDimension(c, &info->shape[info->ndim])) return 0;
        info->ndim++;
        if (TAKE(c, ")")) return info->ndim > 1;
        if (!TAKE(c, ",")) return 0;
        if (TAKE(c, ")")) return info->ndim == 1;
        if (!TAKE(c, " ")) return 0;
    }
}

int npyReadCanonicalHeader(const unsigned char *header, size_t len, size_t header_offset, NpyInfo *info) {
    Cursor c = {header, len, 0};
    if (!TAKE(&c, "{'descr': '") || !readTypeString(&c, info, header_offset)) return 0;
    if (!TAKE(&c, ", 'fortran_order': ")) return 0;
    if (TAKE(&c, "False")) info->fortran_order = 0;
    else if (TAKE(&c, "True")) info->fortran_order = 1;
    else return 0;
    if (!TAKE(&c, ", 'shape': (") || !readShape(&c, info)) return 0;
    return TAKE(&c, ", }") && c.pos == c.len;
}
