/* .npy payload validation: see npy_validate.h. */
#include "npy_validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "npy_canonical.h"
#include "npy_descr.h"
#include "npy_literal.h"

static const unsigned char MAGIC[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

typedef struct {
    char *err;
    size_t errcap;
} Errors;

static int fail(Errors *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(Errors *e, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->err, e->errcap, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---------- preamble ---------- */

/* "0x89 0x50 ...": the first n bytes (n <= 6) as hex, for error messages. */
static void showBytes(const unsigned char *buf, size_t n, char out[64]) {
    out[0] = '\0';
    for (size_t i = 0, at = 0; i < n; i++) at += (size_t)snprintf(out + at, 64 - at, "%s0x%02x", i ? " " : "", buf[i]);
}

static int checkMagic(const unsigned char *buf, size_t len, Errors *e) {
    size_t n = len < sizeof(MAGIC) ? len : sizeof(MAGIC);
    if (memcmp(buf, MAGIC, n) == 0) return 0;
    char shown[64];
    showBytes(buf, n, shown);
    return fail(e, "not a .npy file: magic is %s, expected 0x93 'NUMPY'", shown);
}

static size_t preambleSize(int major) {
    return major == 1 ? 10 : 12;
}

static int checkPreamble(const unsigned char *buf, size_t len, NpyInfo *info, Errors *e) {
    if (checkMagic(buf, len, e) < 0) return -1;
    if (len < 8) return fail(e, "payload is %zu bytes, shorter than the 8-byte preamble (magic and version)", len);
    info->major = buf[6];
    info->minor = buf[7];
    if (info->minor != 0 || info->major < 1 || info->major > 3)
        return fail(e, "unsupported version %d.%d (numpy writes 1.0, 2.0 and 3.0)", info->major, info->minor);
    size_t need = preambleSize(info->major);
    if (len < need)
        return fail(e, "a version %d.0 preamble is %zu bytes but the payload has only %zu", info->major, need, len);
    return 0;
}

static uint64_t headerLength(const unsigned char *buf, int major) {
    if (major == 1) return (uint64_t)buf[8] | (uint64_t)buf[9] << 8;
    return (uint64_t)buf[8] | (uint64_t)buf[9] << 8 | (uint64_t)buf[10] << 16 | (uint64_t)buf[11] << 24;
}

static int checkHeaderLength(size_t len, uint64_t hlen, size_t pre, Errors *e) {
    int past_end = hlen > len - pre;
    if (hlen > NPY_MAX_HEADER_BYTES)
        return fail(e, "header is %llu bytes, more than the %u-byte limit%s", (unsigned long long)hlen,
                    NPY_MAX_HEADER_BYTES, past_end ? " (and the header length runs past the end of the payload)" : "");
    if (past_end)
        return fail(e, "header length is %llu bytes but only %zu bytes follow the %zu-byte preamble",
                    (unsigned long long)hlen, len - pre, pre);
    return 0;
}

/* Length of the valid UTF-8 sequence at s (n bytes available), 0 if invalid. */
static size_t utf8SequenceLength(const unsigned char *s, size_t n) {
    static const uint32_t min_cp[] = {0, 0x80, 0x800, 0x10000};
    unsigned c = s[0];
    size_t extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 4;
    if (extra == 4 || extra >= n) return 0;
    uint32_t cp = extra == 0 ? c : c & (0x3Fu >> extra);
    for (size_t k = 1; k <= extra; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (s[k] & 0x3F);
    }
    if (cp < min_cp[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return extra + 1;
}

/* v3 headers are UTF-8 (Python decodes them strictly). */
static int checkUtf8(const unsigned char *s, size_t n, Errors *e) {
    for (size_t i = 0; i < n;) {
        size_t step = utf8SequenceLength(s + i, n - i);
        if (step == 0)
            return fail(e, "a version 3.0 header must be UTF-8, but the byte at header offset %zu is not valid UTF-8",
                        i);
        i += step;
    }
    return 0;
}

/* ---------- header dict ---------- */

typedef struct {
    LitValue descr, fortran_order, shape;
    int has_descr, has_fortran_order, has_shape;
} HeaderFields;

/* The value of a dict entry: scanned, or taken from a known descr span. */
static int readDictValue(LitParser *p, const NpyDescrSummary *known, size_t known_start, LitValue *value) {
    litSkipSpace(p);
    if (known == NULL || p->pos != known_start) return litParseValue(p, value);
    memset(value, 0, sizeof(*value));
    value->kind = p->text[p->pos] == '[' ? LIT_LIST : LIT_STR;
    value->start = p->pos;
    value->end = p->pos + known->length;
    p->pos = value->end;
    return 0;
}

/* Later duplicates win, as in a Python dict display. */
static int assignField(LitParser *p, const LitValue *key, const LitValue *value, HeaderFields *f) {
    char name[40];
    size_t n = 0;
    if (key->kind == LIT_STR && key->end - key->start <= 16) n = litDecodeString(p, key, name);
    if (n == 5 && memcmp(name, "descr", 5) == 0) {
        f->descr = *value;
        f->has_descr = 1;
        return 0;
    }
    if (n == 13 && memcmp(name, "fortran_order", 13) == 0) {
        f->fortran_order = *value;
        f->has_fortran_order = 1;
        return 0;
    }
    if (n == 5 && memcmp(name, "shape", 5) == 0) {
        f->shape = *value;
        f->has_shape = 1;
        return 0;
    }
    char quoted[96];
    litQuote(p, key, quoted, sizeof(quoted));
    return litFail(p, "unexpected key %s in the header (only 'descr', 'fortran_order' and 'shape' are allowed)",
                   quoted);
}

/* Refuses a header whose top-level literal is not a dict, naming what it is. */
static int refuseNonDict(LitParser *p) {
    LitValue v;
    if (litParseValue(p, &v) < 0) return -1;
    litSkipSpace(p);
    if (p->pos < p->len && p->text[p->pos] == ',') return litFail(p, "header is a tuple literal, not a dict literal");
    return litFail(p, "header is %s literal, not a dict literal", litKindName(v.kind));
}

/* After the closing brace only whitespace (and comments) may follow. */
static int checkNothingAfterDict(LitParser *p) {
    litSkipSpace(p);
    if (p->pos == p->len) return 0;
    if (p->text[p->pos] == ',') return litFail(p, "header is a tuple literal, not a dict literal");
    return litFail(p, "header is not a single Python literal: unexpected text at offset %zu", p->pos);
}

/* One pass over the dict: each key and value is scanned once, syntax included
 * (except a known descr, validated when the value was stored). */
static int readDict(LitParser *p, HeaderFields *f, const NpyDescrSummary *known, size_t known_start) {
    LitValue key, value;
    memset(f, 0, sizeof(*f));
    litSkipSpace(p);
    if (p->pos >= p->len || p->text[p->pos] != '{') return refuseNonDict(p);
    p->pos++;
    for (;;) {
        litSkipSpace(p);
        if (p->pos < p->len && p->text[p->pos] == '}') break;
        if (litParseValue(p, &key) < 0) return -1;
        litSkipSpace(p);
        if (p->pos >= p->len || p->text[p->pos] != ':')
            return litFail(p, "header is not a dict literal: expected ':' at offset %zu", p->pos);
        p->pos++;
        if (readDictValue(p, known, known_start, &value) < 0 || assignField(p, &key, &value, f) < 0) return -1;
        litSkipSpace(p);
        if (p->pos < p->len && p->text[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->text[p->pos] == '}') break;
        return litFail(p, "header is not a Python literal: expected ',' or '}' at offset %zu", p->pos);
    }
    p->pos++;
    if (checkNothingAfterDict(p) < 0) return -1;
    if (!f->has_descr) return litFail(p, "missing key 'descr' in the header");
    if (!f->has_fortran_order) return litFail(p, "missing key 'fortran_order' in the header");
    if (!f->has_shape) return litFail(p, "missing key 'shape' in the header");
    return 0;
}

static int readFortranOrder(LitParser *p, const LitValue *v, NpyInfo *info) {
    if (v->kind != LIT_BOOL) {
        char quoted[96];
        litQuote(p, v, quoted, sizeof(quoted));
        return litFail(p, "fortran_order is %s (%s), not True or False", litKindName(v->kind), quoted);
    }
    info->fortran_order = (int)v->magnitude;
    return 0;
}

static int readShape(LitParser *p, const LitValue *v, NpyInfo *info) {
    LitValue item;
    int r;
    if (v->kind != LIT_TUPLE)
        return litFail(p, "shape is %s, not a tuple of non-negative integers", litKindName(v->kind));
    info->ndim = 0;
    litEnter(p, v);
    while ((r = litNextItem(p, &item)) == 1) {
        uint64_t dim = 1;
        if (info->ndim == NPY_MAX_DIMS) return litFail(p, "shape has more than %d dimensions", NPY_MAX_DIMS);
        if (item.kind != LIT_INT) {
            char quoted[96];
            litQuote(p, &item, quoted, sizeof(quoted));
            return litFail(p, "shape[%d] is %s (%s), not a non-negative integer", info->ndim, litKindName(item.kind),
                           quoted);
        }
        if (npyShapeProduct(p, &item, "shape", &dim) < 0) return -1;
        info->shape[info->ndim++] = dim;
    }
    return r;
}

/* The descr's size: measured, or as the stored value's summary says. */
static int descrSize(LitParser *p, const LitValue *descr, const NpyDescrSummary *known, NpyDtypeSize *dt) {
    if (known == NULL) return npyMeasureDescr(p, descr, dt);
    dt->itemsize = known->itemsize;
    dt->holds_objects = known->holds_objects;
    return 0;
}

static int readHeader(const unsigned char *header, size_t hlen, NpyInfo *info, const NpyDescrSummary *known,
                      Errors *e) {
    LitParser p;
    HeaderFields f;
    NpyDtypeSize dt;
    size_t known_start = known ? known->offset - info->header.offset : 0;
    /* The padding after the dict is whitespace: parse up to it. */
    litInit(&p, header, info->header.length, info->major == 3, e->err, e->errcap);
    if (readDict(&p, &f, known, known_start) < 0) return -1;
    if (descrSize(&p, &f.descr, known, &dt) < 0) return -1;
    if (readFortranOrder(&p, &f.fortran_order, info) < 0) return -1;
    if (readShape(&p, &f.shape, info) < 0) return -1;
    info->itemsize = dt.itemsize;
    info->holds_objects = dt.holds_objects;
    info->descr.offset = info->data_offset - hlen + f.descr.start;
    info->descr.length = f.descr.end - f.descr.start;
    return 0;
}

/* Element count and data size. Like numpy, zero dimensions do not excuse
 * the others: the product of the non-zero ones times the item size must fit
 * in 2**63-1 bytes. */
static int computeTotals(NpyInfo *info, Errors *e) {
    uint64_t bytes = info->itemsize ? info->itemsize : 1, count = 1;
    for (int i = 0; i < info->ndim; i++) {
        uint64_t dim = info->shape[i];
        count *= dim;
        if (dim == 0) continue;
        if (bytes > NPY_SIZE_LIMIT / dim)
            return fail(e, "shape's dimension %d (%llu) makes the array larger than 2**63-1 bytes (overflow)", i,
                        (unsigned long long)dim);
        bytes *= dim;
    }
    info->count = count;
    info->data_bytes = count * info->itemsize;
    return 0;
}

static int isPadding(unsigned char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static size_t trimmedLength(const unsigned char *s, size_t n) {
    /* numpy ends the header with a newline after the spaces that pad it:
     * past the newline, the spaces go 8 at a time (one byte at a time they
     * cost half of a small NP.SET's header check). */
    if (n > 0 && s[n - 1] == '\n') n--;
    while (n >= 8 && memcmp(s + n - 8, "        ", 8) == 0) n -= 8;
    while (n > 0 && isPadding(s[n - 1])) n--;
    return n;
}

static int validate(const unsigned char *buf, size_t len, NpyInfo *info, char *err, size_t errcap, int fast_path,
                    const NpyDescrSummary *known) {
    Errors e = {err, errcap};
    memset(info, 0, sizeof(*info));
    if (errcap) err[0] = '\0';
    if (checkPreamble(buf, len, info, &e) < 0) return -1;
    size_t pre = preambleSize(info->major);
    uint64_t hlen = headerLength(buf, info->major);
    if (checkHeaderLength(len, hlen, pre, &e) < 0) return -1;
    const unsigned char *header = buf + pre;
    info->data_offset = pre + hlen;
    if (info->major == 3 && known == NULL && checkUtf8(header, hlen, &e) < 0) return -1;
    info->header.offset = pre;
    info->header.length = trimmedLength(header, hlen);
    int canonical = fast_path && npyReadCanonicalHeader(header, info->header.length, pre, info);
    if (!canonical && readHeader(header, hlen, info, known, &e) < 0) return -1;
    if (computeTotals(info, &e) < 0) return -1;
    return npyCheckDataLength(info->data_bytes, info->holds_objects, len - info->data_offset, err, errcap);
}

int npyCheckDataLength(uint64_t data_bytes, int holds_objects, uint64_t available, char *err, size_t errcap) {
    if (holds_objects || available >= data_bytes) return 0;
    Errors e = {err, errcap};
    return fail(&e, "header declares %llu data bytes but %llu follow", (unsigned long long)data_bytes,
                (unsigned long long)available);
}

int npyValidate(const unsigned char *buf, size_t len, NpyInfo *info, char *err, size_t errcap) {
    return validate(buf, len, info, err, errcap, 1, NULL);
}

int npyValidateWithoutFastPath(const unsigned char *buf, size_t len, NpyInfo *info, char *err, size_t errcap) {
    return validate(buf, len, info, err, errcap, 0, NULL);
}

int npyReadStoredHeader(const unsigned char *buf, size_t len, const NpyDescrSummary *descr, NpyInfo *info, char *err,
                        size_t errcap) {
    return validate(buf, len, info, err, errcap, 1, descr);
}

NpyDescrSummary npyDescrSummary(const NpyInfo *info) {
    NpyDescrSummary s;
    s.offset = (uint32_t)info->descr.offset;
    s.length = (uint32_t)info->descr.length;
    s.itemsize = info->itemsize;
    s.holds_objects = (uint64_t)(info->holds_objects != 0);
    return s;
}
